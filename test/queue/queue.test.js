'use strict';
// npm run test:queue — the node on n8n 2.41.1 in queue mode (docs/QUEUE-MODE.md); the jest project "queue".
//
// Starts Redis and PostgreSQL (Debian packages, installed when missing), the API double, one n8n
// main and n8n workers, all on 127.0.0.1, and fires bursts of onboarding events at an active
// workflow Webhook → Create User (SoftwareOne) → Update Invitation (Bold, expiration + e-mail):
//   1. 1 worker, fire-and-forget webhook (responseMode onReceived): throughput with one worker;
//   2. 2 workers, same burst: throughput with two, and the ratio;
//   3. 2 workers, webhook answering with the last node, worker-1 SIGKILLed in the middle of the burst.
// Between 1 and 2, with both workers up, a User Invitation Trigger (Groups Changed, User Removed,
// polled by main every minute) is published and one event goes to a lifecycle workflow Webhook →
// Set Groups → Remove User (Dry Run off); each event must be reported once, its executions on workers.
// The scenario runs once, in beforeAll; each check it makes on the way is one test() below (every
// execution ran on a worker, every hire was created once and e-mailed once, what happens to the
// killed worker's executions). A scenario that stops early fails the checks it did not reach.
// Every process it starts is stopped in afterAll, also on failure or timeout.
//
// Settings (environment): QUEUE_HIRES (200 per burst), QUEUE_CLIENTS (10 requests at once),
// QUEUE_API_LATENCY_MS (500: the double's answer delay per API call), QUEUE_WORKER_CONCURRENCY (5),
// QUEUE_WARM_UP (20 unmeasured hires before each measured burst), QUEUE_TIMEOUT_MS (20 min),
// QUEUE_KEEP=1 (keep logs and folders), QUEUE_RESULT_FILE (write the figures as JSON there).

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');
const {
	N8nClient,
	OWNER,
	PACKAGE_NAME,
	SECRETS,
	DoubleClient,
	cleanupStack,
	credentialSpecs,
	ensureN8n,
	invitationNode,
	log,
	packPackage,
	sleep,
	startDouble,
	startEgressSink,
	webhookWorkflow,
} = require('../../tools/n8n');
const { ensureServerPackages, startPostgres, startRedis } = require('../../tools/queue/services');
const { sharedEnv, startMain, startWorker, logRecords, workerExecutions } = require('../../tools/queue/cluster');

const HIRES = Number(process.env.QUEUE_HIRES || 200);
const CLIENTS = Number(process.env.QUEUE_CLIENTS || 10);
const LATENCY_MS = Number(process.env.QUEUE_API_LATENCY_MS ?? 500);
const WORKER_CONCURRENCY = Number(process.env.QUEUE_WORKER_CONCURRENCY || 5);
const WARM_UP = Number(process.env.QUEUE_WARM_UP ?? 20);
const SCENARIO_TIMEOUT_MS = Number(process.env.QUEUE_TIMEOUT_MS || 20 * 60_000);
/** n8n's message for an execution whose worker stopped renewing its job lock (MaxStalledCountError). */
const STALLED_MESSAGE = /failed to be processed too many times/i;

// ------------------------------------------------------------------ checks and clean-up

// Each check's name, in the order the scenario makes them: the tests are declared from this list
// before the scenario runs (jest collects tests first), and the scenario records its result by name.
const CHECKS = {
	answered: (l) => `${l}: every webhook call answered 200 at once (onReceived)`,
	allSuccess: (l) => `${l}: ${HIRES} executions, all success`,
	onWorker: (l) => `${l}: every execution finished on a worker (worker logs), none on main`,
	mainLogged: (l) => `${l}: main logged each execution as finished by the worker whose log has it`,
	bothWorkers: (l) => `${l}: both workers took a share`,
	createdOnce: (l) => `${l}: each hire created exactly once`,
	emailedOnce: (l) => `${l}: each hire e-mailed exactly once (Bold)`,
	killHit: (l) => `${l}: the kill hit executions in flight`,
	allAnswered: (l) => `${l}: every call answered (none hangs), ${HIRES} executions recorded, none left running`,
	stalledFailed: (l) => `${l}: n8n marks each execution of the killed worker as failed (status error, "failed to be processed too many times")`,
	onlyStalled: (l) => `${l}: no other execution failed; the failed answers are exactly the stalled executions`,
	answeredOk: (l) => `${l}: every hire answered 200 was created once and e-mailed once`,
	noRerun: (l) => `${l}: no execution re-run, no hire created or e-mailed twice (the node adds no duplicate)`,
	survivor: (l) => `${l}: the surviving worker carried on`,
	retryNoTwice: (l) => `${l}: n8n's Retry creates no hire twice`,
	resentOnce: (l) => `${l}: after sending the failed events again every hire exists exactly once`,
	resentRefused: (l) => `${l}: a re-sent event of a hire created before the kill is refused as a duplicate (409), not created again`,
	lifecycleOnWorker: 'lifecycle: Set Groups and Remove User (Dry Run off) ran in one execution on a worker, none on main',
	lifecycleOnce: 'lifecycle: the groups were replaced once and the user removed once (one PUT …/groups, one DELETE)',
	triggerGroupsChanged: 'trigger: Groups Changed of the regrouped user reported exactly once, with the groups after',
	triggerUserRemoved: 'trigger: User Removed of the removed user reported exactly once, with its id and previous status',
	triggerNothingElse: 'trigger: nothing else reported (the hires created meanwhile are neither), none of it again in later polls',
	triggerOnWorker: 'trigger: every execution it started ran on a worker (worker logs, main\'s record), none on main',
	noDuplicate: 'whole run: the double saw no duplicate create (409)',
	noEgress: 'whole run: no process tried to reach beyond loopback',
};
const throughputChecks = (l, workers) =>
	[CHECKS.answered(l), CHECKS.allSuccess(l), CHECKS.onWorker(l), CHECKS.mainLogged(l), ...(workers > 1 ? [CHECKS.bothWorkers(l)] : []), CHECKS.createdOnce(l), CHECKS.emailedOnce(l)];
const EXPECTED = [
	...throughputChecks('1 worker', 1),
	CHECKS.lifecycleOnWorker,
	CHECKS.lifecycleOnce,
	...throughputChecks('2 workers', 2),
	...['killHit', 'allAnswered', 'stalledFailed', 'onlyStalled', 'answeredOk', 'noRerun', 'survivor'].map((key) => CHECKS[key]('worker killed')),
	CHECKS.noDuplicate,
	...['retryNoTwice', 'resentOnce', 'resentRefused'].map((key) => CHECKS[key]('after the kill')),
	...['triggerGroupsChanged', 'triggerUserRemoved', 'triggerNothingElse', 'triggerOnWorker'].map((key) => CHECKS[key]),
	CHECKS.noEgress,
];

