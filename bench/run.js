#!/usr/bin/env node
'use strict';
// npm run bench — this node against n8n's HTTP Request node, in one real n8n, on the same job:
// N Create User items against the local API double, under three conditions (see SCENARIOS).
// It prints figures; it asserts nothing about time. Options: --items N (default 1000), --only a,b,c,
// --repeat R (runs each measurement R times and keeps the median wall time).

const fs = require('node:fs');
const crypto = require('node:crypto');
const { startStack } = require('../test/e2e/harness/stack');
const { invitationNode, webhookWorkflow } = require('../test/e2e/harness/workflows');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
	console.log(`Usage: npm run bench [-- --items N] [-- --only a,b,c] [-- --repeat R]
       node bench/run.js [--items N] [--only a,b,c] [--repeat R]

This node against n8n's HTTP Request node in one real n8n 2.41.1 (installed into the cache on first
use), N Create User items against the local API double, under three conditions:
  a  20 ms latency;  b  0 ms latency (per-item overhead);  c  50 requests/s limit, 429 + Retry-After
Prints figures and writes them to bench/results/latest.md; asserts nothing about time.

  --items N      items per run (default 1000)
  --only a,b,c   which conditions to run (default all three)
  --repeat R     run each measurement R times and keep the median wall time (default 1)
  -h, --help     this text`);
	process.exit(0);
}
const arg = (name, fallback) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? args[at + 1] : fallback;
};
const ITEMS = Number(arg('items', 1000));
const ONLY = arg('only', 'a,b,c').split(',');
const REPEAT = Math.max(1, Number(arg('repeat', 1)));
const CONCURRENCY = 20; // the node's default
const GROUP = 'UGR-1234-5678';

const SCENARIOS = [
	{ key: 'a', title: '(a) 20 ms latency', config: { latencyMs: 20, rateLimit: null } },
	{ key: 'b', title: '(b) 0 ms latency (per-item overhead)', config: { latencyMs: 0, rateLimit: null } },
	{
		key: 'c',
		title: '(c) 50 requests/s limit, 429 + Retry-After',
		config: { latencyMs: 0, rateLimit: { rps: 50, burst: 50 } },
	},
];

/** Makes N distinct new hires from the webhook's {run, n}; the same generator feeds both contenders. */
const GENERATE_ITEMS = `const { run, n } = $input.first().json.body;
return Array.from({ length: n }, (_, i) => ({ json: { email: 'bench-' + run + '-' + i + '@example.com', firstName: 'Bench', lastName: 'Hire ' + i } }));`;

function codeNode() {
	return {
		id: crypto.randomUUID(),
		name: 'New Hires',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: { jsCode: GENERATE_ITEMS },
	};
}

function ourNode(credential, options = {}) {
	return invitationNode({
		name: 'Contender',
		credential,
		position: [440, 0],
		parameters: {
			resource: 'accountUser',
			operation: 'create',
			email: '={{ $json.email }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			groupIds: GROUP,
			simplify: true,
			options,
		},
	});
}

