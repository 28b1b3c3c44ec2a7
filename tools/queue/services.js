'use strict';
// Redis and PostgreSQL from Debian's packages for the queue-mode scenario (why hand-written: cluster.js):
// installed with apt-get when missing, started on 127.0.0.1 with a free port from a temp folder, no
// persistence, and always stopped again (each in its own process group, with the e2e harness's reaper as a
// watchdog in case this process dies without stopping them).

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { freePort, killGroup, log, sleep, spawnGroup, tail } = require('../n8n');

let aptUpdated = false;

function aptInstall(packages) {
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(`Missing ${packages.join(', ')}: install them (apt-get install -y ${packages.join(' ')}) or run as root`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (!aptUpdated) {
		log('apt-get update (once)…');
		const update = spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
		if (update.status !== 0) throw new Error(`apt-get update failed:\n${update.stderr}`);
		aptUpdated = true;
	}
	log(`apt-get install -y ${packages.join(' ')}…`);
	const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env, encoding: 'utf8' });
	if (install.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${install.stderr}`);
}

function which(command) {
	const run = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return run.status === 0 ? run.stdout.trim() : '';
}

/** Debian puts the server binaries in /usr/lib/postgresql/<major>/bin; the newest one found. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return '';
	const majors = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')) && fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(base, majors[0], 'bin') : '';
}

/** Installs redis-server and postgresql with apt-get when they are not on the machine. */
function ensureServerPackages() {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length) aptInstall(missing);
	// Debian's packages try to start the services through systemd/init scripts; without an init
	// system nothing starts, and we never rely on (or touch) a system instance.
	return { redisServer: which('redis-server'), postgresBin: postgresBinDir() };
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * redis-server on 127.0.0.1:<free port>, no RDB snapshots, no AOF, working folder in a temp dir.
 * @returns {Promise<{host: string, port: number, dir: string, logPath: string, stop(): Promise<void>}>}
 */
async function startRedis({ redisServer, workDir }) {
	const dir = fs.mkdtempSync(path.join(workDir || os.tmpdir(), 'redis-'));
	const port = await freePort();
	const logPath = path.join(dir, 'redis.log');
	const args = [
		'--bind', '127.0.0.1',
		'--port', String(port),
		'--dir', dir,
		'--save', '',
		'--appendonly', 'no',
		'--daemonize', 'no',
		'--protected-mode', 'yes',
		'--loglevel', 'warning',
	];
	const proc = spawnGroup(redisServer, args, { logPath, env: process.env, cwd: dir });
	const stop = async () => {
		await killGroup(proc.pgid, 5000);
		proc.reaper.kill('SIGTERM');
	};
	const deadline = Date.now() + 15_000;
	while (!(await canConnect(port))) {
		if (proc.state.exited || Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not start (${JSON.stringify(proc.state.exited)}):\n${tail(logPath)}`);
		}
		await sleep(50);
	}
	return { host: '127.0.0.1', port, dir, logPath, stop };
}

function postgresUser() {
	if (!process.getuid || process.getuid() !== 0) return {};
	// initdb and postgres refuse to run as root: run them as Debian's "postgres" account.
	const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (uid.status !== 0) throw new Error('Running as root, but there is no "postgres" account to run PostgreSQL as');
	return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * A throw-away PostgreSQL cluster: initdb into a temp folder (trust auth, superuser "postgres"),
 * postgres on 127.0.0.1:<free port> with its socket in the same folder, durability switched off
 * (fsync, synchronous_commit, full_page_writes: a test database, rebuilt every run), and database "n8n".
 * The folder is removed on stop unless `keep`.
 * @returns {Promise<{host, port, user, database, dir, logPath, stop(): Promise<void>}>}
 */
async function startPostgres({ postgresBin, keep = false }) {
	// Its own temp folder, not one inside a private (0700) work folder: postgres runs as another user.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-postgres-'));
	fs.chmodSync(dir, 0o755);
	const data = path.join(dir, 'data');
	const owner = postgresUser();
	if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid);
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	const init = spawnSync(
		path.join(postgresBin, 'initdb'),
		['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'],
		{ cwd: dir, env, encoding: 'utf8', ...owner },
	);
	if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const logPath = path.join(dir, 'postgres.log');
	if (owner.uid !== undefined) fs.writeFileSync(logPath, ''), fs.chownSync(logPath, owner.uid, owner.gid);
	const args = [
		'-D', data,
		'-h', '127.0.0.1',
		'-p', String(port),
		'-k', dir,
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=100',
		'-c', 'shared_buffers=64MB',
	];
	const proc = spawnGroup(path.join(postgresBin, 'postgres'), args, { logPath, env, cwd: dir, ...owner });
	const stop = async () => {
		// SIGINT is postgres' "fast" shutdown (SIGTERM would wait for clients); KILL after 10 s.
		if (!proc.state.exited) {
			try {
				process.kill(proc.pgid, 'SIGINT');
			} catch {
				/* gone */
			}
		}
		const deadline = Date.now() + 10_000;
		while (!proc.state.exited && Date.now() < deadline) await sleep(100);
		await killGroup(proc.pgid, 2000);
		proc.reaper.kill('SIGTERM');
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
	};
	const psql = (sql, database = 'postgres') =>
		spawnSync(path.join(postgresBin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-Atqc', sql], {
			env,
			encoding: 'utf8',
		});
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (proc.state.exited || Date.now() > deadline) {
			await stop();
			throw new Error(`postgres did not start (${JSON.stringify(proc.state.exited)}):\n${tail(logPath)}`);
		}
		if ((await canConnect(port)) && psql('select 1').status === 0) break;
		await sleep(100);
	}
	const created = psql('CREATE DATABASE n8n');
	if (created.status !== 0) {
		await stop();
		throw new Error(`CREATE DATABASE n8n failed: ${created.stderr}`);
	}
	return { host: '127.0.0.1', port, user: 'postgres', database: 'n8n', dir, logPath, psql, stop };
}

module.exports = { ensureServerPackages, startRedis, startPostgres };