const checks = new Map();
function check(name, ok, detail = '') {
	checks.set(name, { ok: Boolean(ok), detail });
	return Boolean(ok);
}

const cleanups = cleanupStack((what, error) => log(`stopping ${what} failed: ${error.message}`));
const cleanUp = () => cleanups.stop();
const onStop = (what, undo) => cleanups.add(what, undo);

// ------------------------------------------------------------------ workload

function makeHires(prefix, count, boldUsers) {
	const expiration = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
	return Array.from({ length: count }, (_, i) => ({
		email: `${prefix}-${String(i + 1).padStart(4, '0')}@example.com`,
		firstName: 'Hire',
		lastName: `${prefix.toUpperCase()} ${i + 1}`,
		boldUserId: String(boldUsers[i].id),
		expiration,
	}));
}

function onboardingWorkflow({ name, webhookPath, responseMode, credentials }) {
	const body = (field) => `={{ $('Webhook').item.json.body.${field} }}`;
	const workflow = webhookWorkflow({
		name,
		webhookPath,
		splitItems: false,
		responseData: 'firstEntryJson',
		nodes: [
			invitationNode({
				name: 'Create User',
				credential: credentials.softwareOneBearer,
				position: [220, 0],
				parameters: {
					resource: 'accountUser',
					operation: 'create',
					user: { mappingMode: 'defineBelow', value: { email: body('email'), firstName: body('firstName'), lastName: body('lastName') } },
					groupIds: 'UGR-1234-5678',
					invitationStatus: 'Invited',
					simplify: true,
				},
			}),
			invitationNode({
				name: 'Update Invitation',
				credential: credentials.boldBearer,
				position: [440, 0],
				parameters: {
					resource: 'lockUser',
					operation: 'updateInvitation',
					invitation: { mappingMode: 'defineBelow', value: { userId: body('boldUserId'), expiration: body('expiration') } },
					sendEmail: true,
				},
			}),
		],
	});
	const webhook = workflow.nodes[0];
	webhook.parameters.responseMode = responseMode;
	if (responseMode !== 'lastNode') delete webhook.parameters.responseData;
	return workflow;
}

/**
 * POSTs every hire to the webhook, `clients` requests at a time. Each answer is recorded
 * ({status, ms, data}); `onAnswer(count)` runs after each one (used to kill a worker mid-burst).
 */
async function burst(baseUrl, webhookPath, hires, { clients = CLIENTS, onAnswer, timeoutMs = 180_000 } = {}) {
	const agent = new http.Agent({ keepAlive: false });
	const answers = new Array(hires.length);
	let next = 0;
	let answered = 0;
	const startedAt = Date.now();
	const loop = async () => {
		while (next < hires.length) {
			const index = next++;
			const t = Date.now();
			let answer;
			try {
				const res = await axios.post(`${baseUrl}/webhook/${webhookPath}`, hires[index], {
					httpAgent: agent,
					timeout: timeoutMs,
					validateStatus: () => true,
				});
				answer = { status: res.status, data: res.data };
			} catch (error) {
				answer = { status: 0, error: error.code || error.message };
			}
			answer.ms = Date.now() - t;
			answer.sentAt = t;
			answers[index] = answer;
			answered++;
			if (onAnswer) onAnswer(answered);
		}
	};
	await Promise.all(Array.from({ length: clients }, loop));
	return { answers, startedAt, finishedAt: Date.now() };
}

// ------------------------------------------------------------------ reading n8n's results

let pgModule;
function pgClient(postgres) {
	if (!pgModule) {
		const { hostDir } = ensureN8n(2);
		pgModule = require(require.resolve('pg', { paths: [path.join(hostDir, 'node_modules', 'n8n')] }));
	}
	return new pgModule.Client({ host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database });
}

async function executionsOf(db, workflowId) {
	const { rows } = await db.query(
		'SELECT id::text AS id, status, finished, mode, "createdAt", "startedAt", "stoppedAt" FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
		[workflowId],
	);
	return rows;
}

/** Waits until the workflow has `count` executions and none is new/running/waiting. */
async function waitForExecutions(db, workflowId, count, timeoutMs = 300_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await executionsOf(db, workflowId);
		const open = rows.filter((r) => ['new', 'running', 'waiting', 'unknown'].includes(r.status));
		if (rows.length >= count && open.length === 0) return rows;
		if (Date.now() > deadline) {
			throw new Error(`after ${timeoutMs / 1000} s: ${rows.length}/${count} executions, ${open.length} still open`);
		}
		await sleep(250);
	}
}

/** Main's record of which worker (hostId) reported each execution finished. */
function mainFinishedBy(mainLogPath) {
	const byExecution = new Map();
	for (const record of logRecords(mainLogPath)) {
		const match = /^Execution (\d+) \(job [^)]+\) finished/.exec(String(record.message || ''));
		const workerId = record.workerId ?? record.metadata?.workerId;
		if (match) byExecution.set(match[1], workerId);
	}
	return byExecution;
}

/** CPU time (user + system, ms) a process has used so far, from /proc; 0 when it is gone. */
function cpuMs(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
	} catch {
		return 0;
	}
}

function cpuSnapshot(processes) {
	return Object.fromEntries(processes.map((p) => [p.name, cpuMs(p.pid)]));
}

/** CPU ms per execution of each process between two snapshots. */
function cpuPerExecution(before, after, executions) {
	return Object.fromEntries(Object.keys(before).map((name) => [name, Math.round((after[name] - before[name]) / executions)]));
}

/**
 * Waits until main has registered the workflow's production webhook. A GET to a POST-only webhook
 * answers 404 "…not registered for GET requests. Did you mean to make a POST request?" once it is
 * registered, without starting an execution.
 */
async function waitForWebhook(baseUrl, webhookPath, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	const agent = new http.Agent({ keepAlive: false });
	for (;;) {
		const res = await axios.get(`${baseUrl}/webhook/${webhookPath}`, { httpAgent: agent, validateStatus: () => true, timeout: 5000 });
		if (/did you mean/i.test(JSON.stringify(res.data))) return;
		if (Date.now() > deadline) throw new Error(`webhook ${webhookPath} not registered after ${timeoutMs / 1000} s: ${res.status} ${JSON.stringify(res.data)}`);
		await sleep(200);
	}
}

function countBy(values) {
	const counts = {};
	for (const v of values) counts[v] = (counts[v] || 0) + 1;
	return counts;
}

function rate(count, ms) {
	return ms > 0 ? count / (ms / 1000) : 0;
}

