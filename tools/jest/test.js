#!/usr/bin/env node
// The one test command (README, .ci/run): builds dist/, then every suite in turn, then one closing
// line "N passed, N failed, N skipped" that CI reads. Each suite sets up what it needs (an n8n
// install, Chromium, Redis, PostgreSQL); a set-up that fails is a failure, never a skip.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const suites = [
	{ key: 'unit', name: 'unit, HTTP and in-process', jest: 'jest.config.js', fast: true },
	{ key: 'e2e', name: 'real n8n end to end', jest: 'test/e2e/jest.config.js', args: ['--runInBand'] },
	{ key: 'browser', name: 'the n8n editor in Chromium', jest: 'test/browser/jest.config.js' },
	// Not jest: it prints its own "queue: N passed, N failed".
	{ key: 'queue', name: 'queue mode: Redis, PostgreSQL, main + 2 workers', script: 'test/queue/run.js' },
];
// Parts smaller than a suite that can be left out on their own.
const parts = [{ key: 'n8n1', name: 'the n8n 1.x smoke test', suite: 'e2e', ignore: 'test/e2e/n8n1-smoke' }];

const USAGE = `Usage: npm test [-- [unit] [--leave-out NAME[,NAME...]]]
       node tools/jest/test.js [unit] [--leave-out NAME[,NAME...]]

Builds dist/ (npm run build), then runs every suite and ends with one line:
  N passed, N failed, N skipped
Exit code 0 only when nothing failed and something ran.

  unit                 only the fast suites (unit, HTTP against the double, in-process n8n-core)
  --leave-out NAMES    leave these out, on purpose; the closing line then names them.
                       NAMES: ${[...suites, ...parts].map((s) => s.key).join(', ')}
                       (${[...suites, ...parts].map((s) => `${s.key}: ${s.name}`).join('; ')})
  -h, --help           this text

Every suite installs what it needs on first use (n8n 2.41.1 and 1.123.81 with their own Node into
~/.cache/n8n-nodes-user-invitations, Chromium, Redis and PostgreSQL through apt). A suite that
cannot set itself up fails with the reason; nothing is skipped silently.`;

function parseArgs(argv) {
	const options = { only: undefined, leaveOut: new Set() };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '-h' || arg === '--help') {
			console.log(USAGE);
			process.exit(0);
		} else if (arg === 'unit') options.only = 'unit';
		else if (arg === '--leave-out' || arg.startsWith('--leave-out=')) {
			const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
			for (const name of (value ?? '').split(',').filter(Boolean)) {
				if (![...suites, ...parts].some((s) => s.key === name)) usageError(`unknown name "${name}" after --leave-out`);
				options.leaveOut.add(name);
			}
			if (!value) usageError('--leave-out needs a name');
		} else usageError(`unknown argument "${arg}"`);
	}
	return options;
}

function usageError(message) {
	console.error(`tools/jest/test.js: ${message}\n\n${USAGE}`);
	process.exit(2);
}

/** Children run without npm's own variables, so that `npm test` and `node tools/jest/test.js` behave alike. */
function childEnv(extra = {}) {
	const env = { ...process.env, ...extra };
	for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
	return env;
}

function build() {
	console.log('\n=== build (npm run build): the in-process workflow test and the packed node load dist/');
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const run = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env: childEnv() });
	if (run.status !== 0) {
		console.log(`!!! build failed (exit ${run.status}); counted as one failure, no suite runs`);
		return false;
	}
	return true;
}

function runJest(suite, ignores) {
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json');
	const ignoreArgs = ignores.length > 0 ? ['--testPathIgnorePatterns', '/node_modules/', ...ignores] : [];
	const run = spawnSync(
		process.execPath,
		[jest, '--config', suite.jest, '--ci', '--json', `--outputFile=${report}`, ...(suite.args ?? []), ...ignoreArgs],
		// No FORCE_COLOR: jest colours a terminal by itself, and a forced colour would reach every program
		// the suites start and change the text they print.
		{ cwd: root, stdio: 'inherit', env: childEnv() },
	);
	if (!fs.existsSync(report)) {
		console.log(`!!! ${suite.name}: jest wrote no report (exit ${run.status}); counted as one failure`);
		return { passed: 0, failed: 1, skipped: 0, empty: true };
	}
	const result = JSON.parse(fs.readFileSync(report, 'utf8'));
	// A test file that cannot even load counts as a failure, not as zero tests.
	const brokenFiles = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
	const counts = {
		passed: result.numPassedTests,
		failed: result.numFailedTests + brokenFiles.length,
		skipped: result.numPendingTests + result.numTodoTests,
		empty: result.numTotalTests === 0,
	};
	if (run.status !== 0 && counts.failed === 0) {
		console.log(`!!! ${suite.name}: jest exited ${run.status} with no failing test; counted as one failure`);
		counts.failed = 1;
	}
	return counts;
}

function runScript(suite) {
	const run = spawnSync(process.execPath, [suite.script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: childEnv() });
	process.stdout.write(run.stdout ?? '');
	const match = /(\d+) passed, (\d+) failed\s*$/.exec((run.stdout ?? '').trim());
	if (!match) {
		console.log(`!!! ${suite.name}: no "N passed, N failed" line (exit ${run.status}); counted as one failure`);
		return { passed: 0, failed: 1, skipped: 0, empty: true };
	}
	const counts = { passed: Number(match[1]), failed: Number(match[2]), skipped: 0, empty: false };
	if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
	return counts;
}

function main() {
	const options = parseArgs(process.argv.slice(2));
	const totals = { passed: 0, failed: 0, skipped: 0 };
	const leftOut = [];
	let broken = false;

	if (!build()) {
		console.log('\n0 passed, 1 failed, 0 skipped');
		process.exit(1);
	}
	for (const suite of suites) {
		if (options.only === 'unit' && !suite.fast) continue;
		if (options.leaveOut.has(suite.key)) {
			leftOut.push(suite.name);
			continue;
		}
		const file = suite.jest ?? suite.script;
		if (!fs.existsSync(path.join(root, file))) {
			console.log(`!!! ${suite.name}: ${file} is missing; counted as one failure`);
			totals.failed += 1;
			continue;
		}
		const ignores = parts.filter((part) => part.suite === suite.key && options.leaveOut.has(part.key));
		leftOut.push(...ignores.map((part) => part.name));
		console.log(`\n=== ${suite.name} (${file})${ignores.length ? `, leaving out ${ignores.map((p) => p.name).join(', ')}` : ''}`);
		const started = Date.now();
		const counts = suite.jest ? runJest(suite, ignores.map((part) => part.ignore)) : runScript(suite);
		console.log(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${Math.round((Date.now() - started) / 1000)} s`);
		totals.passed += counts.passed;
		totals.failed += counts.failed;
		totals.skipped += counts.skipped;
		if (counts.empty) broken = true;
	}

	if (totals.passed + totals.failed === 0) broken = true;
	const scope = options.only === 'unit' ? ' (the fast suites only, as asked)' : '';
	const omitted = leftOut.length ? `; left out on request (--leave-out): ${leftOut.join(', ')}` : '';
	console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${scope}${omitted}`);
	process.exit(totals.failed > 0 || broken ? 1 : 0);
}

main();
