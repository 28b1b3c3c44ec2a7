#!/usr/bin/env node
'use strict';
// npm run demo [-- --open] [-- --port 5678]; works without a TTY (CI=true).
// Why hand-written: the demo is this package's examples run through the e2e harness (tools/n8n).
//
// Builds and packs this node, starts the local API double (SoftwareOne + Bold) and real n8n 2.41.1
// with the package installed as from the Community Nodes screen, imports the workflows in
// examples/, runs them against the double (the MCP example with an MCP client) and prints what happened. With --open, n8n stays up at
// http://127.0.0.1:<port> with the examples and an owner account until Ctrl-C.
// Everything listens on 127.0.0.1; n8n's traffic to any other host is refused (see docs/E2E.md).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Before the harness loads them: a clone without `npm ci` gets a sentence, not a module stack trace.
if (!['typescript', 'axios'].every((name) => fs.existsSync(path.join(__dirname, '..', '..', 'node_modules', name)))) {
	process.stderr.write('Dependencies are missing: run npm ci first.\n');
	process.exit(1);
}
const { N8nClient, cleanupStack, ensureN8nWithProgress, loadExample, packPackage, sleep, startDouble, startStack, DoubleClient } = require('../n8n');
const { commandLine } = require('../cli');

function parseOptions() {
	const flags = commandLine(USAGE, { open: { type: 'boolean', default: false }, port: { type: 'string', default: '5678' } });
	const options = { open: flags.open, port: Number(flags.port) };
	if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error('--port needs a port number');
	return options;
}

const USAGE = `Usage: npm run demo [-- --open] [-- --port 5678]
       node tools/demo/demo.js [--open] [--port 5678]

Builds and packs the node, starts the local API double and real n8n 2.41.1 (installed into
~/.cache/n8n-nodes-user-invitations on first use, with its own Node 24: a few minutes once),
imports the workflows in examples/, runs them and prints what each did. Inputs the examples
refuse on purpose are marked as expected; the last line says whether everything behaved as
intended (exit code 0) or not (exit code 1).

  --open         keep n8n running at http://127.0.0.1:<port> with the examples until Ctrl-C
  --port N       the port for --open (default 5678)
  -h, --help     this text`;

/** What the demo expected and what happened; the closing line sums these up. */
const outcomes = [];
function outcome(asIntended, line) {
	outcomes.push(asIntended);
	say(`  ${asIntended ? '✓' : '✗'} ${line}${asIntended ? '' : ' — NOT what the demo expected'}`);
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => say(`\n▸ ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const options = parseOptions();
	const started = Date.now();
	process.env.E2E_QUIET = '1';
	const cleanups = cleanupStack((what, error) => say(`(stopping ${what}: ${error.message})`));
	const stopAll = () => cleanups.stop();
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			say(`\n${signal}: stopping n8n and the API double…`);
			stopAll().then(() => process.exit(options.open ? 0 : 130));
		});
	}

	try {
		step('Installing n8n 2.41.1 (cached after the first run)');
		const install = await ensureN8nWithProgress(2, { onProgress: (line) => say(`  ${line}`) });
		say(`  ${install.hostDir}`);

		step('Building and packing the node (npm run build and npm pack, in a scratch copy of the sources)');
		let t = Date.now();
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-demo-'));
		cleanups.add('work folder', () => fs.rmSync(workDir, { recursive: true, force: true }));
		const tarball = packPackage(workDir);
		const packMs = Date.now() - t;
		say(`  ${path.basename(tarball)}: ${packMs < 1000 ? 'sources unchanged since the last build, reused' : `built and packed in ${seconds(packMs)}`}`);

		step('Starting the API double and n8n');
		const double = await startDouble();
		cleanups.add('API double', () => double.close());
		say(`  API double (SoftwareOne + Bold) at ${double.url}`);
		t = Date.now();
		const stack = await startStack({
			major: 2,
			tarball,
			doubleUrl: double.url,
			n8nPort: options.open ? options.port : undefined,
			workDir,
		});
		cleanups.add('n8n', () => stack.stop());
		say(`  n8n ${stack.version} at ${stack.n8n.baseUrl} (ready in ${seconds(Date.now() - t)}), package installed in ${stack.n8n.userFolder}/.n8n/nodes`);
		await runExamples(stack, new DoubleClient(double.url));

		const differing = outcomes.filter((ok) => !ok).length;
		say(options.open ? '' : `\nRun "npm run demo -- --open" to keep n8n running and look around.`);
		if (differing === 0) say(`Everything behaved as intended: ${outcomes.length} of ${outcomes.length} outcomes as expected, in ${seconds(Date.now() - started)}.`);
		else {
			say(`NOT everything behaved as intended: ${differing} of ${outcomes.length} outcomes differ from what the demo expected (marked ✗ above).`);
			process.exitCode = 1;
		}
		if (options.open) {
			say(`n8n is running at ${stack.n8n.baseUrl}`);
			say(`  log in as ${stack.owner.email} / ${stack.owner.password}`);
			say('  the five example workflows are imported; their credentials point at the API double');
			say(`  the double's state: ${double.url}/__control/state`);
			say('Press Ctrl-C to stop.');
			await new Promise(() => {});
		}
	} finally {
		if (!options.open) await stopAll();
	}
}

