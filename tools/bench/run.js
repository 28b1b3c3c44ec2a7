#!/usr/bin/env node
'use strict';
// npm run bench — this node against n8n's HTTP Request node and against a plain Node.js client, in
// one real n8n, on the same job: N Create User items against the local API double, under the
// conditions in SCENARIOS. It prints figures; it asserts nothing about time. Why hand-written: a load
// tool (autocannon) times HTTP requests; this times n8n executions of whole workflows, side by side.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const { startStack } = require('../n8n/stack');
const { invitationNode, webhookWorkflow } = require('../n8n/workflows');
const { commandLine } = require('../cli');
const { request, inFlight, createUserBody, median, table } = require('./double');

const HELP = `Usage: npm run bench -- [--items N] [--slow-items M] [--only a,b,c,d,e,f,g,h,i] [--repeat R] [--request-logs]

Runs N Create User items (default 1000) in one real n8n 2.41.1 against the local API double, with:
  raw client          a plain Node.js HTTP client (50 in flight, as the node) against the same double: the floor
  automatic mapping   this node, User mapped automatically (no expression per item)
  expressions         this node, User mapped field by field with {{ $json.… }} expressions
  Concurrency 20      this node, automatic mapping, with the Concurrency option at 20 (a, b only)
  HTTP Request node   n8n's HTTP Request node with a header credential and a JSON body expression
Scenarios: (a) 20 ms latency, (b) 0 ms latency, (c) 50 requests/s burst 50 (N items),
(d) 20 requests/s burst 5 and (e) 5 requests/s burst 1 (M items, default 300), 429 + Retry-After,
(f) memory: a fresh n8n for each contender, idle level and peak over two runs of (a), and items that
read before they write, this node alone at 20 requests/s burst 5: (g) Resend Invite x100, Detect
Automatically, 50 expired and 50 pending; (h) Create User x100, Return Existing, half of them exist;
(i) the lifecycle writes by e-mail, x100 each: Remove User (Any Status), Add to Group, Set Groups,
Remove From Group, on 100 active users in two groups.
Under a rate limit the floor is (requests the items need - burst) / rate; "requests" counts answers
other than 429; "÷ floor + first wait" adds to the floor the Retry-After of the run's first 429, the
one wait the API imposes before the node can know its rate.
--request-logs also writes the double's request log of every rate-limited run (method, path, status,
time) and the node's start and execution time as n8n records them to
test-results/bench/requests-<scenario>-<contender>-<n>.json.
--only trigger instead measures the trigger's polls (tools/bench/trigger.js, its own --help).
--repeat R runs R rounds of every contender in turn and keeps each one's median. Writes the
report to test-results/bench/latest.md (ignored by git; copy figures into the README by hand).
The last line compares: speedup vs HTTP Request at 20 ms latency, and automatic mapping ÷ the raw
client at 0 ms latency, per item.`;

// Only as a command: tools/bench/profile.js requires this file for its workflow builders, with its own flags.
const options = commandLine(
	HELP,
	{ items: { type: 'string', default: '1000' }, 'slow-items': { type: 'string', default: '300' }, only: { type: 'string', default: 'a,b,c,d,e,f,g,h,i' }, repeat: { type: 'string', default: '1' }, 'request-logs': { type: 'boolean', default: false } },
	{ argv: require.main === module ? process.argv.slice(2) : [] },
);
const ITEMS = Number(options.items);
const SLOW_ITEMS = Number(options['slow-items']);
const ONLY = options.only.split(',');
const REPEAT = Math.max(1, Number(options.repeat));
const REQUEST_LOGS = options['request-logs'];
const RESULTS_DIR = path.join(__dirname, '..', '..', 'test-results', 'bench');
const CONCURRENCY = 50; // the node's default
const GROUP = 'UGR-1234-5678';
/** Scenario (i): every user starts in GROUP and LIFECYCLE_GROUP; the group writes add or set NEW_GROUP. */
const LIFECYCLE_GROUP = 'UGR-2345-6789';
const NEW_GROUP = 'UGR-3456-7890';

/** A scenario under a rate limit, where the API answers 429 + Retry-After; `what` starts the title. */
function limitedTo(rps, burst, key, what, scenario) {
	const title = `(${key}) ${what ? `${what}, ` : ''}${rps} requests/s, burst ${burst}, 429 + Retry-After`;
	return { key, title, config: { latencyMs: 0, rateLimit: { rps, burst } }, ...scenario };
}

