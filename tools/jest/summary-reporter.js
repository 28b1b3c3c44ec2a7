'use strict';
// The closing line `npm test` ends with and CI reads: "N passed, N failed, N skipped".
// Jest's own summary ("Tests: …") is not that line, and no published reporter prints it, hence these
// few lines. A test file that cannot load (a syntax error, a require that throws) counts as a failure,
// not as zero tests; so does a run that exits non-zero with no failing test (a global teardown that
// threw, say). The line is written when the process exits, so that nothing jest or a teardown prints
// comes after it. Under tools/jest/side-by-side.js (JEST_LANE_RESULTS names a file) the counts and each
// project's time go to that file instead, and side-by-side.js prints the one closing line for all lanes.

const fs = require('node:fs');

/** Per project (displayName): tests, and seconds from its first file's start to its last file's end. */
function projectTimes(results) {
	const projects = {};
	for (const file of results.testResults) {
		const name = file.displayName?.name ?? file.displayName ?? 'default';
		const project = (projects[name] ??= { tests: 0, start: Infinity, end: 0 });
		project.tests += file.numPassingTests + file.numFailingTests + file.numPendingTests + file.numTodoTests;
		if (file.perfStats?.start) project.start = Math.min(project.start, file.perfStats.start);
		if (file.perfStats?.end) project.end = Math.max(project.end, file.perfStats.end);
	}
	const seconds = ({ start, end }) => (end > 0 ? Math.round((end - start) / 1000) : 0);
	return Object.fromEntries(Object.entries(projects).map(([name, project]) => [name, { tests: project.tests, seconds: seconds(project) }]));
}

module.exports = class SummaryReporter {
	onRunComplete(_contexts, results) {
		const counts = {
			passed: results.numPassedTests,
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		const projects = projectTimes(results);
		const laneFile = process.env.JEST_LANE_RESULTS;
		process.once('exit', (code) => {
			if (code !== 0 && counts.failed === 0) counts.failed = 1;
			if (laneFile) fs.writeFileSync(laneFile, JSON.stringify({ ...counts, exitCode: code, projects }));
			else process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
		});
	}
};
