'use strict';
// Why hand-written: n8n documents queue mode as Docker Compose set-ups; nothing on npm starts a main,
// workers, Redis and PostgreSQL as local processes, which is what the tests need.
// n8n 2.41.1 in queue mode: one main (`n8n start`, through the e2e harness) and `n8n worker`
// processes, all on one PostgreSQL database and one Redis, with the same encryption key and the
// packed community node installed in each process's own N8N_USER_FOLDER/.n8n/nodes.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');
const { quietEnv, ensureN8n, freePort, installPackage, killGroup, sleep, spawnGroup, startN8n, tail } = require('../n8n');

/**
 * The environment every process of the cluster shares: queue mode, the database, Redis, the key.
 * Lock and stalled-job timings are shortened from n8n's defaults (lock 60 s, stalled check every 30 s)
 * so that a killed worker's jobs are noticed within seconds; docs/QUEUE-MODE.md says what they do.
 */
function sharedEnv({ redis, postgres, encryptionKey, timings = {} }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		N8N_ENCRYPTION_KEY: encryptionKey,
		QUEUE_WORKER_LOCK_DURATION: String(timings.lockDurationMs ?? 10_000),
		QUEUE_WORKER_LOCK_RENEW_TIME: String(timings.lockRenewMs ?? 2_000),
		QUEUE_WORKER_STALLED_INTERVAL: String(timings.stalledIntervalMs ?? 5_000),
	};
}

/** Starts the main instance (UI, REST API, webhooks; enqueues executions, runs none). */
async function startMain({ tarball, env, workDir }) {
	const userFolder = fs.mkdtempSync(path.join(workDir || os.tmpdir(), 'main-'));
	const server = await startN8n({ major: 2, tarball, userFolder, env, readyTimeoutMs: 180_000 });
	return { ...server, name: 'main' };
}

/**
 * Starts `n8n worker --concurrency=<n>` with its own user folder (the package installed there),
 * task-runner broker port and health-check port, and waits for GET /healthz/readiness = 200.
 */
async function startWorker({ name, tarball, env, workDir, concurrency = 10, readyTimeoutMs = 180_000 }) {
	const install = ensureN8n(2);
	const userFolder = fs.mkdtempSync(path.join(workDir || os.tmpdir(), `${name}-`));
	if (tarball) installPackage(userFolder, tarball);
	const healthPort = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === healthPort) brokerPort = await freePort();
	const childEnv = {
		...process.env,
		...quietEnv(2),
		N8N_USER_FOLDER: userFolder,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH}`,
		...env,
	};
	for (const key of Object.keys(childEnv)) {
		if (childEnv[key] === null || childEnv[key] === undefined) delete childEnv[key];
		else if (key.startsWith('npm_') || key.startsWith('JEST_')) delete childEnv[key];
	}
	delete childEnv.NODE_ENV; // NODE_ENV=test makes n8n exit silently
	const logPath = path.join(userFolder, 'n8n.log');
	const command = [install.nodeBin, path.join(install.hostDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'worker', `--concurrency=${concurrency}`];
	// n8n names a worker "worker-<hostname>" inside a container (this machine counts as one), so two
	// workers on one machine would share a host id. As root, give each its own hostname in a UTS
	// namespace, as each container has: main's log then tells which worker finished which execution.
	const ownHostname = canUnshareUts() ? `queue-${name}` : null;
	const proc = ownHostname
		? spawnGroup('unshare', ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', ownHostname, ...command], {
				logPath,
				env: childEnv,
				cwd: userFolder,
			})
		: spawnGroup(command[0], command.slice(1), { logPath, env: childEnv, cwd: userFolder });
	const worker = {
		name,
		hostname: ownHostname || os.hostname(),
		pid: proc.child.pid,
		userFolder,
		logPath,
		healthPort,
		brokerPort,
		concurrency,
		startupMs: 0,
		exited: () => proc.state.exited,
		logTail: (chars) => tail(logPath, chars),
		/** SIGKILL to the whole process group (the worker and its task runner): a container that dies. */
		kill() {
			try {
				process.kill(-proc.pgid, 'SIGKILL');
			} catch {
				/* gone already */
			}
		},
		async stop() {
			await killGroup(proc.pgid);
			proc.reaper.kill('SIGTERM');
		},
	};
	const started = Date.now();
	const agent = new http.Agent({ keepAlive: false });
	for (;;) {
		if (proc.state.exited) {
			await worker.stop();
			throw new Error(`${name} exited during start-up (${JSON.stringify(proc.state.exited)}):\n${tail(logPath, 3000)}`);
		}
		if (Date.now() - started > readyTimeoutMs) {
			await worker.stop();
			throw new Error(`${name} was not ready after ${readyTimeoutMs / 1000} s:\n${tail(logPath, 3000)}`);
		}
		try {
			const res = await axios.get(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
				timeout: 2000,
				validateStatus: () => true,
				httpAgent: agent,
			});
			if (res.status === 200) break;
		} catch {
			/* not listening yet */
		}
		await sleep(250);
	}
	worker.startupMs = Date.now() - started;
	return worker;
}

let unshareWorks;
function canUnshareUts() {
	if (unshareWorks === undefined) {
		const probe = spawnSync('unshare', ['--uts', 'sh', '-c', 'hostname queue-probe && hostname'], { encoding: 'utf8' });
		unshareWorks = probe.status === 0 && probe.stdout.trim() === 'queue-probe';
	}
	return unshareWorks;
}

/** JSON log records of one n8n process (N8N_LOG_FORMAT=json); lines that are not JSON are skipped. */
function logRecords(logPath) {
	let text = '';
	try {
		text = fs.readFileSync(logPath, 'utf8');
	} catch {
		return [];
	}
	const records = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			records.push(JSON.parse(line));
		} catch {
			/* a partial last line */
		}
	}
	return records;
}

/** Execution ids a worker logged as "Worker started/finished execution <id> (job <job>)". */
function workerExecutions(logPath) {
	const started = new Set();
	const finished = new Set();
	for (const record of logRecords(logPath)) {
		const message = String(record.message || '');
		const match = /^Worker (started|finished) execution (\d+) \(job/.exec(message);
		if (!match) continue;
		(match[1] === 'started' ? started : finished).add(match[2]);
	}
	return { started, finished };
}

module.exports = { sharedEnv, startMain, startWorker, logRecords, workerExecutions };