// ------------------------------------------------------------------ phases

/** One fire-and-forget burst; returns the figures and checks what ran where. */
async function throughputPhase({ label, main, workers, db, double, workflow, hires }) {
	const before = new Map(workers.map((w) => [w.name, workerExecutions(w.logPath).finished]));
	await waitForWebhook(main.baseUrl, workflow.webhookPath);
	log(`${label}: ${hires.length} hires, ${CLIENTS} at once, ${workers.length} worker(s)…`);
	const cpuBefore = cpuSnapshot([main, ...workers]);
	const sent = await burst(main.baseUrl, workflow.webhookPath, hires);
	const rows = await waitForExecutions(db, workflow.id, hires.length);
	const cpuAfter = cpuSnapshot([main, ...workers]);
	// A worker saves the execution first and logs "Worker finished execution" (and tells main) just
	// after: give the logs a moment to catch up with the database.
	const logsDeadline = Date.now() + 15_000;
	const inLogs = () => {
		const finished = workers.map((w) => workerExecutions(w.logPath).finished);
		const reported = mainFinishedBy(main.logPath);
		return rows.every((r) => finished.some((f) => f.has(r.id)) && reported.has(r.id));
	};
	while (!inLogs() && Date.now() < logsDeadline) await sleep(200);
	const lastStop = Math.max(...rows.map((r) => new Date(r.stoppedAt).getTime()));
	const firstStart = Math.min(...rows.map((r) => new Date(r.startedAt || r.createdAt).getTime()));
	const wallMs = lastStop - sent.startedAt;
	const figures = {
		workers: workers.length,
		hires: hires.length,
		acceptedPerSecond: rate(hires.length, sent.finishedAt - sent.startedAt),
		executionsPerSecond: rate(rows.length, wallMs),
		wallMs,
		queueWaitMs: firstStart - sent.startedAt,
		statuses: countBy(rows.map((r) => r.status)),
		cpuMsPerExecution: cpuPerExecution(cpuBefore, cpuAfter, rows.length),
	};

	const statusCounts = countBy(sent.answers.map((a) => a.status));
	check(CHECKS.answered(label), statusCounts[200] === hires.length, JSON.stringify(statusCounts));
	check(
		CHECKS.allSuccess(label),
		rows.length === hires.length && figures.statuses.success === hires.length,
		JSON.stringify(figures.statuses),
	);

	// Where did they run? Each worker's own log, and main's record of who reported them finished.
	const ranOn = {};
	const unaccounted = [];
	const twice = [];
	for (const row of rows) {
		const on = workers.filter((w) => workerExecutions(w.logPath).finished.has(row.id) && !before.get(w.name).has(row.id));
		if (on.length === 0) unaccounted.push(row.id);
		if (on.length > 1) twice.push(row.id);
		for (const w of on) ranOn[w.name] = (ranOn[w.name] || 0) + 1;
	}
	figures.ranOn = ranOn;
	check(
		CHECKS.onWorker(label),
		unaccounted.length === 0 && twice.length === 0,
		`${JSON.stringify(ranOn)}${unaccounted.length ? `; not in any worker log: ${unaccounted.slice(0, 5)}` : ''}${twice.length ? `; on two workers: ${twice.slice(0, 5)}` : ''}`,
	);
	// Main's side: the host id ("worker-<hostname>") of the worker that reported each one finished.
	const reportedBy = mainFinishedBy(main.logPath);
	const distinctHosts = new Set(workers.map((w) => w.hostname)).size === workers.length;
	const mismatched = rows.filter((r) => {
		const host = reportedBy.get(r.id);
		if (typeof host !== 'string' || !host.startsWith('worker-')) return true;
		if (!distinctHosts) return false;
		const worker = workers.find((w) => `worker-${w.hostname}` === host);
		return !worker || !workerExecutions(worker.logPath).finished.has(r.id);
	});
	check(
		CHECKS.mainLogged(label),
		mismatched.length === 0,
		`host ids ${JSON.stringify(countBy(rows.map((r) => reportedBy.get(r.id))))}${distinctHosts ? '' : ' (workers share a hostname here)'}` +
			`${mismatched.length ? `; not matching: ${mismatched.slice(0, 5).map((r) => r.id)}` : ''}`,
	);
	if (workers.length > 1) {
		check(CHECKS.bothWorkers(label), workers.every((w) => (ranOn[w.name] || 0) > 0), JSON.stringify(ranOn));
	}

	const state = await double.state();
	const created = hires.map((h) => state.softwareOne.createsByEmail[h.email.toLowerCase()] || 0);
	const emailed = hires.map((h) => state.bold.emailsByUser[h.boldUserId] || 0);
	check(CHECKS.createdOnce(label), created.every((c) => c === 1), JSON.stringify(countBy(created)));
	check(CHECKS.emailedOnce(label), emailed.every((c) => c === 1), JSON.stringify(countBy(emailed)));
	log(
		`${label}: ${figures.executionsPerSecond.toFixed(1)} executions/s (${(wallMs / 1000).toFixed(1)} s for ${hires.length}); webhooks accepted at ${figures.acceptedPerSecond.toFixed(0)}/s`,
	);
	return figures;
}