const SCENARIOS = [
	{ key: 'a', title: '(a) 20 ms latency', items: ITEMS, config: { latencyMs: 20, rateLimit: null } },
	{ key: 'b', title: '(b) 0 ms latency (per-item overhead)', items: ITEMS, config: { latencyMs: 0, rateLimit: null } },
	limitedTo(50, 50, 'c', '', { items: ITEMS }),
	limitedTo(20, 5, 'd', '', { items: SLOW_ITEMS }),
	limitedTo(5, 1, 'e', '', { items: SLOW_ITEMS }),
	// Items that read before they write; `needed`: one list read per 100 items, plus the writes.
	limitedTo(20, 5, 'g', 'Resend Invite, Detect Automatically (50 expired, 50 pending)', {
		items: 100,
		needed: 101,
		seed: (run, i) => ({ email: `bench-${run}-${i}@example.com`, status: i % 2 ? 'Invited' : 'InvitationExpired' }),
	}),
	limitedTo(20, 5, 'h', 'Create User, Return Existing, half of them exist', {
		items: 100,
		needed: 51,
		seed: (run, i) => (i % 2 ? undefined : { email: `bench-${run}-${i}@example.com`, status: 'Invited' }),
	}),
	// The lifecycle writes that name users by e-mail: one `in(user.email,…)` read, then one write each.
	// Remove From Group needs the same, but reads each user again after its DELETE (204, no body).
	limitedTo(20, 5, 'i', 'lifecycle writes by e-mail (100 active users in 2 groups)', {
		items: 100,
		needed: 101,
		seed: (run, i) => ({ email: `bench-${run}-${i}@example.com`, status: 'Active', groups: [GROUP, LIFECYCLE_GROUP] }),
	}),
];

