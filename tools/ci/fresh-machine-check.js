#!/usr/bin/env node
'use strict';
// Runs the README's set-up the way a new user does: a clean clone, an empty home folder, the two
// commands; checks each closing line, exit code and that `git status` stays clean; prints the figures.
// Why hand-written: it drives this repository's own two commands and reads their closing lines.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { commandLine } = require('../cli');

const USAGE = `Usage: node tools/ci/fresh-machine-check.js [--ref REF] [--repo URL|PATH] [--scenario NAME] [--keep] [--workdir DIR]

Clones REF into a new temporary folder and runs, with HOME set to a new empty folder (so empty
~/.cache and ~/.npm, no ~/.npmrc) and a minimal environment (no npm_config_*, no N8N_* variables):

  demo-then-test   npm ci && npm run demo, then npm test            (the default)
  test-only        npm ci && npm test, in a clone and home of its own
  both             the two above, one after the other

Checks: every command exits 0; the demo ends "Everything behaved as intended"; npm test ends
"N passed, 0 failed, 0 skipped"; \`git status --porcelain\` prints nothing afterwards.
Prints the wall time of each command, the disk used by the home folder's caches and the clone,
and the counts. The last line is "fresh-machine check: PASSED" or "... FAILED: <reasons>";
exit code 0 only when it passed.

Everything an n8n install needs is downloaded again (2-3 GB per n8n version, tens of minutes on
2 cores). System packages (Chromium, Redis, PostgreSQL) are machine-wide: the suites install them
with apt when missing, and an earlier install is reused.

  --ref REF        the commit, branch or tag to clone (default: HEAD of this checkout; uncommitted
                   changes are not part of the check)
  --repo URL|PATH  the repository to clone (default: this checkout)
  --scenario NAME  demo-then-test, test-only or both (default: demo-then-test)
  --keep           keep the clones and home folders (default: removed at the end, they hold GBs;
                   the logs of each command are always kept in the work folder)
  --workdir DIR    where the temporary folders go (default: a new folder under $TMPDIR or /tmp)
  -h, --help       this text`;

const HERE = path.resolve(__dirname, '..', '..');
const SCENARIOS = { 'demo-then-test': ['demo-then-test'], 'test-only': ['test-only'], both: ['demo-then-test', 'test-only'] };
const flags = commandLine(USAGE, {
	ref: { type: 'string' },
	repo: { type: 'string', default: HERE },
	scenario: { type: 'string', default: 'demo-then-test' },
	keep: { type: 'boolean', default: false },
	workdir: { type: 'string' },
});
if (!SCENARIOS[flags.scenario]) {
	process.stderr.write(`fresh-machine-check: unknown scenario '${flags.scenario}'\n`);
	process.exit(2);
}
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const ref = flags.ref || git('-C', HERE, 'rev-parse', 'HEAD');
const tmp = process.env.TMPDIR || '/tmp';
const workdir = flags.workdir ? path.resolve(flags.workdir) : fs.mkdtempSync(path.join(tmp, 'fresh-machine-check.'));
fs.mkdirSync(workdir, { recursive: true });

const failures = [];
const summary = [];
const say = (text) => console.log(`[fresh-check ${new Date().toISOString().slice(11, 19)}] ${text}`);
function fail(reason) {
	failures.push(reason);
	say(`FAILED: ${reason}`);
}
const duration = (s) => `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
const sizeOf = (p) => (fs.existsSync(p) ? execFileSync('du', ['-sh', p], { encoding: 'utf8' }).split('\t')[0] : '-');

// The logs stay; the clones and homes (GBs) go unless --keep.
function cleanup() {
	if (flags.keep) return say(`kept: ${workdir}`);
	for (const label of fs.readdirSync(workdir)) for (const part of ['repo', 'home']) fs.rmSync(path.join(workdir, label, part), { recursive: true, force: true });
	say(`logs kept in ${workdir}/*/logs`);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (cleanup(), process.exit(130)));

/** One command in the clone with the empty home and a minimal environment, echoed and logged; its exit code. */
async function runStep(name, clone, home, log, command) {
	say(`${name}: ${command.join(' ')} (log: ${log})`);
	const started = Date.now();
	const { PATH, USER = 'root', LANG = 'C.UTF-8', TERM = 'dumb', SHELL = '/bin/bash' } = process.env;
	const env = { PATH, HOME: home, USER, LANG, TERM, TMPDIR: tmp, SHELL };
	const child = spawn(command[0], command.slice(1), { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const out = fs.createWriteStream(log);
	for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (process.stdout.write(chunk), out.write(chunk)));
	const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? signal)));
	await new Promise((resolve) => out.end(resolve));
	const took = duration(Math.round((Date.now() - started) / 1000));
	summary.push(`  ${name.padEnd(34)} exit ${String(code).padEnd(3)} ${took}`);
	say(`${name}: exit ${code} after ${took}`);
	if (code !== 0) fail(`${name} exited non-zero`);
	return fs.readFileSync(log, 'utf8');
}