/** A burst answered with the last node's output; `victim` is SIGKILLed once half the hires are answered. */
async function killPhase({ label, main, workers, victim, db, double, workflow, hires, timings }) {
	const survivor = workers.find((w) => w !== victim);
	const beforeStarted = new Map(workers.map((w) => [w.name, workerExecutions(w.logPath).started]));
	let killedAt = 0;
	let answeredAtKill = 0;
	await waitForWebhook(main.baseUrl, workflow.webhookPath);
	log(`${label}: ${hires.length} hires, ${CLIENTS} at once, ${victim.name} SIGKILLed after ${Math.floor(hires.length / 2)} answers (once it has work in hand)…`);
	const sent = await burst(main.baseUrl, workflow.webhookPath, hires, {
		timeoutMs: 300_000,
		onAnswer(count) {
			if (killedAt || count < Math.floor(hires.length / 2)) return;
			// Kill only while the victim has an execution in hand (its log says started, not finished).
			const now = workerExecutions(victim.logPath);
			const busy = [...now.started].some((id) => !beforeStarted.get(victim.name).has(id) && !now.finished.has(id));
			if (!busy && count < hires.length - CLIENTS) return;
			killedAt = Date.now();
			answeredAtKill = count;
			victim.kill();
		},
	});
	const rows = await waitForExecutions(db, workflow.id, hires.length);
	const byId = new Map(rows.map((r) => [r.id, r]));

	// What the killed worker had in hand: started in its log but never finished.
	const victimLog = workerExecutions(victim.logPath);
	const inFlight = [...victimLog.started].filter((id) => !beforeStarted.get(victim.name).has(id) && !victimLog.finished.has(id));
	const failedRows = rows.filter((r) => r.status !== 'success');
	const failedDetails = [];
	const client = main.client;
	for (const row of failedRows) {
		const execution = await client.execution(row.id);
		const error = execution.data?.resultData?.error;
		failedDetails.push({
			id: row.id,
			retryable: Boolean(execution.data?.executionData),
			status: row.status,
			message: error?.message || '',
			nodesRun: Object.keys(execution.data?.resultData?.runData || {}),
		});
	}
	const stalled = failedDetails.filter((d) => STALLED_MESSAGE.test(d.message));

	const statusCounts = countBy(sent.answers.map((a) => a.status));
	const lastAnswerMs = Math.max(...sent.answers.map((a) => a.sentAt + a.ms)) - killedAt;
	const slowest = sent.answers
		.map((a, i) => ({ i, ms: a.ms, status: a.status }))
		.filter((a) => a.status !== 200)
		.map((a) => a.ms);

	const state = await double.state();
	const perHire = hires.map((h, i) => ({
		email: h.email,
		http: sent.answers[i].status,
		posts: state.softwareOne.postsByEmail[h.email.toLowerCase()] || 0,
		created: state.softwareOne.createsByEmail[h.email.toLowerCase()] || 0,
		emailed: state.bold.emailsByUser[h.boldUserId] || 0,
	}));
	const answeredOk = perHire.filter((h) => h.http === 200);
	const notOk = perHire.filter((h) => h.http !== 200);

	const figures = {
		killed: victim.name,
		answeredAtKill,
		inFlightOnKilledWorker: inFlight.length,
		executionStatuses: countBy(rows.map((r) => r.status)),
		stalledExecutions: stalled.map((d) => d.id),
		failedMessages: countBy(failedDetails.map((d) => d.message.slice(0, 120))),
		failedRunData: countBy(failedDetails.map((d) => d.nodesRun.join('+') || '(none)')),
		failedAnswerBodies: countBy(sent.answers.filter((a) => a.status !== 200).map((a) => JSON.stringify(a.data).slice(0, 160))),
		httpStatuses: statusCounts,
		failedAnswersTookMs: slowest,
		lastAnswerAfterKillMs: lastAnswerMs,
		hiresNotAnswered200: notOk.map((h) => ({ email: h.email, http: h.http, posted: h.posts, created: h.created, emailed: h.emailed })),
		survivorFinished: [...workerExecutions(survivor.logPath).finished].length,
		timings,
	};

	check(CHECKS.killHit(label), inFlight.length > 0, `${inFlight.length} started on ${victim.name} and never finished`);
	check(
		CHECKS.allAnswered(label),
		sent.answers.every((a) => a.status > 0) && rows.length === hires.length,
		`${JSON.stringify(statusCounts)}; executions ${JSON.stringify(figures.executionStatuses)}`,
	);
	check(
		CHECKS.stalledFailed(label),
		inFlight.length > 0 && inFlight.every((id) => byId.get(id)?.status === 'error' && stalled.some((d) => d.id === id)),
		`in flight ${inFlight.join(',')}; stalled ${stalled.map((d) => d.id).join(',')}`,
	);
	check(
		CHECKS.onlyStalled(label),
		failedRows.length === stalled.length && notOk.length === stalled.length,
		`${failedRows.length} failed executions, ${stalled.length} stalled, ${notOk.length} non-200 answers`,
	);
	check(
		CHECKS.answeredOk(label),
		answeredOk.every((h) => h.created === 1 && h.emailed === 1 && h.posts === 1),
		`${answeredOk.length} answered 200`,
	);
	check(
		CHECKS.noRerun(label),
		perHire.every((h) => h.posts <= 1 && h.created <= 1 && h.emailed <= 1) && state.softwareOne.duplicateCreates === 0,
		`posts ${JSON.stringify(countBy(perHire.map((h) => h.posts)))}, duplicateCreates ${state.softwareOne.duplicateCreates}`,
	);
	check(
		CHECKS.survivor(label),
		rows.filter((r) => r.status === 'success').length === hires.length - stalled.length && figures.survivorFinished > 0,
		`${survivor.name} finished ${figures.survivorFinished} in all`,
	);
	figures.stalledDetails = stalled;
	log(
		`${label}: killed ${victim.name} after ${answeredAtKill} answers; ${inFlight.length} executions in flight there; ` +
			`${stalled.length} marked failed after ${(Math.max(...slowest, 0) / 1000).toFixed(1)} s; ` +
			`of those hires ${notOk.filter((h) => h.created).length} had been created, ${notOk.filter((h) => !h.created).length} not`,
	);
	return figures;
}

/**
 * What an operator can do after the kill, on the hires whose executions failed:
 * 1. "Retry" each failed execution (POST /rest/executions/:id/retry, as the Executions list does);
 * 2. send those hires' events again (what an HR system that saw the error answer would do).
 * Recorded, and checked: neither creates a hire twice, and after the re-send every hire exists once.
 */
