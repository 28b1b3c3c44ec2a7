// npm run test:mutation (= stryker run) — Stryker over the node and credential sources. Its own reporters
// print the score per file and folder (clear-text) and write test-results/mutation/index.html and
// mutation.json. `npm run test:mutation -- --help` lists Stryker's options; the ones used most:
//   --mutate <file>[:<from>-<to>]   one file or line range; give it its own --incrementalFile
//                                   (e.g. test-results/mutation/incremental/<name>.json) so that the
//                                   full run's incremental file keeps its results
//   --concurrency <n>               test runner processes (default 1: the machine is shared)
//   --force                         test every mutant again, ignoring the incremental file
// Score = (killed + timed out) / (killed + timed out + survived + no coverage); ignored mutants and
// compile or runtime errors do not count.
import { createRequire } from 'node:module';

// The unit project of jest.config.js, as a single config: Stryker's jest runner does not take projects.
// Its rootDir is left out, so that jest resolves <rootDir> in Stryker's sandbox, not in this checkout.
// eslint-disable-next-line no-unused-vars
const { rootDir, ...unit } = createRequire(import.meta.url)('./jest.config.js').projects.find((p) => p.displayName === 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	// Stryker's jest runner, loading only the test files that cover a mutant: see tools/stryker/covering-files-runner.mjs.
	testRunner: 'jest-covering-files',
	// ts-jest compiles the sandbox's instrumented sources itself: no build step, and dist/ is not used.
	jest: {
		configFile: 'jest.config.js',
		config: {
			...unit,
			projects: [],
			testPathIgnorePatterns: [
				...unit.testPathIgnorePatterns,
				// Runs the BUILT dist/ (as n8n loads it), which Stryker does not mutate: it can kill nothing.
				'<rootDir>/test/nodes/UserInvitation/UserInvitation.workflow.test.ts',
				// npm pack, the scanner and ESLint on tools/verify/: no code of nodes/ or credentials/ runs there.
				'<rootDir>/test/verify/',
			],
		},
	},
	coverageAnalysis: 'perTest',
	// n8n UI descriptions and prose (labels, help texts, the AI tool texts) are reported as Ignored, not
	// counted: see the reasons in tools/stryker/ui-text-ignorer.mjs. Error messages still count.
	appendPlugins: ['./tools/stryker/covering-files-runner.mjs', './tools/stryker/ui-text-ignorer.mjs'],
	ignorers: ['n8n-ui-description'],
	// Static mutants (module-level constants: the validation patterns, the option ceilings, the endpoint
	// table) run only when a file loads, so Stryker tests each by reloading and re-running every related
	// test file: about 85 s each here, ~300 of them. Left out by default (reported as Ignored);
	// MUTATION_STATIC=1 tests them, best with --mutate on one file or line range.
	ignoreStatic: process.env.MUTATION_STATIC !== '1',
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	ignorePatterns: ['dist', 'coverage', 'test-results', '.e2e-artifacts', 'docs', 'examples', 'tools/bench', '*.tgz'],
	tempDirName: 'test-results/stryker-tmp',
	incremental: true,
	incrementalFile: 'test-results/mutation/stryker-incremental.json',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'test-results/mutation/index.html' },
	jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
	// Two cores shared with other work: one test runner unless told otherwise (`-- --concurrency 2`).
	concurrency: 1,
	timeoutMS: 10000,
	dryRunTimeoutMinutes: 20,
};