/** examples/<file> saved in this n8n under its own name, its credentials those of the stack (and `more`). */
async function importExample(stack, file, more = {}) {
	const credentials = { 'SoftwareOne (bearer token)': stack.credentials.softwareOneBearer, 'Bold Smart Lock (bearer token)': stack.credentials.boldBearer, ...more };
	const { workflow, webhookPaths } = loadExample(file, { credentials, suffix: 'demo' });
	workflow.name = workflow.name.replace(/ \(demo\)$/, '');
	return { saved: await stack.client.createWorkflow(workflow), webhookPaths };
}

/** Imports the examples, runs each against the double, prints what each did. */
async function runExamples(stack, double) {
	const { client } = stack;
	const imported = {};
	for (const file of ['hr-onboarding.json', 'resend-expired-invitations.json', 'extend-bold-invitation.json', 'invitation-expired-resend.json']) {
		imported[file] = await importExample(stack, file);
		if (Object.keys(imported[file].webhookPaths).length > 0) await client.activateWorkflow(imported[file].saved);
	}

	step('hr-onboarding.json — an HR system posts new hires to a webhook; each becomes an invited SoftwareOne user');
	const hrPath = Object.values(imported['hr-onboarding.json'].webhookPaths)[0];
	// The third hire's address is malformed on purpose: the node must refuse it before any request.
	const hires = [
		{ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace', language: 'en' },
		{ email: 'alan.turing@example.com', firstName: 'Alan', lastName: 'Turing', groupIds: 'UGR-1234-5678, UGR-2345-6789' },
		{ email: 'grace.hopper(at)example.com', firstName: 'Grace', lastName: 'Hopper', refusedOnPurpose: true },
	];
	say(`  POST ${stack.n8n.baseUrl}/webhook/${hrPath}`);
	for (const { refusedOnPurpose, ...hire } of hires) {
		const requestsBefore = (await double.state()).requests.length;
		const answer = await client.webhook(hrPath, hire);
		const sent = (await double.state()).requests.length - requestsBefore;
		if (answer.status === 200) {
			const user = answer.data;
			const line = `${user.email}: created ${user.id}, invitation ${user.invitationStatus}, groups ${user.groupIds.join(', ')}`;
			outcome(!refusedOnPurpose, refusedOnPurpose ? `${line} (a malformed address went through)` : line);
		} else {
			const ids = await client.executionIds(imported['hr-onboarding.json'].saved.id);
			const newest = ids.sort((a, b) => Number(b.id) - Number(a.id))[0];
			const execution = await client.waitForExecution(newest.id);
			const reason = execution.data.resultData.error?.message ?? `HTTP ${answer.status}`;
			if (refusedOnPurpose) {
				const asIntended = sent === 0;
				outcome(
					asIntended,
					asIntended
						? `${hire.email}: refused before any request, as intended — the node says: ${reason} (n8n answers the webhook with HTTP ${answer.status})`
						: `${hire.email}: refused with "${reason}", but only after ${sent} request(s) to the API`,
				);
			} else outcome(false, `${hire.email}: HTTP ${answer.status}, the execution failed with "${reason}"`);
		}
	}

	step('resend-expired-invitations.json — Schedule Trigger → Get Many Users (expired, all) → Resend Invite (auto)');
	await double.seed({
		softwareOneUsers: [
			{ email: 'late.larry@example.com', firstName: 'Larry', lastName: 'Late', status: 'InvitationExpired' },
			{ email: 'busy.bea@example.com', firstName: 'Bea', lastName: 'Busy', status: 'InvitationExpired' },
			{ email: 'pending.pat@example.com', firstName: 'Pat', lastName: 'Pending', status: 'Invited' },
			{ email: 'joined.jo@example.com', firstName: 'Jo', lastName: 'Joined', status: 'Active' },
		],
	});
	const before = await double.state();
	const expiredBefore = before.softwareOne.users.filter((u) => u.status === 'InvitationExpired');
	say(`  the double holds ${before.softwareOne.users.length} users, ${expiredBefore.length} with an expired invitation: ${expiredBefore.map((u) => u.email).join(', ')}`);
	const resendId = imported['resend-expired-invitations.json'].saved.id;
	const execution = await client.waitForExecution(await client.runManually(resendId, 'Every Morning'));
	const resent = N8nClient.nodeItems(execution, 'Resend Invite');
	const after = await double.state();
	const sentNow = Object.entries(after.softwareOne.invitationEmailsByUser).map(([id, count]) => [id, count - (before.softwareOne.invitationEmailsByUser[id] || 0)]);
	const emails = Object.fromEntries(sentNow.filter(([, sent]) => sent));
	const expiredIds = new Set(expiredBefore.map((u) => u.id));
	for (const item of resent) outcome(expiredIds.has(item.json.id), `${item.json.email}: new invitation sent, now ${item.json.invitationStatus}`);
	const untouched = after.softwareOne.users.filter((u) => !emails[u.id]).map((u) => `${u.email} (${u.status})`);
	const exactlyTheExpired = Object.keys(emails).length === expiredIds.size && Object.entries(emails).every(([id, n]) => expiredIds.has(id) && n === 1);
	outcome(exactlyTheExpired, `e-mails the double counted in this run: ${Object.entries(emails).map(([id, n]) => `${id} ×${n}`).join(', ') || 'none'} (one per expired invitation)`);
	say(`    no e-mail to: ${untouched.join(', ')}`);
	const second = await client.waitForExecution(await client.runManually(resendId, 'Every Morning'));
	const afterSecond = await double.state();
	const extra = Object.values(afterSecond.softwareOne.invitationEmailsByUser).reduce((a, b) => a + b, 0) -
		Object.values(after.softwareOne.invitationEmailsByUser).reduce((a, b) => a + b, 0);
	outcome(extra === 0, `ran it again (as the next morning would): ${second.status}, ${extra} e-mails — nobody is expired any more`);

	step('extend-bold-invitation.json — Webhook → Update Invitation (expiry in 14 days at 09:00, Send SMS), workflow time zone Europe/Amsterdam');
	const boldPath = Object.values(imported['extend-bold-invitation.json'].webhookPaths)[0];
	const extended = await client.webhook(boldPath, { userId: 5, phoneNumber: '+31612345678' });
	const boldState = await double.state();
	const lockUser = boldState.bold.users.find((u) => u.id === 5);
	if (extended.status === 200) {
		outcome(true, `Bold user 5: expiration sent as ${extended.data.expiration} (a wall time read in Europe/Amsterdam, offset added)`);
		const sms = boldState.bold.smsByUser[5] || 0;
		outcome(sms === 1, `the double stored expiration ${lockUser.expiration}, phone ${lockUser.phoneNumber}; SMS sent: ${sms}`);
	} else {
		outcome(false, `HTTP ${extended.status}: ${JSON.stringify(extended.data)}`);
	}

	await runTriggerExample(client, double, imported['invitation-expired-resend.json'].saved);
	await runMcpExample(stack);

	step('Counters from the API double');
	const final = await double.state();
	const s1 = final.softwareOne;
	say(`  SoftwareOne: users created ${Object.keys(s1.createsByEmail).length} (${Object.keys(s1.createsByEmail).join(', ')}), duplicate creates ${s1.duplicateCreates}`);
	say(`               invitation e-mails ${Object.values(s1.invitationEmailsByUser).reduce((a, b) => a + b, 0)} in total: ${Object.entries(s1.invitationEmailsByUser).map(([id, n]) => `${id} ×${n}`).join(', ')}`);
	say(`  Bold:        updates ${JSON.stringify(final.bold.updatesByUser)}, SMS ${JSON.stringify(final.bold.smsByUser)}, e-mails ${JSON.stringify(final.bold.emailsByUser)}`);
	say(`  API requests answered: ${final.requests.length}`);
}

/** The trigger's state as n8n stored it with the workflow, once its activation poll has run. */
async function storedTriggerState(client, workflowId, nodeName) {
	for (let waited = 0; waited < 30_000; waited += 250) {
		const { data } = await client.rest('get', `/workflows/${workflowId}`);
		const state = data.data.staticData && data.data.staticData[`node:${nodeName}`];
		if (state && state.users) return state.users;
		await sleep(250);
	}
	throw new Error(`${nodeName} stored no state within 30 s of publishing`);
}

/** invitation-expired-resend.json: publish, let two invitations expire, poll, show the new invitations. */
async function runTriggerExample(client, double, saved) {
	step('invitation-expired-resend.json — User Invitation Trigger (Invitation Expired, hourly) → Resend Invite (Expired: Send New Invitation)');
	const { softwareOneUsers: seeded } = await double.seed({
		softwareOneUsers: [
			{ email: 'slow.sam@example.com', firstName: 'Sam', lastName: 'Slow', status: 'Invited' },
			{ email: 'away.ann@example.com', firstName: 'Ann', lastName: 'Away', status: 'Invited' },
		],
	});
	await client.activateWorkflow(saved);
	const recorded = await storedTriggerState(client, saved.id, 'Invitation Expired');
	say(`  published: n8n polled once and the trigger recorded ${Object.keys(recorded).length} users, starting nothing`);
	for (const user of seeded) await double.expire(user.id);
	say(`  the double lets the invitations of ${seeded.map((u) => u.email).join(' and ')} expire`);
	// The example polls hourly; publishing again makes n8n poll now, with the state it saved.
	const before = await double.state();
	await client.deactivateWorkflow(saved);
	await client.activateWorkflow(saved);
	say('  published again, so n8n polls now instead of at the next full hour');
	const execution = await client.nextExecution(saved.id, [], 30_000);
	for (const item of N8nClient.nodeItems(execution, 'Invitation Expired')) {
		say(`  ✓ event ${item.json.event}: ${item.json.email} (was ${item.json.previousStatus})`);
	}
	const after = await double.state();
	for (const item of N8nClient.nodeItems(execution, 'Resend Invite')) {
		const sent = (after.softwareOne.invitationEmailsByUser[item.json.id] || 0) - (before.softwareOne.invitationEmailsByUser[item.json.id] || 0);
		say(`  ✓ ${item.json.email}: new invitation sent (${sent} e-mail), now ${item.json.invitationStatus}`);
	}
	const listReads = async () => (await double.requests()).filter((r) => r.method === 'GET' && r.path.endsWith('/account-users')).length;
	const readsBefore = await listReads();
	await client.deactivateWorkflow(saved);
	await client.activateWorkflow(saved);
	for (let waited = 0; (await listReads()) === readsBefore && waited < 30_000; waited += 250) {
		await sleep(250);
	}
	await sleep(2000);
	const runs = await client.executionIds(saved.id);
	say(`  published once more: ${runs.length} execution(s) in all — each expiry started the workflow once`);
}

/** Publishes the MCP example and calls two of its tools with the official MCP client, as an agent would. */
async function runMcpExample(stack) {
	const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
	const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
	step('mcp-server-tools.json — MCP Server Trigger (Bearer Auth) → Create User, Resend Invite, Get Many, Update Invitation as tools');
	const token = 'demo-mcp-token'; // n8n listens on 127.0.0.1 only
	const mcpCredential = await stack.client.createCredential({ name: 'MCP clients (bearer token)', type: 'httpBearerAuth', data: { token } });
	const { saved, webhookPaths } = await importExample(stack, 'mcp-server-tools.json', { 'MCP clients (bearer token)': mcpCredential });
	await stack.client.activateWorkflow(saved);
	const url = `${stack.n8n.baseUrl}/mcp/${webhookPaths['MCP Server Trigger']}`;
	let client;
	for (let attempt = 0; ; attempt++) {
		client = new Client({ name: 'n8n-nodes-user-invitations demo', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
			break;
		} catch (error) {
			// The webhook registers a moment after publishing.
			if (attempt >= 50 || !/not registered/i.test(error.message)) throw error;
			await sleep(200);
		}
	}
	try {
		const { tools } = await client.listTools();
		say(`  MCP server ${url} (Authorization: Bearer ${token}) offers: ${tools.map((tool) => tool.name).join(', ')}`);
		const args = { email: 'margaret.hamilton@example.com', firstName: 'Margaret', lastName: 'Hamilton', groupIds: 'UGR-1234-5678' };
		const created = await client.callTool({ name: 'Create_User', arguments: args });
		const [user] = JSON.parse(created.content[0].text);
		outcome(Boolean(user?.id) && !created.isError, `Create_User ${JSON.stringify(args)} → ${user?.id}, invitation ${user?.invitationStatus}`);
		const failed = await client.callTool({ name: 'Resend_Invite', arguments: { userId: 'AUSR-9999-9999' } });
		// An unknown user on purpose: the tool must answer with an error the model can act on.
		outcome(
			failed.isError === true,
			`Resend_Invite {"userId":"AUSR-9999-9999"} → refused, as intended; the model reads: ${failed.content[0].text.split('\n')[0]}`,
		);
	} finally {
		await client.close();
	}
}

main().catch((error) => {
	process.stderr.write(`\nThe demo failed: ${error.message}\n`);
	process.exit(1);
});
