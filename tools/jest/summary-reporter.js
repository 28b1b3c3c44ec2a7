'use strict';
// The closing line `npm test` ends with and CI reads: "N passed, N failed, N skipped".
// Jest's own summary ("Tests: …") is not that line, and no published reporter prints it, hence these
// few lines. A test file that cannot load (a syntax error, a require that throws) counts as a failure,
// not as zero tests; so does a run that exits non-zero with no failing test (a global teardown that
// threw, say). The line is written when the process exits, so that nothing jest or a teardown prints
// comes after it.
module.exports = class SummaryReporter {
	onRunComplete(_contexts, results) {
		const counts = {
			passed: results.numPassedTests,
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		process.once('exit', (code) => {
			if (code !== 0 && counts.failed === 0) counts.failed = 1;
			process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
		});
	}
};