async function recoveryPhase({ label, main, db, double, workflow, hires, killed }) {
	const failedEmails = new Set(killed.hiresNotAnswered200.map((h) => h.email));
	const createdBefore = new Set(killed.hiresNotAnswered200.filter((h) => h.created).map((h) => h.email));
	const failedHires = hires.filter((h) => failedEmails.has(h.email));

	// 1. n8n's Retry.
	const outcomes = [];
	const known = new Set((await executionsOf(db, workflow.id)).map((r) => r.id));
	for (const execution of killed.stalledDetails) {
		const res = await main.client.rest('post', `/executions/${execution.id}/retry`, { loadWorkflow: false }, { expect: 'any' });
		outcomes.push({ id: execution.id, status: res.status, message: res.data?.message || (res.data?.data ? 'retried' : '') });
	}
	const accepted = outcomes.filter((o) => o.status === 200).length;
	let retried = [];
	if (accepted > 0) {
		const deadline = Date.now() + 120_000;
		for (;;) {
			retried = (await executionsOf(db, workflow.id)).filter((r) => !known.has(r.id));
			if (retried.length >= accepted && retried.every((r) => !['new', 'running', 'waiting'].includes(r.status))) break;
			if (Date.now() > deadline) break;
			await sleep(250);
		}
	}
	const retriedOutcomes = [];
	for (const row of retried) {
		const execution = await main.client.execution(row.id);
		const nodesRun = Object.keys(execution.data?.resultData?.runData || {});
		const message = String(execution.data?.resultData?.error?.message || '').slice(0, 100);
		retriedOutcomes.push(`${row.status}, nodes run: ${nodesRun.join('+') || 'none'}${message ? `, "${message}"` : ''}`);
	}
	let state = await double.state();
	const createdAfterRetry = hires.map((h) => state.softwareOne.createsByEmail[h.email.toLowerCase()] || 0);
	check(CHECKS.retryNoTwice(label), createdAfterRetry.every((c) => c <= 1), JSON.stringify(countBy(createdAfterRetry)));

	// 2. The same events again.
	const duplicatesBefore = state.softwareOne.duplicateCreates;
	const resent = await burst(main.baseUrl, workflow.webhookPath, failedHires, { timeoutMs: 120_000 });
	state = await double.state();
	const resendAnswers = failedHires.map((h, i) => ({
		email: h.email,
		createdBefore: createdBefore.has(h.email),
		status: resent.answers[i].status,
		body: JSON.stringify(resent.answers[i].data).slice(0, 120),
	}));
	const created = hires.map((h) => state.softwareOne.createsByEmail[h.email.toLowerCase()] || 0);
	const refused = state.softwareOne.duplicateCreates - duplicatesBefore;
	const figures = {
		retryAnswers: countBy(outcomes.map((o) => `${o.status} ${o.message}`.trim().slice(0, 140))),
		retriedExecutions: countBy(retriedOutcomes),
		resent: failedHires.length,
		resendAnswers: countBy(
			resendAnswers.map((a) => `${a.createdBefore ? 'created before the kill' : 'not created before'}: ${a.status}${a.status === 200 ? '' : ` ${a.body}`}`),
		),
		refusedAsDuplicate: refused,
		createdPerHireAfterResend: countBy(created),
		emailedAfterResend: countBy(hires.map((h) => state.bold.emailsByUser[h.boldUserId] || 0)),
	};
	check(
		CHECKS.resentOnce(label),
		created.every((c) => c === 1),
		JSON.stringify(figures.createdPerHireAfterResend),
	);
	check(
		CHECKS.resentRefused(label),
		refused === createdBefore.size &&
			resendAnswers.every((a) => (a.createdBefore ? a.status !== 200 : a.status === 200)),
		`${refused} refused, ${createdBefore.size} created before the kill`,
	);
	log(`${label}: Retry ${JSON.stringify(figures.retryAnswers)} → ${JSON.stringify(figures.retriedExecutions)}; re-sent ${failedHires.length}: ${JSON.stringify(figures.resendAnswers)}`);
	return figures;
}

// ------------------------------------------------------------------ lifecycle and trigger events

const TRIGGER = 'User Invitation Trigger';
const MOVED_TO = ['UGR-2222-3333', 'UGR-4444-5555'];
const SENTINEL_GROUPS = ['UGR-7777-8888'];
// The trigger polls every minute (n8n's shortest interval) and, with RECONCILE_AT_EVERY_POLL, reads
// every user at each poll: the events come with the first poll after the change (version 1 needed a
// second poll without the removed user), up to about two minutes with a slow machine.
const EVENT_WAIT_MS = 240_000;
/**
 * Full Reconcile Every 0.0001 h (0.36 s): every poll after the first ends with version 1.2's paged
 * full reconcile. An Active user's new groups or removal is seen only by that reconcile (docs/TRIGGER.md),
 * which the 6 h default would not bring within the run; 0 would switch to version 1's read instead.
 */
const RECONCILE_AT_EVERY_POLL = { reconcileHours: 0.0001 };

/** Webhook → Set Groups (user by e-mail) → Remove User (by e-mail, any status): a move and an offboarding, Dry Run off. */
function lifecycleWorkflow({ name, webhookPath, credentials }) {
	const body = (field) => `={{ $('Webhook').item.json.body.${field} }}`;
	const byEmail = (value) => ({ __rl: true, mode: 'email', value });
	return webhookWorkflow({
		name,
		webhookPath,
		splitItems: false,
		responseData: 'firstEntryJson',
		nodes: [
			invitationNode({
				name: 'Set Groups',
				credential: credentials.softwareOneBearer,
				position: [220, 0],
				parameters: { resource: 'accountUser', operation: 'setGroups', userId: byEmail(body('mover')), groupIds: body('groupIds') },
			}),
			invitationNode({
				name: 'Remove User',
				credential: credentials.softwareOneBearer,
				position: [440, 0],
				parameters: { resource: 'accountUser', operation: 'remove', userId: byEmail(body('leaver')), removeWhen: 'any' },
			}),
		],
	});
}

