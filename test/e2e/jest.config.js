// npm run test:e2e — real n8n end to end. One n8n server and one API double for the whole run
// (global-setup.js); test files run one after another. See docs/E2E.md.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/tools/n8n/global-setup.js',
	globalTeardown: '<rootDir>/tools/n8n/global-teardown.js',
	maxWorkers: 1,
	testTimeout: 120_000,
	slowTestThreshold: 30,
};