/** The HTTP Request node as a workflow builder sets it up: header credential, JSON body. */
function httpRequestNode(credential, doubleUrl, batching) {
	return {
		id: crypto.randomUUID(),
		name: 'Contender',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [440, 0],
		parameters: {
			method: 'POST',
			url: `${doubleUrl}/public/v1/accounts/account-users`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ user: { email: $json.email, firstName: $json.firstName, lastName: $json.lastName }, groups: [{ id: '${GROUP}' }], invitation: { status: 'Invited' } }) }}`,
			options: batching ? { batching: { batch: { batchSize: 50, batchInterval: 1000 } } } : {},
		},
		credentials: { httpHeaderAuth: { id: credential.id, name: credential.name } },
	};
}

/** Highest resident memory of a process while `work` runs, sampled every 100 ms. */
async function withPeakMemory(pid, work) {
	let peak = 0;
	const sample = () => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = Number((/VmRSS:\s+(\d+)/.exec(status) || [])[1] || 0);
			peak = Math.max(peak, kb);
		} catch {
			/* process gone */
		}
	};
	const timer = setInterval(sample, 100);
	sample();
	try {
		return { result: await work(), peakMb: () => Math.round(peak / 1024) };
	} finally {
		clearInterval(timer);
		sample();
	}
}

function median(values) {
	const sorted = [...values].sort((x, y) => x - y);
	return sorted[Math.floor(sorted.length / 2)];
}

async function measure(stack, workflow, scenario, label) {
	const { client, double } = stack;
	const runs = [];
	for (let r = 0; r < REPEAT; r++) {
		await double.reset();
		await double.config(scenario.config);
		const run = `${scenario.key}-${label.replace(/\W+/g, '')}-${r}-${crypto.randomBytes(3).toString('hex')}`;
		const seen = (await client.executionIds(workflow.id)).map((e) => e.id);
		const started = Date.now();
		const { peakMb } = await withPeakMemory(stack.n8n.pid, () =>
			client.webhook(workflow.webhookPath, { run, n: ITEMS }, { registerWaitMs: 10_000 }),
		);
		const clientMs = Date.now() - started;
		const execution = await client.nextExecution(workflow.id, seen, 300_000);
		const runData = execution.data.resultData.runData.Contender;
		const nodeRun = runData && runData[0];
		const items = (nodeRun && nodeRun.data && nodeRun.data.main && nodeRun.data.main[0]) || [];
		const succeeded = items.filter((item) => item.json && item.json.error === undefined).length;
		const state = await double.state();
		const s1 = state.softwareOne;
		const ours = Object.entries(s1.createsByEmail).filter(([email]) => email.startsWith(`bench-${run}-`));
		const created = ours.reduce((sum, [, n]) => sum + n, 0);
		const posts = Object.entries(s1.postsByEmail)
			.filter(([email]) => email.startsWith(`bench-${run}-`))
			.reduce((sum, [, n]) => sum + n, 0);
		const emailsTwice = Object.values(s1.invitationEmailsByUser).filter((n) => n > 1).length;
		runs.push({
			nodeMs: nodeRun ? nodeRun.executionTime : clientMs,
			clientMs,
			succeeded,
			failed: ITEMS - succeeded,
			created,
			duplicatePosts: Math.max(0, posts - created) + s1.duplicateCreates,
			emailsTwice,
			rateLimited: state.rateLimited,
			error: execution.data.resultData.error ? String(execution.data.resultData.error.message).slice(0, 80) : '',
			peakMb: peakMb(),
		});
	}
	const nodeMs = median(runs.map((x) => x.nodeMs));
	const picked = runs.find((x) => x.nodeMs === nodeMs);
	return { label, ...picked, nodeMs };
}

function floorMs(scenario) {
	if (scenario.config.rateLimit) {
		const { rps, burst } = scenario.config.rateLimit;
		return (Math.max(0, ITEMS - burst) / rps) * 1000;
	}
	return (ITEMS * scenario.config.latencyMs) / CONCURRENCY;
}

function table(rows) {
	const headers = Object.keys(rows[0]);
	const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(headers.map((h) => r[h])))].join('\n');
}

async function main() {
	process.env.E2E_QUIET = process.env.E2E_QUIET || '1';
	console.log(`Benchmark: ${ITEMS} Create User items, this node (concurrency ${CONCURRENCY}) vs the HTTP Request node, in one n8n run`);
	const stack = await startStack({
		major: 2,
		// Bench executions hold 1000 items each; keep n8n's logging out of the measurement.
		env: { N8N_LOG_LEVEL: 'warn' },
	});
	const output = [];
	try {
		const { client } = stack;
		const header = await client.createCredential({
			name: 'Bench header auth',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: 'Bearer s1-valid-token' },
		});
		const contenders = [
			{ label: 'User Invitation node', node: () => ourNode(stack.credentials.softwareOneBearer) },
			{ label: 'HTTP Request node', node: () => httpRequestNode(header, stack.doubleUrl, false) },
			{ label: 'HTTP Request, batching 50/1 s', node: () => httpRequestNode(header, stack.doubleUrl, true), only: ['c'] },
		];
		const workflows = {};
		for (const contender of contenders) {
			const path = `bench-${crypto.randomBytes(4).toString('hex')}`;
			const saved = await client.createActiveWorkflow(
				webhookWorkflow({
					name: `Bench: ${contender.label}`,
					webhookPath: path,
					splitItems: false,
					responseData: 'firstEntryJson',
					nodes: [codeNode(), contender.node()],
				}),
			);
			workflows[contender.label] = { ...saved, webhookPath: path };
		}
		// One warm-up pass so that both contenders run with loaded code and JIT-compiled paths.
		for (const contender of contenders.filter((c) => !c.label.includes('batching'))) {
			await measure(stack, workflows[contender.label], { key: 'w', config: { latencyMs: 0, rateLimit: null } }, 'warm');
		}

		for (const scenario of SCENARIOS.filter((s) => ONLY.includes(s.key))) {
			const rows = [];
			for (const contender of contenders.filter((c) => !c.only || c.only.includes(scenario.key))) {
				process.stderr.write(`  ${scenario.title}: ${contender.label}…\n`);
				rows.push(await measure(stack, workflows[contender.label], scenario, contender.label));
			}
			const reference = rows.find((r) => r.label === 'HTTP Request node');
			const floor = floorMs(scenario);
			const printed = rows.map((r) => ({
				contender: r.label,
				'wall s': (r.nodeMs / 1000).toFixed(2),
				'items/s': Math.round((r.succeeded / r.nodeMs) * 1000),
				'÷ floor': floor > 0 ? (r.nodeMs / floor).toFixed(2) : 'n/a',
				// Only comparable when both finished the whole job.
				'speed vs HTTP Request':
					reference && reference.failed === 0 && r.failed === 0
						? `${(reference.nodeMs / r.nodeMs).toFixed(2)}×`
						: 'n/a',
				failed: r.failed,
				'duplicate creates': r.duplicatePosts,
				'e-mails twice': r.emailsTwice,
				'429s': r.rateLimited,
				'peak MB': r.peakMb,
				'run error': r.error || '-',
			}));
			const block = `${scenario.title} — floor ${(floor / 1000).toFixed(1)} s ${
				scenario.config.rateLimit ? '((N − burst) ÷ rate)' : '(N × latency ÷ concurrency)'
			}\n${table(printed)}`;
			console.log(`\n${block}`);
			output.push(block);
		}
	} finally {
		await stack.stop();
	}
	const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const command = ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' ');
	const report = `Measured ${when} UTC with \`${command}\` (n8n ${stack.version}, ${ITEMS} items, ${REPEAT} run(s) each, median)\n\n${output.join('\n\n')}\n`;
	fs.mkdirSync('bench/results', { recursive: true });
	fs.writeFileSync('bench/results/latest.md', report);
	console.log('\nWritten to bench/results/latest.md');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
