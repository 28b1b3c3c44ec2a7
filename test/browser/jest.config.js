/**
 * The browser suite: real n8n in headless Chromium, driven as a person would (docs/BROWSER.md).
 * `npm run test:browser`. Plain JavaScript, so jest starts without compiling TypeScript.
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '../..',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.test.js'],
	testEnvironment: 'node',
	transform: {},
	maxWorkers: 1,
	verbose: true,
	// One step of the journey; the set-up (n8n start, first page load) has its own, longer limit.
	testTimeout: 120_000,
};
