'use strict';
// Throughput check: starts the double in a child process and sends a bounded
// number of requests to it over keep-alive connections, then prints req/s.
//
//   node tools/bench/double.js [--requests 6000] [--concurrency 32]
//
// startChild(), request(), inFlight(), median() and table() serve the other bench scripts too.
// Traffic goes to 127.0.0.1 only. A hand-written loop, not autocannon: it also reads the double's
// own CPU time around the burst (/__control/health), which gives the capacity figure, and the other
// scripts time n8n and its request helper, which a load tool cannot drive.

const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const axios = require('axios');

function startChild() {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, '..', 'double', 'server.js'), '--port', '0'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/[^\s]+)/.exec(out);
			if (m) resolve({ child, url: m[1] });
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`double exited with ${code}`)));
	});
}

/** One plain node:http request; resolves with the status once the answer has been read. */
function request(url, { method = 'GET', agent, headers, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, agent, headers }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Runs send(0) … send(count - 1), `concurrency` at a time; returns how many answered with each status. */
async function inFlight(count, concurrency, send) {
	const statuses = {};
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const status = await send(next++);
			statuses[status] = (statuses[status] || 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return statuses;
}

/** A Create User body for new hire `i`, its address starting with `tag`. */
function createUserBody(tag, i) {
	return { user: { email: `${tag}-${i}@example.com`, firstName: 'Bench', lastName: `Hire ${i}` }, groups: [{ id: 'UGR-1234-5678' }], invitation: { status: 'Invited' } };
}

function median(values) {
	return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
}

/** Rows of one shape as a Markdown table, columns padded. */
function table(rows) {
	const headers = Object.keys(rows[0]);
	const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(headers.map((h) => r[h])))].join('\n');
}

/**
 * Sends `requests` requests (a mix of SoftwareOne list/get/create and Bold
 * updates) with `concurrency` in flight.
 * @returns {{requests, ms, rps, cpuMs, capacityRps, statuses}} rps: requests per
 *   wall-clock second; capacityRps: requests per second of the double's own CPU
 *   time, i.e. what one core can sustain whatever else the machine is doing.
 */
async function runBench(opts) {
	const o = opts || {};
	const total = o.requests || 6000;
	const concurrency = o.concurrency || 32;
	const { child, url } = await startChild();
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const s1 = { authorization: 'Bearer s1-valid-token', 'content-type': 'application/json' };
	const bold = { authorization: 'Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df', 'content-type': 'application/json' };
	const users = `${url}/public/v1/accounts/account-users`;
	const one = (i) => {
		switch (i % 4) {
			case 0:
				return request(`${users}?eq(invitation.status,Invited)&limit=10&offset=0`, { agent, headers: s1 });
			case 1:
				return request(`${users}/AUSR-0000-0001?select=+audit`, { agent, headers: s1 });
			case 2:
				return request(users, { method: 'POST', agent, headers: s1, body: JSON.stringify(createUserBody('bench', i)) });
			default:
				return request(`${url}/v2/users/5/invitation`, { method: 'PUT', agent, headers: bold, body: '{"sendEmail":true}' });
		}
	};
	let cpuMs;
	let statuses;
	const started = process.hrtime.bigint();
	try {
		const health = async () => (await axios.get(`${url}/__control/health`, { httpAgent: agent })).data;
		const before = await health();
		statuses = await inFlight(total, concurrency, one);
		const after = await health();
		cpuMs = after.cpuMs - before.cpuMs;
	} finally {
		agent.destroy();
		child.removeAllListeners('exit');
		child.kill('SIGTERM');
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	return {
		requests: total,
		ms: Math.round(ms),
		rps: Math.round((total / ms) * 1000),
		cpuMs: Math.round(cpuMs),
		capacityRps: Math.round((total / cpuMs) * 1000),
		statuses,
	};
}

if (require.main === module) {
	const { commandLine } = require('../cli');
	const flags = commandLine(
		'usage: node tools/bench/double.js [--requests 6000] [--concurrency 32]\nSends that many requests to a fresh API double over keep-alive connections and prints req/s as JSON.',
		{ requests: { type: 'string', default: '6000' }, concurrency: { type: 'string', default: '32' } },
	);
	runBench({ requests: Number(flags.requests), concurrency: Number(flags.concurrency) }).then(
		(r) => process.stdout.write(`${JSON.stringify(r)}\n`),
		(err) => {
			process.stderr.write(`${err.stack}\n`);
			process.exit(1);
		},
	);
}

module.exports = { startChild, request, inFlight, createUserBody, median, table };
