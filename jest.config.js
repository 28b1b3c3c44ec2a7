/** The fast suites: unit, HTTP against the double, in-process n8n-core. Real n8n and the browser have their own configs. */
/** @type {import('jest').Config} */
module.exports = {
	// The tests' own tsconfig: the root one is the build's (no test files, no jest or node types).
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testEnvironment: 'node',
	// The sources too, not only test/: jest --findRelatedTests (and Stryker, which uses it) follows imports only
	// through files under a root, so with test/ alone no test was related to a file reached through the node.
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/browser/'],
};
