'use strict';
// Real n8n with the packed node installed, the API double, and an egress sink, all on 127.0.0.1: the
// shared end-to-end harness's stack (tools/n8n), without an owner and credentials, which the browser
// suite makes through n8n's own screens. Why hand-written: it only assembles the harness's pieces.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SECRETS, startStack } = require('../n8n');

async function startBrowserStack() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-browser-'));
	const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
	const stack = await startStack({ major: 2, workDir, owner: false }).catch((error) => {
		removeWorkDir();
		throw error;
	});
	return {
		...stack,
		baseUrl: stack.n8n.baseUrl,
		secrets: SECRETS,
		async stop() {
			await stack.stop();
			removeWorkDir();
		},
	};
}

module.exports = { startBrowserStack };
