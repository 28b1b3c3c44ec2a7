'use strict';
// Jest's globalSetup hook (jest.config.js): one stack (API double + n8n 2.41.1, packed node) for the suite.
// It never throws: a global set-up that throws stops jest before any reporter runs, so no closing
// line and no other project's results. The reason goes into the stack file instead, and every e2e
// test then fails with it (tools/n8n/jest-stack.js): a stack that cannot start is a failure, not a skip.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describeStack, ensureN8nWithProgress, startStack, STACK_FILE_ENV } = require('.');

module.exports = async function globalSetup() {
	const started = Date.now();
	let stack;
	try {
		// A first install takes 5-25 minutes: say so, and show progress while it runs.
		await ensureN8nWithProgress(2, { onProgress: (line) => process.stderr.write(`[e2e] ${line}\n`) });
		stack = await startStack({ major: 2 });
	} catch (error) {
		process.stderr.write(`[e2e] the stack did not start: ${error.stack || error.message}\n`);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-e2e-')), 'stack.json');
		fs.writeFileSync(file, JSON.stringify({ error: error.message }));
		process.env[STACK_FILE_ENV] = file;
		return;
	}
	globalThis.__E2E_STACK__ = stack;
	const file = path.join(stack.workDir, 'stack.json');
	fs.writeFileSync(file, JSON.stringify(describeStack(stack), null, 2));
	process.env[STACK_FILE_ENV] = file;
	process.stderr.write(
		`[e2e] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (pack ${(stack.timings.packMs / 1000).toFixed(1)} s, n8n start ${(stack.timings.startMs / 1000).toFixed(1)} s)\n`,
	);
};