/** Makes N distinct new hires from the webhook's {run, n}; the same generator feeds both contenders. */
const GENERATE_ITEMS = `const { run, n, ids } = $input.first().json.body;
if (ids) return ids.map((id) => ({ json: { id } }));
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

/**
 * This node, on default settings unless `options` are given; `mapping` 'auto' reads the item's
 * fields, 'expressions' maps each one.
 */
function ourNode(credential, mapping, options, extra) {
	const contender = (parameters) => invitationNode({ name: 'Contender', credential, position: [440, 0], parameters: { resource: 'accountUser', ...parameters } });
	if (mapping === 'resend') return contender({ operation: 'resendInvite', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } });
	if (mapping === 'byEmail') return contender({ userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' }, ...extra });
	const user =
		mapping === 'auto'
			? { mappingMode: 'autoMapInputData', value: null }
			: {
					mappingMode: 'defineBelow',
					value: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
				};
	return contender({ operation: 'create', user, groupIds: GROUP, simplify: true, ...extra, ...(options && { options }) });
}

/**
 * The floor: a plain Node.js client doing the same N creates against the same double, as many in flight as the node
 * over keep-alive connections, with nothing of n8n around it.
 */
async function rawClient(doubleUrl, run, count) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const headers = { authorization: 'Bearer s1-valid-token', 'content-type': 'application/json', accept: 'application/json' };
	const url = `${doubleUrl}/public/v1/accounts/account-users`;
	const started = process.hrtime.bigint();
	const statuses = await inFlight(count, CONCURRENCY, (i) => request(url, { method: 'POST', agent, headers, body: JSON.stringify(createUserBody(`bench-${run}`, i)) }));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	return { ms, succeeded: statuses[201] || 0 };
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

/** A process's resident memory now, in kB (Linux). */
function rssKb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number((/VmRSS:\s+(\d+)/.exec(status) || [])[1] || 0);
}

/**
 * Highest resident memory of a process while `work` runs, sampled every 100 ms, and how far above
 * its level at the start that went: n8n's RSS seldom shrinks, so the peak also carries what earlier
 * runs left behind, and the growth is the fairer comparison between contenders.
 */
async function withPeakMemory(pid, work) {
	let peak = 0;
	let start;
	const sample = () => {
		try {
			const kb = rssKb(pid);
			if (start === undefined) start = kb;
			peak = Math.max(peak, kb);
		} catch {
			/* process gone */
		}
	};
	const timer = setInterval(sample, 100);
	sample();
	try {
		return {
			result: await work(),
			peakMb: () => Math.round(peak / 1024),
			growthMb: () => Math.round((peak - (start ?? peak)) / 1024),
		};
	} finally {
		clearInterval(timer);
		sample();
	}
}

/**
 * What the double saw of a run: e-mails sent twice; writes sent twice (users removed, or whose groups
 * changed, more than once); 429s; the Retry-After of the first 429 in ms (0 without one), the wait
 * imposed before the rate is known; answers other than 429; and the longest time between two requests
 * in seconds: under a rate limit, a pause of the whole run (Retry-After, or the pacer finding nothing
 * gets through) shows there.
 */
function doubleFigures(state) {
	const s1 = state.softwareOne;
	const at = state.requests.map((r) => Date.parse(r.at)).sort((x, y) => x - y);
	const longest = at.reduce((gap, t, i) => (i > 0 ? Math.max(gap, t - at[i - 1]) : gap), 0);
	const first429 = state.requests.find((r) => r.status === 429);
	return {
		emailsTwice: Object.values(s1.invitationEmailsByUser).filter((n) => n > 1).length,
		writesTwice: [...Object.values(s1.deletesById), ...Object.values(s1.groupChangesByUser)].filter((n) => n > 1).length,
		rateLimited: state.rateLimited,
		firstWaitMs: first429 && first429.retryAfter ? first429.retryAfter * 1000 : 0,
		requests: state.requests.filter((r) => r.status !== 429).length,
		longestGapS: (longest / 1000).toFixed(2),
	};
}

/** One run of a workflow contender on a scenario (the double reset and configured first). */
async function measure(stack, workflow, scenario, label) {
	const { client, double } = stack;
	await double.reset();
	await double.config(scenario.config);
	const run = `${scenario.key}-${label.replace(/\W+/g, '')}-${crypto.randomBytes(3).toString('hex')}`;
	const seeded = scenario.seed ? await seedFor(double, scenario, run) : undefined;
	const seen = (await client.executionIds(workflow.id)).map((e) => e.id);
	const started = Date.now();
	// The webhook answers when the run ends; the slowest scenarios outlast the client's 60 s timeout,
	// so the execution is read back from n8n either way.
	const { result: execution, peakMb, growthMb } = await withPeakMemory(stack.n8n.pid, async () => {
		await client.webhook(workflow.webhookPath, { run, n: scenario.items, ids: scenario.key === 'g' ? seeded : undefined }, { registerWaitMs: 10_000 }).catch((error) => {
			if (error.code !== 'ECONNABORTED') throw error;
		});
		return await client.nextExecution(workflow.id, seen, 300_000);
	});
	const clientMs = Date.now() - started;
	const nodeRun = execution.data.resultData.runData.Contender?.[0];
	const items = nodeRun?.data?.main?.[0] ?? [];
	const succeeded = items.filter((item) => item.json && item.json.error === undefined).length;
	const state = await double.state();
	const s1 = state.softwareOne;
	const ofThisRun = (counts) => Object.entries(counts).reduce((sum, [email, n]) => (email.startsWith(`bench-${run}-`) ? sum + n : sum), 0);
	const created = ofThisRun(s1.createsByEmail);
	const posts = ofThisRun(s1.postsByEmail);
	if (REQUEST_LOGS && scenario.config.rateLimit) writeRequestLog(scenario, label, { nodeStartedAt: nodeRun && new Date(nodeRun.startTime).toISOString(), nodeMs: nodeRun && nodeRun.executionTime, requests: state.requests });
	return {
		label,
		nodeMs: nodeRun ? nodeRun.executionTime : clientMs,
		clientMs,
		succeeded,
		failed: scenario.items - succeeded,
		created,
		duplicatePosts: Math.max(0, posts - created) + s1.duplicateCreates,
		...doubleFigures(state),
		error: execution.data.resultData.error ? String(execution.data.resultData.error.message).slice(0, 80) : '',
		peakMb: peakMb(),
		growthMb: growthMb(),
	};
}

/** --request-logs: the double's log of one rate-limited run and when n8n says the node ran, for reading the pacing request by request. */
let requestLogRound = 0;
function writeRequestLog(scenario, label, log) {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const file = path.join(RESULTS_DIR, `requests-${scenario.key}-${label.replace(/\W+/g, '')}-${++requestLogRound}.json`);
	fs.writeFileSync(file, JSON.stringify(log, null, 1));
}

/** The scenario's users, made before the run (not through the API, so not counted): their ids. */
async function seedFor(double, scenario, run) {
	const softwareOneUsers = Array.from({ length: scenario.items }, (_, i) => scenario.seed(run, i)).filter(Boolean);
	return (await double.seed({ softwareOneUsers })).softwareOneUsers.map((user) => user.id);
}

/** The raw client's run, with the same checks as a node's: the floor row of a scenario. */
async function measureRaw(stack, scenario) {
	await stack.double.reset();
	await stack.double.config(scenario.config);
	const run = `${scenario.key}-raw-${crypto.randomBytes(3).toString('hex')}`;
	const { ms, succeeded } = await rawClient(stack.doubleUrl, run, scenario.items);
	const state = await stack.double.state();
	return {
		label: 'raw Node.js client',
		nodeMs: ms,
		succeeded,
		failed: scenario.items - succeeded,
		duplicatePosts: state.softwareOne.duplicateCreates,
		...doubleFigures(state),
		error: '',
		peakMb: '-',
		growthMb: '-',
	};
}

function floorMs(scenario) {
	if (scenario.config.rateLimit) {
		const { rps, burst } = scenario.config.rateLimit;
		return (Math.max(0, (scenario.needed ?? scenario.items) - burst) / rps) * 1000;
	}
	return (scenario.items * scenario.config.latencyMs) / CONCURRENCY;
}

// Bench executions hold 1000 items each; keep n8n's logging out of the measurement.
const N8N_ENV = { N8N_LOG_LEVEL: 'warn' };

/** Every contender; `only` limits one to some scenarios, `raw` runs outside n8n. */
function contendersOf(stack, header) {
	return [
		{ label: 'raw Node.js client', raw: true, only: ['a', 'b'] },
		{ label: 'node, automatic mapping', node: () => ourNode(stack.credentials.softwareOneBearer, 'auto') },
		{ label: 'node, expressions', node: () => ourNode(stack.credentials.softwareOneBearer, 'expressions') },
		// Not the default: what a lower Concurrency costs where latency, not CPU, holds the run back.
		{
			label: 'node, automatic mapping, Concurrency 20',
			node: () => ourNode(stack.credentials.softwareOneBearer, 'auto', { concurrency: 20 }),
			only: ['a', 'b'],
		},
		{ label: 'HTTP Request node', node: () => httpRequestNode(header, stack.doubleUrl, false) },
		{ label: 'HTTP Request, batching 50/1 s', node: () => httpRequestNode(header, stack.doubleUrl, true), only: ['c'] },
		// Scenarios of their own (`own`): items that read before they write, on default settings.
		{ label: 'node, Resend Invite', own: true, only: ['g'], node: () => ourNode(stack.credentials.softwareOneBearer, 'resend') },
		{ label: 'node, Create User, Return Existing', own: true, only: ['h'], node: () => ourNode(stack.credentials.softwareOneBearer, 'auto', undefined, { ifExists: 'returnExisting' }) },
		...LIFECYCLE.map(({ label, parameters }) => ({ label, own: true, only: ['i'], node: () => ourNode(stack.credentials.softwareOneBearer, 'byEmail', undefined, parameters) })),
	];
}

/** Scenario (i)'s contenders: each operation of the lifecycle that takes a user by e-mail, on default settings but the ones it needs. */
const LIFECYCLE = [
	{ label: 'node, Remove User (Any Status)', parameters: { operation: 'remove', removeWhen: 'any' } },
	{ label: 'node, Add to Group', parameters: { operation: 'addToGroup', groupId: NEW_GROUP } },
	{ label: 'node, Set Groups', parameters: { operation: 'setGroups', groupIds: NEW_GROUP } },
	{ label: 'node, Remove From Group', parameters: { operation: 'removeFromGroup', groupId: LIFECYCLE_GROUP } },
];

function headerCredential(client) {
	return client.createCredential({
		name: 'Bench header auth',
		type: 'httpHeaderAuth',
		data: { name: 'Authorization', value: 'Bearer s1-valid-token' },
	});
}

/** One active webhook workflow per contender that runs inside n8n, by label. */
async function createWorkflows(client, contenders) {
	const workflows = {};
	for (const contender of contenders.filter((c) => !c.raw)) {
		const webhookPath = `bench-${crypto.randomBytes(4).toString('hex')}`;
		const saved = await client.createActiveWorkflow(
			webhookWorkflow({
				name: `Bench: ${contender.label}`,
				webhookPath,
				splitItems: false,
				responseData: 'firstEntryJson',
				nodes: [codeNode(), contender.node()],
			}),
		);
		workflows[contender.label] = { ...saved, webhookPath };
	}
	return workflows;
}

const MEMORY = {
	key: 'f',
	title: '(f) memory: a fresh n8n for each contender, two runs of (a) 20 ms latency',
	items: ITEMS,
	config: SCENARIOS[0].config,
};

/**
 * Memory with nothing else in the process. n8n seldom gives memory back, so in (a)–(e), where all
 * contenders share one n8n, a peak depends on who ran before; here each contender gets its own n8n.
 */
async function measureMemory() {
	const rows = [];
	for (const label of ['node, automatic mapping', 'node, expressions', 'HTTP Request node']) {
		process.stderr.write(`  ${MEMORY.title}: ${label}…\n`);
		const stack = await startStack({ major: 2, env: N8N_ENV });
		try {
			const contender = contendersOf(stack, await headerCredential(stack.client)).find((c) => c.label === label);
			const workflow = (await createWorkflows(stack.client, [contender]))[label];
			const idleMb = Math.round(rssKb(stack.n8n.pid) / 1024);
			const runs = [];
			for (let round = 1; round <= 2; round++) runs.push(await measure(stack, workflow, MEMORY, label));
			const peakMb = Math.max(...runs.map((r) => r.peakMb));
			rows.push({
				contender: label,
				'idle MB': idleMb,
				'peak MB': peakMb,
				'MB above idle': peakMb - idleMb,
				failed: runs.reduce((sum, r) => sum + r.failed, 0),
				'duplicate creates': runs.reduce((sum, r) => sum + r.duplicatePosts, 0),
			});
		} finally {
			await stack.stop();
		}
	}
	return `${MEMORY.title}, ${MEMORY.items} items each run\n${table(rows)}`;
}

async function main() {
	process.env.E2E_QUIET = process.env.E2E_QUIET || '1';
	console.log(
		`Benchmark: ${ITEMS} Create User items (${SLOW_ITEMS} under the tight limits), this node (concurrency ${CONCURRENCY}) vs the HTTP Request node and a raw client, in one n8n run`,
	);
	const output = [];
	const byScenario = {};
	let version;
	const shared = SCENARIOS.filter((s) => ONLY.includes(s.key));
	if (shared.length > 0) {
		const stack = await startStack({ major: 2, env: N8N_ENV });
		version = stack.version;
		try {
			const contenders = contendersOf(stack, await headerCredential(stack.client));
			const workflows = await createWorkflows(stack.client, contenders);
			// One warm-up pass so that both contenders run with loaded code and JIT-compiled paths.
			const warmUp = { key: 'w', items: ITEMS, config: { latencyMs: 0, rateLimit: null } };
			for (const contender of contenders.filter((c) => !c.raw && !c.own && !c.label.includes('batching'))) {
				await measure(stack, workflows[contender.label], warmUp, 'warm');
			}
			await measureRaw(stack, warmUp);

			for (const scenario of shared) {
				const block = await runScenario(stack, contenders, workflows, scenario, byScenario);
				console.log(`\n${block}`);
				output.push(block);
			}
		} finally {
			await stack.stop();
		}
	}
	if (ONLY.includes(MEMORY.key)) {
		const block = await measureMemory();
		console.log(`\n${block}`);
		output.push(block);
	}
	const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const flags = process.argv.slice(2);
	const command = ['npm run bench', ...(flags.length ? ['--', ...flags] : [])].join(' ');
	const summary = summaryLine(byScenario);
	const report = `Measured ${when} UTC with \`${command}\` (n8n ${version || '2.x'}, ${REPEAT} run(s) each, median)\n\n${output.join('\n\n')}\n\n${summary}\n`;
	// An ignored folder: a run never changes a tracked file; the README quotes the figures it keeps.
	const reportFile = path.join(RESULTS_DIR, 'latest.md');
	fs.mkdirSync(path.dirname(reportFile), { recursive: true });
	fs.writeFileSync(reportFile, report);
	console.log(`\nWritten to ${path.relative(process.cwd(), reportFile)}\n`);
	console.log(summary);
}

