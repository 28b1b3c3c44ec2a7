'use strict';
// Glue between jest's global set-up (one stack for the suite) and the test files: jest shares no fixture.

const fs = require('node:fs');
const { connectStack } = require('./stack');

const STACK_FILE_ENV = 'E2E_STACK_FILE';

function readDescription() {
	const file = process.env[STACK_FILE_ENV];
	if (!file || !fs.existsSync(file)) return undefined;
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * The stack the global set-up started, or undefined when this file runs outside the e2e projects.
 * Throws the set-up's reason when the stack could not start (so the calling test fails with it).
 */
function stackDescription() {
	const description = readDescription();
	if (description?.error) throw new Error(`the shared e2e stack did not start (tools/n8n/global-setup.js): ${description.error}`);
	return description;
}

/**
 * `describe` for an end-to-end test file: connects to the shared stack in beforeAll. Outside the
 * e2e jest config (for example in the unit run) the block is skipped, with a note saying why.
 */
/** @param {(stack: () => import('.').Stack) => void} body */
function describeE2e(name, body) {
	if (!readDescription()) {
		describe.skip(`${name} (end to end: run with npm run test:e2e)`, () => body(() => undefined));
		return;
	}
	let stack;
	describe(name, () => {
		beforeAll(async () => {
			stack = await connectStack(stackDescription());
		});
		body(() => stack);
	});
}

module.exports = { describeE2e, stackDescription, STACK_FILE_ENV };
