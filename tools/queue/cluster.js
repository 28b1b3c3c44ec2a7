'use strict';
// Why hand-written: n8n documents queue mode as Docker Compose set-ups; nothing on npm starts a main,
// workers, Redis and PostgreSQL as local processes, which is what the tests need.
// n8n 2.41.1 in queue mode: one main (`n8n start`) and `n8n worker` processes, each started by the
// e2e harness's startN8n, all on one PostgreSQL database and one Redis, with the same encryption key and the
// packed community node installed in each process's own N8N_USER_FOLDER/.n8n/nodes.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, startN8n, tail } = require('../n8n');

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
	const userFolder = fs.mkdtempSync(path.join(workDir || os.tmpdir(), `${name}-`));
	const healthPort = await freePort();
	// n8n names a worker "worker-<hostname>" inside a container (this machine counts as one), so two
	// workers on one machine would share a host id. As root, give each its own hostname in a UTS
	// namespace, as each container has: main's log then tells which worker finished which execution.
	const ownHostname = canUnshareUts() ? `queue-${name}` : null;
	const server = await startN8n({
		major: 2,
		tarball,
		userFolder,
		port: healthPort,
		readyTimeoutMs,
		n8nArgs: ['worker', `--concurrency=${concurrency}`],
		wrap: ownHostname ? ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', ownHostname] : [],
		ready: ['/healthz/readiness'],
		env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1', ...env },
	});
	return {
		...server,
		name,
		hostname: ownHostname || os.hostname(),
		healthPort,
		concurrency,
		/** SIGKILL to the whole process group (the worker and its task runner): a container that dies. */
		kill() {
			try {
				process.kill(-server.pid, 'SIGKILL');
			} catch {
				/* gone already */
			}
		},
	};
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
	const records = [];
	for (const line of tail(logPath, Infinity).split('\n')) {
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
		const match = /^Worker (started|finished) execution (\d+) \(job/.exec(String(record.message || ''));
		if (match) (match[1] === 'started' ? started : finished).add(match[2]);
	}
	return { started, finished };
}

module.exports = { sharedEnv, startMain, startWorker, logRecords, workerExecutions };
