#!/usr/bin/env node
// The one test command (README, .ci/run): every jest suite in turn, then one closing line
// "N passed, N failed" that CI reads. `node scripts/test.js unit` runs only the fast suites.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const suites = [
	{ name: 'unit, HTTP and in-process', config: 'jest.config.js', fast: true },
	{ name: 'real n8n end to end', config: 'test/e2e/jest.config.js', fast: false },
];

const only = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

for (const suite of suites) {
	if (only === 'unit' && !suite.fast) continue;
	if (!fs.existsSync(path.join(root, suite.config))) continue;
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json');
	console.log(`\n=== ${suite.name} (${suite.config})`);
	const run = spawnSync(
		process.execPath,
		[jest, '--config', suite.config, '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(3)],
		{ cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } },
	);
	if (!fs.existsSync(report)) {
		console.log(`!!! ${suite.name}: jest wrote no report (exit ${run.status}); counted as one failure`);
		totals.failed += 1;
		broken = true;
		continue;
	}
	const result = JSON.parse(fs.readFileSync(report, 'utf8'));
	// A test file that cannot even load counts as a failure, not as zero tests.
	const brokenFiles = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
	totals.passed += result.numPassedTests;
	totals.failed += result.numFailedTests + brokenFiles.length;
	totals.skipped += result.numPendingTests + result.numTodoTests;
	if (run.status !== 0 && result.numFailedTests + brokenFiles.length === 0) {
		totals.failed += 1;
		console.log(`!!! ${suite.name}: jest exited ${run.status} with no failing test; counted as one failure`);
	}
	if (result.numTotalTests === 0) broken = true;
}

if (totals.passed + totals.failed === 0) broken = true;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
