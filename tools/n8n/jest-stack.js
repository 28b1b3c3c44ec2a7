'use strict';
// Glue between the jest global set-up (one stack for the whole suite) and the test files.

const fs = require('node:fs');
const { connectStack } = require('./stack');

const STACK_FILE_ENV = 'E2E_STACK_FILE';

/** The stack the global set-up started, or undefined when this file runs outside `npm run test:e2e`. */
function stackDescription() {
	const file = process.env[STACK_FILE_ENV];
	if (!file || !fs.existsSync(file)) return undefined;
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * `describe` for an end-to-end test file: connects to the shared stack in beforeAll. Outside the
 * e2e jest config (for example in the unit run) the block is skipped, with a note saying why.
 */
function describeE2e(name, body) {
	const description = stackDescription();
	if (!description) {
		// eslint-disable-next-line no-undef
		describe.skip(`${name} (end to end: run with npm run test:e2e)`, () => body(() => undefined));
		return;
	}
	let stack;
	// eslint-disable-next-line no-undef
	describe(name, () => {
		// eslint-disable-next-line no-undef
		beforeAll(async () => {
			stack = await connectStack(description);
		});
		body(() => stack);
	});
}

module.exports = { describeE2e, stackDescription, STACK_FILE_ENV };
