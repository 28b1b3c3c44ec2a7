'use strict';
// Starts one stack (API double + n8n 2.41.1 with the packed node) for the whole e2e suite.

const fs = require('node:fs');
const path = require('node:path');
const { describeStack, ensureN8nWithProgress, startStack, STACK_FILE_ENV } = require('.');

module.exports = async function globalSetup() {
	const started = Date.now();
	// A first install takes 5-25 minutes: say so, and show progress while it runs.
	await ensureN8nWithProgress(2, { onProgress: (line) => process.stderr.write(`[e2e] ${line}\n`) });
	const stack = await startStack({ major: 2 });
	globalThis.__E2E_STACK__ = stack;
	const file = path.join(stack.workDir, 'stack.json');
	fs.writeFileSync(file, JSON.stringify(describeStack(stack), null, 2));
	process.env[STACK_FILE_ENV] = file;
	process.stderr.write(
		`[e2e] stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (pack ${(stack.timings.packMs / 1000).toFixed(1)} s, n8n start ${(stack.timings.startMs / 1000).toFixed(1)} s)\n`,
	);
};
