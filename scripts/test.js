#!/usr/bin/env node
// The one test command (README, .ci/run): every suite in turn, then one closing line
// "N passed, N failed" that CI reads. `node scripts/test.js unit` runs only the fast suites.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const suites = [
	{ name: 'unit, HTTP and in-process', jest: 'jest.config.js', fast: true },
	{ name: 'real n8n end to end', jest: 'test/e2e/jest.config.js', args: ['--runInBand'] },
	{ name: 'the n8n editor in Chromium', jest: 'test/browser/jest.config.js' },
	// Not jest: it prints its own "queue: N passed, N failed".
	{ name: 'queue mode: Redis, PostgreSQL, main + 2 workers', script: 'test/queue/run.js' },
];

const only = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function runJest(suite) {
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json');
	const run = spawnSync(
		process.execPath,
		[jest, '--config', suite.jest, '--ci', '--json', `--outputFile=${report}`, ...(suite.args ?? [])],
		{ cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } },
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
	const run = spawnSync(process.execPath, [suite.script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
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

for (const suite of suites) {
	if (only === 'unit' && !suite.fast) continue;
	if (!fs.existsSync(path.join(root, suite.jest ?? suite.script))) continue;
	console.log(`\n=== ${suite.name} (${suite.jest ?? suite.script})`);
	const started = Date.now();
	const counts = suite.jest ? runJest(suite) : runScript(suite);
	console.log(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	totals.skipped += counts.skipped;
	if (counts.empty) broken = true;
}

if (totals.passed + totals.failed === 0) broken = true;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