/** One scenario: its own clone and its own empty home. */
async function scenario(label) {
	const [clone, home, logs] = ['repo', 'home', 'logs'].map((part) => path.join(workdir, label, part));
	fs.mkdirSync(home, { recursive: true });
	fs.mkdirSync(logs, { recursive: true });
	say(`=== ${label}: clone of ${flags.repo} at ${ref} into ${clone}, HOME=${home} (empty)`);
	try {
		execFileSync('git', ['clone', '--quiet', flags.repo, clone], { stdio: 'inherit' });
		execFileSync('git', ['-C', clone, 'checkout', '--quiet', ref], { stdio: 'inherit' });
	} catch {
		return fail(`${label}: clone/checkout of ${ref}`);
	}
	summary.push(`${label} (${git('-C', clone, 'log', '-1', '--format=%h %s').slice(0, 70)})`);
	const started = Date.now();
	const ci = await runStep(`${label}: npm ci`, clone, home, path.join(logs, 'npm-ci.log'), ['npm', 'ci']);
	if (label === 'demo-then-test') {
		const demo = await runStep(`${label}: npm run demo`, clone, home, path.join(logs, 'demo.log'), ['npm', 'run', 'demo']);
		const last = demo.split('\n').filter((line) => line.includes('behaved as intended')).pop();
		summary.push(`  demo closing line: ${last || '<none>'}`);
		if (!last?.startsWith('Everything behaved as intended')) fail(`${label}: the demo did not end 'Everything behaved as intended'`);
	}
	const test = await runStep(`${label}: npm test`, clone, home, path.join(logs, 'npm-test.log'), ['npm', 'test']);
	const closing = test.split('\n').filter((line) => /^\d+ passed, \d+ failed, \d+ skipped/.test(line)).pop();
	summary.push(`  ${label}: npm test closing line: ${closing || '<none>'}`);
	if (!/^\d+ passed, 0 failed, 0 skipped$/.test(closing || '')) {
		fail(`${label}: npm test did not end with 'N passed, 0 failed, 0 skipped' (got: '${closing || 'nothing'}')`);
	}
	const dirty = git('-C', clone, 'status', '--porcelain');
	if (dirty) fail(`${label}: git status --porcelain is not empty:\n${dirty}`);
	summary.push(`  ${label}: git status ${dirty ? 'NOT clean' : '--porcelain empty'}`);
	summary.push(`  total wall time ${duration(Math.round((Date.now() - started) / 1000))}`);
	const cache = path.join(home, '.cache', 'n8n-nodes-user-invitations');
	summary.push(`  disk: ~/.cache/n8n-nodes-user-invitations ${sizeOf(cache)}, ~/.npm ${sizeOf(path.join(home, '.npm'))}, home in all ${sizeOf(home)}, clone (with node_modules) ${sizeOf(clone)}`);
	if (fs.existsSync(cache)) for (const part of fs.readdirSync(cache)) summary.push(`        ${part} ${sizeOf(path.join(cache, part))}`);
	const warnings = ci.split('\n').filter((line) => line.includes('npm warn')).length;
	summary.push(`  npm ci printed ${warnings} 'npm warn' lines${ci.includes('EBADENGINE') ? ' (EBADENGINE among them)' : ''}`);
}

async function main() {
	say(`work folder: ${workdir}`);
	say(`node ${process.version}, npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}, ${os.availableParallelism()} cores`);
	const started = Date.now();
	for (const label of SCENARIOS[flags.scenario]) await scenario(label);
	console.log(`\n=== fresh-machine check: ${flags.repo} at ${ref} (${duration(Math.round((Date.now() - started) / 1000))} in all)`);
	console.log(summary.join('\n'));
	cleanup();
	if (failures.length === 0) return console.log('fresh-machine check: PASSED');
	console.log(`fresh-machine check: FAILED: ${failures.length} problem(s)\n${failures.map((f) => `  - ${f}`).join('\n')}`);
	process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	cleanup();
	process.exit(2);
});
