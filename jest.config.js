// One jest config, one project per suite. `npm test` builds, then runs the projects in three lanes side
// by side (tools/jest/side-by-side.js, one jest per lane run: `--help` lists them) and ends with one
// closing line over all of them; plain `jest` runs every project one file at a time, ending with the closing line of
// tools/jest/summary-reporter.js. `npm run test:unit|test:e2e|test:browser|test:queue` select projects.
// Jest 29 takes maxWorkers and testTimeout only at the top level: the real-n8n projects run one file at
// a time (they share one n8n and API double per jest run), and the slow projects set their own timeout
// in tools/jest/long-timeout.js. In package.json a flag always follows --selectProjects (jest reads every
// word after it as a project name until the next flag), so that `npm run test:e2e -- test/e2e/flows.e2e.test.ts`
// still names a file; leave suites out with `npm test -- --ignoreProjects browser queue`.
const ts = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };
const slow = { testEnvironment: 'node', rootDir: __dirname, setupFilesAfterEnv: ['<rootDir>/tools/jest/long-timeout.js'] };
const e2eStack = { globalSetup: '<rootDir>/tools/n8n/global-setup.js', globalTeardown: '<rootDir>/tools/n8n/global-teardown.js' };

/** The fast suites: unit, HTTP against the double, in-process n8n-core (Stryker mutates against this one). */
const unit = {
	displayName: 'unit',
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: ts,
	// The sources too, not only test/: jest --findRelatedTests (and Stryker, which uses it) follows imports only
	// through files under a root, so with test/ alone no test was related to a file reached through the node.
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/browser/', '<rootDir>/test/queue/'],
};

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
	slowTestThreshold: 30,
	projects: [
		unit,
		// Real n8n 2.41.1 with the packed node: one n8n and one API double for the whole project (docs/E2E.md).
		{ ...slow, ...e2eStack, displayName: 'e2e', transform: ts, roots: ['<rootDir>/test/e2e'], testMatch: ['**/*.e2e.test.ts'], testPathIgnorePatterns: ['/node_modules/', 'n8n1-smoke', 'trigger.e2e'] },
		// The trigger file on the same stack: a project of its own because it mostly waits for n8n's minute,
		// so `npm test` runs it in a lane beside the other e2e files (with an n8n of its own there).
		{ ...slow, ...e2eStack, displayName: 'trigger', transform: ts, roots: ['<rootDir>/test/e2e'], testMatch: ['**/trigger.e2e.test.ts'] },
		// n8n 1.123.81: its own n8n and API double on the e2e stack's tarball (the same global set-up, which jest
		// runs once); a project of its own so that it can be left out by name (--ignoreProjects n8n1).
		{ ...slow, ...e2eStack, displayName: 'n8n1', transform: ts, roots: ['<rootDir>/test/e2e'], testMatch: ['**/n8n1-smoke.e2e.test.ts'] },
		// The n8n editor in headless Chromium (docs/BROWSER.md). Plain JavaScript: nothing to compile.
		{ ...slow, displayName: 'browser', transform: {}, roots: ['<rootDir>/test/browser'], testMatch: ['**/*.test.js'] },
		// Queue mode: Redis, PostgreSQL, one main and two workers (docs/QUEUE-MODE.md).
		{ ...slow, displayName: 'queue', transform: {}, roots: ['<rootDir>/test/queue'], testMatch: ['**/*.test.js'] },
	],
};