/** The User Invitation Trigger alone, watching for removals and group changes, at the version a new node gets (1.2). */
function triggerWorkflow({ name, credential }) {
	return {
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: TRIGGER,
				type: `${PACKAGE_NAME}.userInvitationTrigger`,
				typeVersion: 1.2,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					authentication: 'bearerToken',
					events: ['groupsChanged', 'userRemoved'],
					options: RECONCILE_AT_EVERY_POLL,
				},
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Where each execution ran: the worker logs that finished it, and whether main's record names the
 * same worker (any worker when the workers share a hostname). Waits up to 15 s for the logs.
 */
async function ranOnWorkers(rows, workers, mainLogPath) {
	const distinctHosts = new Set(workers.map((w) => w.hostname)).size === workers.length;
	const look = () => {
		const reportedBy = mainFinishedBy(mainLogPath);
		return rows.map((row) => {
			const on = workers.filter((w) => workerExecutions(w.logPath).finished.has(row.id));
			const host = reportedBy.get(row.id);
			const mainAgrees = typeof host === 'string' && host.startsWith('worker-') && (!distinctHosts || (on.length === 1 && host === `worker-${on[0].hostname}`));
			return { id: row.id, on: on.map((w) => w.name), host, ok: on.length === 1 && mainAgrees };
		});
	};
	const deadline = Date.now() + 15_000;
	let seen = look();
	while (seen.some((r) => !r.ok) && Date.now() < deadline) {
		await sleep(200);
		seen = look();
	}
	return seen;
}

/**
 * With two workers up: publishes the trigger (its first poll, at publishing, only learns the account),
 * then sends one event to a lifecycle workflow that moves one user to other groups and removes
 * another. Checks that it ran once on a worker and changed the account once each.
 */
async function startLifecycle({ main, workers, db, double, credentials, suffix }) {
	const { softwareOneUsers } = await double.seed({
		softwareOneUsers: ['mover', 'leaver', 'sentinel'].map((who) => ({ email: `${who}-${suffix}@example.com`, firstName: who, lastName: 'Queue', status: 'Active' })),
	});
	const ids = Object.fromEntries(softwareOneUsers.map((u) => [String(u.email).split('-')[0], String(u.id)]));

	const trigger = await main.client.createActiveWorkflow(triggerWorkflow({ name: `Queue trigger ${suffix}`, credential: credentials.softwareOneBearer }));
	// The poll at publishing stores what the trigger saw; only changes after it are events.
	const deadline = Date.now() + 60_000;
	for (;;) {
		const { data } = await main.client.rest('get', `/workflows/${trigger.id}`);
		if (data.data.staticData?.[`node:${TRIGGER}`]) break;
		if (Date.now() > deadline) throw new Error('the trigger stored nothing within 60 s of publishing');
		await sleep(250);
	}

	const webhookPath = `queue-lifecycle-${suffix}`;
	const lifecycle = await main.client.createActiveWorkflow(lifecycleWorkflow({ name: `Queue lifecycle ${suffix}`, webhookPath, credentials }));
	await waitForWebhook(main.baseUrl, webhookPath);
	const answer = await axios.post(
		`${main.baseUrl}/webhook/${webhookPath}`,
		{ mover: `mover-${suffix}@example.com`, groupIds: MOVED_TO.join(', '), leaver: `leaver-${suffix}@example.com` },
		{ validateStatus: () => true, timeout: 120_000, httpAgent: new http.Agent({ keepAlive: false }) },
	);
	const rows = await waitForExecutions(db, lifecycle.id, 1);
	const where = await ranOnWorkers(rows, workers, main.logPath);
	check(
		CHECKS.lifecycleOnWorker,
		answer.status === 200 && rows.length === 1 && rows[0].status === 'success' && where.every((r) => r.ok),
		`answer ${answer.status} ${JSON.stringify(answer.data).slice(0, 200)}; executions ${JSON.stringify(rows.map((r) => r.status))}; ran on ${JSON.stringify(where)}`,
	);

	const state = await double.state();
	const mover = state.softwareOne.users.find((u) => u.id === ids.mover);
	const writes = state.requests.filter((r) => r.method !== 'GET' && (r.path.includes(ids.mover) || r.path.includes(ids.leaver)));
	check(
		CHECKS.lifecycleOnce,
		JSON.stringify([...(mover?.groups ?? [])].sort()) === JSON.stringify(MOVED_TO) &&
			!state.softwareOne.users.some((u) => u.id === ids.leaver) &&
			state.softwareOne.groupChangesByUser[ids.mover] === 1 &&
			state.softwareOne.deletesById[ids.leaver] === 1 &&
			writes.length === 2 &&
			answer.data?.removed === true &&
			answer.data?.id === ids.leaver &&
			answer.data?.statusBefore === 'Active',
		`mover's groups ${JSON.stringify(mover?.groups)}; writes ${JSON.stringify(writes.map((r) => `${r.method} ${r.status}`))}; answer ${JSON.stringify(answer.data).slice(0, 200)}`,
	);
	log(`lifecycle: moved ${ids.mover} to ${MOVED_TO.join(', ')} and removed ${ids.leaver} on ${where.map((r) => r.on.join('+')).join(', ')}`);
	return { trigger, ids };
}

/** Every item the trigger's executions delivered so far, and their rows (read from the database and n8n's REST API). */
async function triggerReport(main, db, triggerId, cache) {
	const rows = (await executionsOf(db, triggerId)).filter((r) => !['new', 'running', 'waiting', 'unknown'].includes(r.status));
	const items = [];
	for (const row of rows) {
		if (!cache.has(row.id)) {
			const execution = await main.client.execution(row.id);
			cache.set(row.id, N8nClient.nodeItems(execution, TRIGGER).map((item) => item.json));
		}
		items.push(...cache.get(row.id));
	}
	return { rows, items };
}

async function waitForEvents(main, db, triggerId, cache, wanted, what) {
	const deadline = Date.now() + EVENT_WAIT_MS;
	for (;;) {
		const report = await triggerReport(main, db, triggerId, cache);
		if (wanted(report.items)) return true;
		if (Date.now() > deadline) {
			// The checks at the end say what is missing; the rest of the scenario still runs.
			log(`${what}: not reported within ${EVENT_WAIT_MS / 1000} s; so far ${JSON.stringify(report.items).slice(0, 400)}`);
			return false;
		}
		await sleep(1000);
	}
}

const eventsOf = (items, event, id) => items.filter((item) => item.event === event && item.id === id);

/**
 * Waits for Groups Changed and User Removed, then changes a third user's groups and waits for that
 * event too: a poll after both reports ran, so a repeat would have shown.
 */
async function awaitLifecycleEvents({ main, db, double, lifecycle, cache }) {
	const { trigger, ids } = lifecycle;
	const t = Date.now();
	const reported = await waitForEvents(
		main,
		db,
		trigger.id,
		cache,
		(items) => eventsOf(items, 'groupsChanged', ids.mover).length > 0 && eventsOf(items, 'userRemoved', ids.leaver).length > 0,
		'Groups Changed and User Removed',
	);
	const reportedMs = Date.now() - t;
	if (!reported) return { reportedMs, laterMs: 0 };
	const regrouped = await axios.put(
		`${double.url}/public/v1/accounts/account-users/${encodeURIComponent(ids.sentinel)}/groups`,
		SENTINEL_GROUPS.map((id) => ({ id })),
		{ headers: { authorization: `Bearer ${SECRETS.softwareOneToken}` }, validateStatus: () => true, httpAgent: new http.Agent({ keepAlive: false }) },
	);
	if (regrouped.status !== 200) throw new Error(`the double refused the sentinel's group change: ${regrouped.status} ${JSON.stringify(regrouped.data)}`);
	await waitForEvents(main, db, trigger.id, cache, (items) => eventsOf(items, 'groupsChanged', ids.sentinel).length > 0, 'the later Groups Changed');
	log(`trigger: Groups Changed and User Removed reported ${(reportedMs / 1000).toFixed(0)} s after the phase-2 burst, the later change ${((Date.now() - t - reportedMs) / 1000).toFixed(0)} s after that`);
	return { reportedMs, laterMs: Date.now() - t - reportedMs };
}

/** At the end of the run (more polls since): what the trigger reported in all, each once, each run on a worker. */
async function checkTriggerReport({ main, workers, db, lifecycle, cache }) {
	const { trigger, ids } = lifecycle;
	const { rows, items } = await triggerReport(main, db, trigger.id, cache);
	const moved = eventsOf(items, 'groupsChanged', ids.mover);
	const removed = eventsOf(items, 'userRemoved', ids.leaver);
	const sentinel = eventsOf(items, 'groupsChanged', ids.sentinel);
	check(
		CHECKS.triggerGroupsChanged,
		moved.length === 1 && JSON.stringify([...(moved[0].groupIds ?? [])].sort()) === JSON.stringify(MOVED_TO) && moved[0].previousStatus === 'Active',
		JSON.stringify(moved),
	);
	check(
		CHECKS.triggerUserRemoved,
		// A removed user is reported by its id and last status only: nothing else of it is known any more.
		removed.length === 1 && Object.keys(removed[0]).sort().join() === 'event,id,previousStatus' && removed[0].previousStatus === 'Active',
		JSON.stringify(removed),
	);
	check(
		CHECKS.triggerNothingElse,
		items.length === 3 && sentinel.length === 1,
		`${items.length} items: ${JSON.stringify(items.map((item) => `${item.event} ${item.id}`))}`,
	);
	const where = await ranOnWorkers(rows, workers, main.logPath);
	check(
		CHECKS.triggerOnWorker,
		rows.length > 0 && rows.every((r) => r.status === 'success') && where.every((r) => r.ok),
		`executions ${JSON.stringify(rows.map((r) => `${r.id} ${r.status}`))}; ran on ${JSON.stringify(where)}`,
	);
	await main.client.deactivateWorkflow(trigger);
	return { executions: rows.length, items: items.length, ranOn: countBy(where.map((r) => r.on.join('+'))) };
}

/** A short unmeasured burst, so that the measured ones do not pay for start-up (module loading, JIT). */
async function warmUp({ main, db, workflow, hires }) {
	await waitForWebhook(main.baseUrl, workflow.webhookPath);
	const known = (await executionsOf(db, workflow.id)).length;
	await burst(main.baseUrl, workflow.webhookPath, hires);
	await waitForExecutions(db, workflow.id, known + hires.length);
}

// ------------------------------------------------------------------ the scenario

async function scenario() {
	const t0 = Date.now();
	const timings = {};
	const mark = (name, since) => {
		timings[name] = Date.now() - since;
	};
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-queue-'));
	onStop('work folder', async () => {
		const failed = [...checks.values()].some((c) => !c.ok) || checks.size === 0;
		if (process.env.QUEUE_KEEP === '1' || failed) log(`logs kept in ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	});

	let t = Date.now();
	const install = ensureN8n(2);
	const bins = ensureServerPackages();
	mark('installMs', t);

	t = Date.now();
	const tarball = packPackage(workDir);
	mark('packMs', t);

	t = Date.now();
	const doubleServer = await startDouble();
	onStop('API double', () => doubleServer.close());
	const double = new DoubleClient(doubleServer.url);
	const egress = await startEgressSink();
	onStop('egress sink', () => egress.close());
	const [redis, postgres] = await Promise.all([startRedis({ redisServer: bins.redisServer, workDir }), startPostgres({ postgresBin: bins.postgresBin, keep: process.env.QUEUE_KEEP === '1' })]);
	onStop('redis', () => redis.stop());
	onStop('postgres', () => postgres.stop());
	mark('servicesMs', t);
	log(`redis on ${redis.port}, postgres on ${postgres.port}, double at ${doubleServer.url}`);

	const encryptionKey = crypto.randomBytes(24).toString('base64');
	const env = { ...egress.env, ...sharedEnv({ redis, postgres, encryptionKey }) };

	t = Date.now();
	const main = await startMain({ tarball, env, workDir });
	onStop('n8n main', () => main.stop({ keepFolder: true }));
	mark('mainStartMs', t);
	log(`n8n ${install.version} main ready at ${main.baseUrl} in ${(timings.mainStartMs / 1000).toFixed(1)} s`);

	const client = new N8nClient(main);
	main.client = client;
	await client.setupOwner(OWNER);
	const credentials = {};
	for (const [key, spec] of Object.entries(credentialSpecs(doubleServer.url))) {
		credentials[key] = await client.createCredential(spec);
	}

	t = Date.now();
	const worker1 = await startWorker({ name: 'worker-1', tarball, env, workDir, concurrency: WORKER_CONCURRENCY });
	onStop('worker-1', () => worker1.stop());
	mark('worker1StartMs', t);
	log(`worker-1 ready in ${(timings.worker1StartMs / 1000).toFixed(1)} s`);

	// One active workflow per burst, so that each burst's executions are counted apart.
	const suffix = crypto.randomBytes(3).toString('hex');
	const workflows = {};
	for (const [key, responseMode] of [
		['warmUp', 'onReceived'],
		['oneWorker', 'onReceived'],
		['twoWorkers', 'onReceived'],
		['killedWorker', 'lastNode'],
	]) {
		const webhookPath = `queue-onboarding-${key.toLowerCase()}-${suffix}`;
		const saved = await client.createActiveWorkflow(
			onboardingWorkflow({ name: `Queue onboarding, ${key} (${responseMode}) ${suffix}`, webhookPath, responseMode, credentials }),
		);
		workflows[key] = { id: saved.id, webhookPath };
	}
	await double.config({ latencyMs: LATENCY_MS });
	const seeded = await double.seed({
		boldUsers: Array.from({ length: HIRES * 3 + 2 * WARM_UP }, (_, i) => ({ emailAddress: `lock-${suffix}-${i}@example.com` })),
	});
	const bold = seeded.boldUsers;
	const db = pgClient(postgres);
	await db.connect();
	onStop('database client', () => db.end());

	const figures = { settings: { hires: HIRES, clients: CLIENTS, apiLatencyMs: LATENCY_MS, workerConcurrency: WORKER_CONCURRENCY } };

	t = Date.now();
	await warmUp({ main, db, workflow: workflows.warmUp, hires: makeHires(`warm-a-${suffix}`, WARM_UP, bold.slice(3 * HIRES)) });
	mark('warmUp1Ms', t);

	t = Date.now();
	figures.oneWorker = await throughputPhase({
		label: '1 worker',
		main,
		workers: [worker1],
		db,
		double,
		workflow: workflows.oneWorker,
		hires: makeHires(`one-${suffix}`, HIRES, bold.slice(0, HIRES)),
	});
	mark('phase1Ms', t);

	t = Date.now();
	const worker2 = await startWorker({ name: 'worker-2', tarball, env, workDir, concurrency: WORKER_CONCURRENCY });
	onStop('worker-2', () => worker2.stop());
	mark('worker2StartMs', t);
	log(`worker-2 ready in ${(timings.worker2StartMs / 1000).toFixed(1)} s`);
	// The lifecycle write and the trigger's events, while both workers take jobs; the polls run during the burst.
	t = Date.now();
	const lifecycle = await startLifecycle({ main, workers: [worker1, worker2], db, double, credentials, suffix });
	mark('lifecycleMs', t);
	const triggerItems = new Map();

	t = Date.now();
	await warmUp({ main, db, workflow: workflows.warmUp, hires: makeHires(`warm-b-${suffix}`, WARM_UP, bold.slice(3 * HIRES + WARM_UP)) });
	mark('warmUp2Ms', t);

	t = Date.now();
	figures.twoWorkers = await throughputPhase({
		label: '2 workers',
		main,
		workers: [worker1, worker2],
		db,
		double,
		workflow: workflows.twoWorkers,
		hires: makeHires(`two-${suffix}`, HIRES, bold.slice(HIRES, 2 * HIRES)),
	});
	mark('phase2Ms', t);
	figures.speedup = figures.twoWorkers.executionsPerSecond / figures.oneWorker.executionsPerSecond;
	log(
		`throughput: 1 worker ${figures.oneWorker.executionsPerSecond.toFixed(1)}/s, 2 workers ${figures.twoWorkers.executionsPerSecond.toFixed(1)}/s, ratio ${figures.speedup.toFixed(2)}`,
	);

	// Before the kill: a trigger execution on the killed worker would fail as any other would (n8n's part, above).
	t = Date.now();
	figures.trigger = await awaitLifecycleEvents({ main, db, double, lifecycle, cache: triggerItems });
	mark('triggerEventsMs', t);

	t = Date.now();
	const killHires = makeHires(`kill-${suffix}`, HIRES, bold.slice(2 * HIRES, 3 * HIRES));
	figures.killedWorker = await killPhase({
		label: 'worker killed',
		main,
		workers: [worker1, worker2],
		victim: worker1,
		db,
		double,
		workflow: workflows.killedWorker,
		hires: killHires,
		timings: { lockDurationMs: 10_000, lockRenewMs: 2_000, stalledIntervalMs: 5_000 },
	});
	mark('phase3Ms', t);

	const state = await double.state();
	check(CHECKS.noDuplicate, state.softwareOne.duplicateCreates === 0, `duplicateCreates ${state.softwareOne.duplicateCreates}`);

	t = Date.now();
	figures.recovery = await recoveryPhase({
		label: 'after the kill',
		main,
		db,
		double,
		workflow: workflows.killedWorker,
		hires: killHires,
		killed: figures.killedWorker,
	});
	mark('recoveryMs', t);
	Object.assign(figures.trigger, await checkTriggerReport({ main, workers: [worker1, worker2], db, lifecycle, cache: triggerItems }));
	const outside = egress.attempts();
	check(CHECKS.noEgress, outside.length === 0, outside.slice(0, 3).map((a) => a.target).join(', '));

	timings.totalMs = Date.now() - t0;
	figures.timings = timings;
	figures.workDir = workDir;
	return figures;
}

function printFigures(figures) {
	const o = figures.oneWorker;
	const two = figures.twoWorkers;
	const k = figures.killedWorker;
	process.stdout.write(
		[
			'',
			`Figures (${HIRES} hires per burst, ${CLIENTS} calls at once, API latency ${LATENCY_MS} ms, worker concurrency ${WORKER_CONCURRENCY}):`,
			`  1 worker : ${o.executionsPerSecond.toFixed(1)} executions/s (${(o.wallMs / 1000).toFixed(1)} s), webhooks accepted at ${o.acceptedPerSecond.toFixed(0)}/s`,
			`  2 workers: ${two.executionsPerSecond.toFixed(1)} executions/s (${(two.wallMs / 1000).toFixed(1)} s), split ${JSON.stringify(two.ranOn)}`,
			`  ratio 2/1: ${figures.speedup.toFixed(2)}`,
			`  CPU ms per execution: 1 worker ${JSON.stringify(o.cpuMsPerExecution)}, 2 workers ${JSON.stringify(two.cpuMsPerExecution)}`,
			`  kill     : ${k.killed} SIGKILLed after ${k.answeredAtKill} answers, ${k.inFlightOnKilledWorker} executions in flight there, ` +
				`executions ${JSON.stringify(k.executionStatuses)}, answers ${JSON.stringify(k.httpStatuses)}, ` +
				`failed answers after ${(Math.max(...k.failedAnswersTookMs, 0) / 1000).toFixed(1)} s`,
			`  hires of failed executions: ${k.hiresNotAnswered200.filter((h) => h.created).length} created before the kill (${k.hiresNotAnswered200.filter((h) => h.emailed).length} also e-mailed by Bold), ${k.hiresNotAnswered200.filter((h) => !h.created).length} not`,
			`  failed executions keep run data of: ${JSON.stringify(k.failedRunData)}; caller got ${JSON.stringify(k.failedAnswerBodies)}`,
			`  Retry    : ${JSON.stringify(figures.recovery.retryAnswers)} → ${JSON.stringify(figures.recovery.retriedExecutions)}`,
			`  re-sent  : ${figures.recovery.resent} events → ${JSON.stringify(figures.recovery.resendAnswers)}; created per hire now ${JSON.stringify(figures.recovery.createdPerHireAfterResend)}, Bold e-mails per hire ${JSON.stringify(figures.recovery.emailedAfterResend)}`,
			`  trigger  : Groups Changed and User Removed reported ${(figures.trigger.reportedMs / 1000).toFixed(0)} s after the 2-worker burst; ${figures.trigger.items} items in ${figures.trigger.executions} executions in all, ran on ${JSON.stringify(figures.trigger.ranOn)}`,
			`  time     : ${(figures.timings.totalMs / 1000).toFixed(0)} s in all ${JSON.stringify(figures.timings)}`,
		].join('\n') + '\n',
	);
}

let fatal;
beforeAll(async () => {
	try {
		const figures = await scenario();
		printFigures(figures);
		if (process.env.QUEUE_RESULT_FILE) fs.writeFileSync(process.env.QUEUE_RESULT_FILE, JSON.stringify({ figures, checks: [...checks].map(([name, c]) => ({ name, ...c })) }, null, 2));
	} catch (error) {
		fatal = error;
	}
}, SCENARIO_TIMEOUT_MS);

afterAll(() => cleanUp(), 120_000);

describe('queue mode: Redis, PostgreSQL, one main and two workers', () => {
	test('the scenario ran to the end and made every check listed here', () => {
		if (fatal) throw fatal;
		expect([...checks.keys()].filter((name) => !EXPECTED.includes(name))).toEqual([]);
	});
	for (const name of EXPECTED) {
		test(name, () => {
			const result = checks.get(name);
			if (!result) throw new Error(`not reached: ${fatal ? fatal.message : 'the scenario did not make this check'}`);
			if (!result.ok) throw new Error(`check failed: ${result.detail}`);
		});
	}
});
