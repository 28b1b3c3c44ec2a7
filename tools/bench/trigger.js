#!/usr/bin/env node
'use strict';
// npm run bench -- --only trigger: what one poll of the User Invitation Trigger costs, today's full read
// (version 1.1, every poll reads every user) beside version 1.2 (pending + new users, a full reconcile
// every 6 h), for accounts of 1,000, 10,000 and 100,000 users with 50 pending invitations. The poll
// function runs in this process (built dist/) against the API double on 127.0.0.1; requests are
// counted where the poll sends them. Prints figures, asserts nothing. Why hand-written: no bench tool
// drives an n8n poll function; this is a loop around it.

const { performance } = require('node:perf_hooks');
const path = require('node:path');
const os = require('node:os');
const { NodeHelpers, deepCopy } = require('n8n-workflow');
const { startDouble } = require('../double/server');
const softwareone = require('../double/softwareone');
const { commandLine } = require('../cli');

const HELP = `Usage: node tools/bench/trigger.js [--sizes 1000,10000,100000] [--pending 50]
(or npm run bench -- --only trigger). Needs npm run build first (it polls with dist/).
For each account size: requests, time and state bytes of the first poll, a quiet poll, a poll with
10 changes (4 accepted, 4 expired, 2 added) and a full reconcile, for today's trigger (version 1.1:
every poll reads every user) and version 1.2, without and with User Removed and Groups Changed (which
keep every user in the state), in one run against the in-process API double.`;

const TOKEN = 's1-valid-token';
const EVENTS = ['invitationAccepted', 'invitationExpired', 'userAdded'];

/** An IPollFunctions that forwards every request to the double and counts it. */
function pollContext(trigger, double, typeVersion, events, staticData, counter) {
	const given = { events, options: { maxUsers: 100000 } };
	const resolved = NodeHelpers.getNodeParameters(trigger.description.properties, given, true, false, { typeVersion }, trigger.description);
	const parameters = { ...resolved, ...given };
	const node = { id: 'bench', name: 'Trigger', type: 'userInvitationTrigger', typeVersion, position: [0, 0], parameters, credentials: { userInvitationBearerTokenApi: { id: 'c1', name: 'S1' } } };
	return {
		getNode: () => node,
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async () => ({ environment: 'softwareOneProduction', token: TOKEN }),
		getNodeParameter: (name, fallback) => (parameters[name] === undefined ? fallback : deepCopy(parameters[name])),
		getWorkflowStaticData: () => staticData,
		helpers: {
			returnJsonArray: (items) => items.map((json) => ({ json })),
			async httpRequestWithAuthentication(type, options) {
				counter.requests++;
				// Only the path and query are kept: every request goes to the double on 127.0.0.1.
				const target = new URL(options.url);
				const res = await fetch(`${double.url}${target.pathname}${target.search}`, { method: options.method || 'GET', headers: { authorization: `Bearer ${TOKEN}` } });
				const text = await res.text();
				return { statusCode: res.status, body: text ? JSON.parse(text) : undefined, headers: { 'content-type': 'application/json' } };
			},
		},
	};
}

async function measure(trigger, double, typeVersion, events, staticData) {
	const counter = { requests: 0 };
	const started = performance.now();
	// A poll that fails (today's trigger above Max Users, at most 100,000) is a figure too.
	const output = await trigger.poll.call(pollContext(trigger, double, typeVersion, events, staticData, counter)).catch((error) => ({ error }));
	const failed = output && output.error ? `fails: ${output.error.message}` : undefined;
	return { requests: counter.requests, ms: performance.now() - started, items: output && !failed ? output[0].length : 0, bytes: JSON.stringify(staticData).length, failed };
}

/** A fresh account: `size` users, `pending` Invited, each created a millisecond after the one before. */
function seedAccount(double, size, pending) {
	double.state.reset();
	const base = Date.now() - size - 60_000;
	return Array.from({ length: size }, (_, n) => {
		const rec = softwareone.seedUser(double.state, { email: `u${n}@example.com`, status: n < pending ? 'Invited' : 'Active' });
		rec.createdAt = rec.updatedAt = base + n;
		return rec;
	});
}

function tenChanges(double, users) {
	for (const rec of users.slice(0, 4)) softwareone.accept(double.state, rec);
	for (const rec of users.slice(4, 8)) softwareone.expire(double.state, rec);
	softwareone.seedUser(double.state, { email: `new-${users.length}-a@example.com`, status: 'Invited' });
	softwareone.seedUser(double.state, { email: `new-${users.length}-b@example.com`, status: 'Active' });
}

async function main(argv) {
	const options = commandLine(HELP, { sizes: { type: 'string', default: '1000,10000,100000' }, pending: { type: 'string', default: '50' } }, { argv });
	const sizes = options.sizes.split(',').map(Number);
	const pending = Number(options.pending);
	process.stdout.write('| users | trigger | first poll | quiet poll | poll with 10 changes | full reconcile | state bytes |\n| ---: | --- | --- | --- | --- | --- | ---: |\n');
	const { UserInvitationTrigger: Trigger } = require(path.join(__dirname, '..', '..', 'dist', 'nodes', 'UserInvitationTrigger', 'UserInvitationTrigger.node.js'));
	const double = await startDouble({ seedDefaults: false });
	const rows = [];
	try {
		for (const size of sizes) {
			for (const [label, typeVersion, events] of [
				['today (1.1, full read)', 1.1, EVENTS],
				['1.2 (6 h reconcile)', 1.2, EVENTS],
				// User Removed and Groups Changed keep every user in the state (packed since state version 5).
				['1.2, + User Removed, Groups Changed', 1.2, [...EVENTS, 'userRemoved', 'groupsChanged']],
			]) {
				const users = seedAccount(double, size, pending);
				const trigger = new Trigger();
				const staticData = {};
				const first = await measure(trigger, double, typeVersion, events, staticData);
				const quiet = await measure(trigger, double, typeVersion, events, staticData);
				tenChanges(double, users);
				const changed = await measure(trigger, double, typeVersion, events, staticData);
				// Version 1.2's next full reconcile, made due now; today's trigger reconciles at every poll.
				if (staticData.version >= 4) staticData.reconcileAt = 0;
				const reconcile = await measure(trigger, double, typeVersion, events, staticData);
				rows.push({ size, label, first, quiet, changed, reconcile });
				const cell = (m) => `${m.requests} req, ${m.ms.toFixed(0)} ms${m.failed ? ` (${m.failed})` : ''}`;
				process.stdout.write(
					`| ${size.toLocaleString('en')} | ${label} | ${cell(first)} | ${cell(quiet)} | ${cell(changed)} (${changed.items} items) | ${cell(reconcile)} | ${reconcile.bytes.toLocaleString('en')} |\n`,
				);
			}
		}
	} finally {
		await double.close();
	}
	process.stdout.write(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}\n`);
	return rows;
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	});
}

module.exports = { main };
