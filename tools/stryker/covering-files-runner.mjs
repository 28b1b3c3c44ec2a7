// Stryker test runner "jest-covering-files": Stryker's jest runner, except that a mutant run loads only
// the test files that hold the tests covering the mutant, one file at a time, and stops at the first
// file that kills it.
//
// Why: with coverageAnalysis "perTest" the jest runner already knows which tests cover a mutant, but it
// hands them to jest as a test-name pattern over every test file related to the mutated file
// (jest --findRelatedTests), all in one run. Almost every test here reaches transport/ and helpers/
// through the node, so each mutant loaded ~20-35 test files (n8n-workflow once per file) to run a few
// tests: ~40 s a mutant, days for the package. The verdict is the same: only a covering test can see a
// non-static mutant, and a mutant is killed when any of them fails, whichever file runs first. Static
// mutants (no per-test coverage) keep the jest runner's own choice. Measured 2026-12-07 (docs/MUTATION.md):
// 8 mutants in 31 s with this runner; the stock runner took ~3 min a mutant, and timed out instead of killing.
//
// Built on the pinned @stryker-mutator/jest-runner 9.6.1: it wraps the runner that plugin creates and
// passes `testFiles` (an option of that runner's own jest adapter) to each mutant run.
import fs from 'node:fs';
import path from 'node:path';
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { strykerPlugins as jestPlugins } from '@stryker-mutator/jest-runner';

// Written by the process that does the dry run, read by every test runner process (same sandbox).
const MAP_FILE = '.stryker-test-files.json';

/** jest reads test paths as patterns (regular expressions): match each file exactly. */
const asPattern = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

function coveringFilesRunnerFactory(injector) {
	const runner = jestPlugins.find((plugin) => plugin.name === 'jest').factory(injector);
	/** test id (jest's full name) -> [file, ms] for each file that holds a test of that name */
	let filesOfTest;
	let filesForThisRun;
	const mapPath = () => path.join(runner.jestConfig?.rootDir ?? process.cwd(), MAP_FILE);

	const dryRun = runner.dryRun.bind(runner);
	runner.dryRun = async (options) => {
		const result = await dryRun(options);
		if (result.status === 'complete') {
			const map = {};
			for (const test of result.tests) {
				map[test.id] ??= [];
				map[test.id].push([test.fileName, test.timeSpentMs]);
			}
			fs.writeFileSync(mapPath(), JSON.stringify(map));
		}
		return result;
	};

	/**
	 * The covering files, quickest first (the time their covering tests took in the dry run): a focused
	 * unit test file usually kills what it covers. undefined: let the jest runner choose.
	 */
	const coveringFiles = (testFilter) => {
		if (!testFilter) return undefined;
		if (!filesOfTest && fs.existsSync(mapPath())) {
			filesOfTest = new Map(Object.entries(JSON.parse(fs.readFileSync(mapPath(), 'utf8'))));
		}
		if (!filesOfTest) return undefined;
		const ms = new Map();
		for (const id of testFilter) {
			const files = filesOfTest.get(id);
			if (!files) return undefined;
			for (const [file, time] of files) ms.set(file, (ms.get(file) ?? 0) + time);
		}
		return [...ms.keys()].sort((a, b) => ms.get(a) - ms.get(b));
	};

	const mutantRun = runner.mutantRun.bind(runner);
	runner.mutantRun = async (options) => {
		const files = coveringFiles(options.testFilter);
		if (!files) return mutantRun(options);
		let nrOfTests = 0;
		let last;
		try {
			for (const file of files) {
				filesForThisRun = [asPattern(file)];
				last = await mutantRun(options);
				if (last.status !== 'survived') return last;
				nrOfTests += last.nrOfTests;
			}
		} finally {
			filesForThisRun = undefined;
		}
		return { ...last, nrOfTests };
	};

	const adapter = runner.jestTestAdapter;
	const adapterRun = adapter.run.bind(adapter);
	adapter.run = (settings) => adapterRun(filesForThisRun ? { ...settings, testFiles: filesForThisRun } : settings);
	return runner;
}
coveringFilesRunnerFactory.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'jest-covering-files', coveringFilesRunnerFactory)];
