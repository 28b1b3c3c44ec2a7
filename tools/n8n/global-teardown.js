'use strict';
// Jest's globalTeardown hook (jest.config.js): stops the stack global-setup.js started.
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const stack = globalThis.__E2E_STACK__;
	if (!stack) return;
	const attempts = stack.egressAttempts();
	if (attempts.length > 0) {
		const list = attempts.map((a) => `  ${a.method} ${a.target}\n`).join('');
		process.stderr.write(`[e2e] the egress sink refused ${attempts.length} request(s) n8n sent beyond loopback/NO_PROXY:\n${list}`);
	}
	await stack.stop();
	if (process.env.E2E_KEEP !== '1') fs.rmSync(stack.workDir, { recursive: true, force: true });
};
