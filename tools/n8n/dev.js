#!/usr/bin/env node
'use strict';

/**
 * npm run dev:n8n — the local n8n that `npm run dev` (n8n-node dev) reloads the node into.
 * n8n-node dev would otherwise run `npx n8n@latest`: a download from the registry, a version that
 * does not install here, and no settings that keep n8n off outside hosts. This starts the pinned
 * n8n of tools/n8n/install-n8n.sh with the user folder n8n-node dev links this package into, with
 * N8N_DEV_RELOAD (each rebuild shows up in the editor without a restart) and the harness's settings
 * that keep n8n on 127.0.0.1 (quietEnv in tools/n8n/n8n.js, the one copy of that list).
 *
 *   node tools/n8n/dev.js [--help]     (N8N_PORT, default 5678, moves the editor)
 *
 * Editor: http://127.0.0.1:5678 (or N8N_PORT). Stop with Ctrl+C.
 */

const { spawn } = require('node:child_process');
const path = require('node:path');
const { commandLine, headerComment } = require('../cli');
const { cacheDir, ensureN8n, quietEnv } = require('./n8n');

commandLine(headerComment(__filename));
const { hostDir, nodeBin } = ensureN8n(2);
const child = spawn(nodeBin, [path.join(hostDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
	stdio: 'inherit',
	env: {
		...process.env,
		...quietEnv(2),
		N8N_LOG_FORMAT: 'text',
		// Must match --custom-user-folder of the "dev" script in package.json.
		N8N_USER_FOLDER: path.join(cacheDir(), 'dev'),
		N8N_DEV_RELOAD: 'true',
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
	},
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
