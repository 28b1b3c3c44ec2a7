#!/usr/bin/env node
'use strict';
// Why hand-written: jest 29 has one worker pool for all projects and reads maxWorkers only at the top
// level, so one jest either runs everything one file at a time or lets the real-n8n files (one shared n8n
// and API double each) run into each other; and no published tool starts commands side by side and adds up
// jest's counts. This runs `npm test` as three lanes of jest runs at once (the trigger suite mostly waits for
// n8n's minute, the others mostly compute) and prints the one closing line "N passed, N failed, N skipped".

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { commandLine } = require('../cli');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Each lane runs its jest runs one after the other; the lanes run at the same time. The real-n8n files run
 * one at a time within their lane (in band: in a jest worker, an axios error with its socket in a failed
 * test cannot be sent back to jest and ends the worker), each lane with an n8n 2.41.1 of its own.
 */
const LANES = [
	{ name: 'e2e', runs: [{ projects: ['e2e'] }] },
	// The trigger file mostly waits for n8n's minute; the 1.x smoke test uses its n8n's tarball.
	{ name: 'trigger', runs: [{ projects: ['trigger', 'n8n1'] }, { projects: ['browser'] }] },
	// Jest's default 5 s per unit test is a guard against a hang, not a speed check; beside two busy lanes a
	// CPU-bound case (a 40 MB gzip answer inflated and cut off) can take longer than that.
	{ name: 'unit', runs: [{ projects: ['unit'], workers: 2, args: ['--testTimeout=30000'] }, { projects: ['queue'] }] },
];

const HELP = `Usage: node tools/jest/side-by-side.js [--ignoreProjects NAME...]   (what \`npm test\` runs after the build)

Runs every jest project of jest.config.js in three lanes at once and ends with one line
"N passed, N failed, N skipped" over all of them (exit code 1 if any test or run failed):
${LANES.map((lane) => `  ${lane.name.padEnd(8)} ${lane.runs.map((run) => `${run.projects.join(' + ')}${run.workers ? ` (${run.workers} workers)` : ''}`).join(', then ')}`).join('\n')}
Before the lanes start, whatever they install on first use is installed once (n8n 2.41.1, the packed
node, Chromium, Redis and PostgreSQL), so that no two lanes install the same thing side by side.

  --ignoreProjects NAME...  leave these projects out (as jest's option: every word after it)
  -h, --help                this text`;

function options() {
	const { ignoreProjects, positionals } = commandLine(HELP, { ignoreProjects: { type: 'string', multiple: true } }, { allowPositionals: true });
	if (positionals.length > 0 && !ignoreProjects) {
		process.stderr.write(`side-by-side.js: unexpected ${positionals.join(' ')}\n${HELP}\n`);
		process.exit(2);
	}
	return { ignored: new Set([...(ignoreProjects ?? []), ...positionals]) };
}

const log = (line) => process.stdout.write(`[side-by-side] ${line}\n`);

/** Installs on first use what more than one lane would otherwise install at the same time. */
async function prepare(projects) {
	const real = ['e2e', 'trigger', 'browser', 'queue', 'n8n1'].some((name) => projects.has(name));
	try {
		if (real) {
			const { ensureN8nWithProgress, packPackage } = require('../n8n');
			await ensureN8nWithProgress(2, { onProgress: (line) => log(line) });
			// Warms the cache of packed tarballs (keyed by the sources), which each lane's set-up then reuses.
			const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-pack-'));
			packPackage(scratch);
			fs.rmSync(scratch, { recursive: true, force: true });
		}
		if (projects.has('browser')) spawnSync('bash', [path.join(ROOT, 'tools', 'browser', 'setup.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (projects.has('queue')) require('../queue/services').ensureServerPackages();
	} catch (error) {
		// The suite that needs it fails with the reason; nothing is skipped.
		log(`preparing failed (the suites that need it will say why): ${error.message}`);
	}
}

/** One jest run; its output goes to this terminal, each line marked with the lane. Resolves to its results. */
function runJest(lane, run, resultsFile) {
	const args = [require.resolve('jest/bin/jest'), '--ci', '--selectProjects', ...run.projects, `--maxWorkers=${run.workers ?? 1}`, ...(run.args ?? [])];
	const child = spawn(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, JEST_LANE_RESULTS: resultsFile },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const stream of [child.stdout, child.stderr]) {
		readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${lane.name}] ${line}\n`));
	}
	return new Promise((resolve) => {
		child.on('close', (code, signal) => {
			let counts;
			try {
				counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
			} catch {
				// No results: jest died before its reporters ran. That is a failure, not zero tests.
				counts = { passed: 0, failed: 1, skipped: 0, projects: {} };
			}
			if ((code !== 0 || signal) && counts.failed === 0) counts.failed = 1;
			resolve(counts);
		});
	});
}

async function runLane(lane, dir) {
	const started = Date.now();
	const results = [];
	for (const [index, run] of lane.runs.entries()) results.push(await runJest(lane, run, path.join(dir, `${lane.name}-${index}.json`)));
	return { lane, results, seconds: Math.round((Date.now() - started) / 1000) };
}

async function main() {
	const { ignored } = options();
	const lanes = LANES.map((lane) => ({ ...lane, runs: lane.runs.map((run) => ({ ...run, projects: run.projects.filter((p) => !ignored.has(p)) })).filter((run) => run.projects.length > 0) })).filter(
		(lane) => lane.runs.length > 0,
	);
	const started = Date.now();
	await prepare(new Set(lanes.flatMap((lane) => lane.runs.flatMap((run) => run.projects))));
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-lanes-'));
	const done = await Promise.all(lanes.map((lane) => runLane(lane, dir)));
	fs.rmSync(dir, { recursive: true, force: true });

	const total = { passed: 0, failed: 0, skipped: 0 };
	log(`done in ${Math.round((Date.now() - started) / 1000)} s (load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}):`);
	for (const { lane, results, seconds } of done) {
		const projects = results.flatMap((r) => Object.entries(r.projects).map(([name, p]) => `${name} ${p.tests} tests ${p.seconds} s`));
		log(`  lane ${lane.name}: ${seconds} s (${projects.join(', ')})`);
		for (const r of results) for (const key of Object.keys(total)) total[key] += r[key];
	}
	process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
	process.exitCode = total.failed > 0 ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error.message}\n`);
	process.stdout.write('\n0 passed, 1 failed, 0 skipped\n');
	process.exitCode = 1;
});