/** R rounds of every contender of one scenario in the shared n8n; returns the printed table. */
async function runScenario(stack, contenders, workflows, scenario, byScenario) {
	// Rounds of every contender in turn, so that a machine whose load drifts weighs on all alike.
	const taking = contenders.filter((c) => (c.only ? c.only.includes(scenario.key) : !scenario.seed));
	const runsOf = new Map(taking.map((c) => [c.label, []]));
	for (let round = 1; round <= REPEAT; round++) {
		for (const contender of taking) {
			process.stderr.write(`  ${scenario.title}, round ${round}/${REPEAT}: ${contender.label}…\n`);
			runsOf.get(contender.label).push(
				contender.raw
					? await measureRaw(stack, scenario)
					: await measure(stack, workflows[contender.label], scenario, contender.label),
			);
		}
	}
	const rows = taking.map((c) => {
		const runs = runsOf.get(c.label);
		const nodeMs = median(runs.map((x) => x.nodeMs));
		return runs.find((x) => x.nodeMs === nodeMs);
	});
	byScenario[scenario.key] = rows;
	const reference = rows.find((r) => r.label === 'HTTP Request node');
	const floor = floorMs(scenario);
	const limited = Boolean(scenario.config.rateLimit);
	const printed = rows.map((r) => ({
		contender: r.label,
		'wall s': (r.nodeMs / 1000).toFixed(2),
		'items/s': Math.round((r.succeeded / r.nodeMs) * 1000),
		'÷ floor': floor > 0 ? (r.nodeMs / floor).toFixed(2) : 'n/a',
		...(limited && { '÷ floor + first wait': (r.nodeMs / (floor + r.firstWaitMs)).toFixed(2) }),
		requests: r.requests,
		// Only comparable when both finished the whole job.
		'speed vs HTTP Request':
			reference && reference.failed === 0 && r.failed === 0
				? `${(reference.nodeMs / r.nodeMs).toFixed(2)}×`
				: 'n/a',
		failed: r.failed,
		'duplicate creates': r.duplicatePosts,
		'e-mails twice': r.emailsTwice,
		'writes twice': r.writesTwice,
		'429s': r.rateLimited,
		'longest gap s': r.longestGapS,
		'peak MB': r.peakMb,
		'MB added': r.growthMb,
		'run error': r.error || '-',
	}));
	const needed = scenario.needed ? `${scenario.needed} requests needed` : 'N';
	// A target "in every run" needs every run, not only the median.
	const each = REPEAT > 1 && floor > 0
		? taking
				.map((c) => {
					const runs = runsOf.get(c.label).map((x) => {
						const plusWait = limited ? `, ${(x.nodeMs / (floor + x.firstWaitMs)).toFixed(2)}× with the first wait of ${x.firstWaitMs / 1000} s` : '';
						return `${(x.nodeMs / floor).toFixed(2)}× (${x.requests} requests, ${x.rateLimited} 429s, ${x.failed} failed${plusWait})`;
					});
					return `\n${c.label}, each run: ${runs.join(', ')}`;
				})
				.join('')
		: '';
	return `${scenario.title}, ${scenario.items} items — floor ${(floor / 1000).toFixed(1)} s ${
		scenario.config.rateLimit ? `((${needed} − burst) ÷ rate)` : '(N × latency ÷ concurrency)'
	}\n${table(printed)}${each}`;
}

/** A and B: HTTP Request ÷ this node at 20 ms latency; C: this node ÷ the raw client at 0 ms, per item. */
function summaryLine(byScenario) {
	const wall = (key, label) => {
		const row = (byScenario[key] || []).find((r) => r.label === label);
		return row && row.failed === 0 ? row.nodeMs : undefined;
	};
	const ratio = (top, bottom) => (top !== undefined && bottom !== undefined ? `${(top / bottom).toFixed(2)}×` : 'n/a');
	const http20 = wall('a', 'HTTP Request node');
	return `speedup vs HTTP Request: ${ratio(http20, wall('a', 'node, automatic mapping'))} (automatic mapping), ${ratio(
		http20,
		wall('a', 'node, expressions'),
	)} (expressions); ÷ raw floor: ${ratio(wall('b', 'node, automatic mapping'), wall('b', 'raw Node.js client'))}`;
}

if (require.main === module) {
	// --only trigger: the trigger's poll cost, measured in this process without n8n (tools/bench/trigger.js).
	(ONLY.includes('trigger') ? require('./trigger').main([]) : main()).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { codeNode, ourNode, GROUP };
