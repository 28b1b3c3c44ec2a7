#!/usr/bin/env node
'use strict';

/**
 * npm run lint:workflows (also the last step of npm run lint) — actionlint on .github/workflows.
 * Ours because nothing of n8n's looks at the workflows, and the publish workflow is the only way
 * a release gets the npm provenance n8n's verification requires (npm run verify checks that
 * part). The `actionlint` dev dependency is actionlint compiled to WebAssembly: no download.
 *
 *   node tools/verify/lint-workflows.js [--dir <package dir>]
 *
 * Exit codes: 0 clean, 1 findings, 2 could not run.
 */

const path = require('node:path');
const { commandLine, headerComment } = require('../cli');
const { readWorkflows } = require('./package-checks');

async function main() {
	const flags = commandLine(headerComment(__filename), { dir: { type: 'string', default: path.join(__dirname, '..', '..') } });
	const workflows = readWorkflows(path.resolve(flags.dir));
	const lint = await require('actionlint').createLinter();
	let findings = 0;
	for (const { file, text } of workflows) {
		for (const r of lint(text, file)) {
			findings++;
			process.stdout.write(`${file}:${r.line}:${r.column} actionlint[${r.kind}] ${r.message}\n`);
		}
	}
	process.stdout.write(`lint:workflows: ${workflows.length} workflow file(s), ${findings} finding(s)\n`);
	return findings ? 1 : 0;
}

main().then(
	// actionlint keeps the Go/WASM runtime alive; leave explicitly.
	(code) => process.exit(code),
	(err) => {
		process.stderr.write(`lint:workflows: ${err && err.stack ? err.stack : err}\n`);
		process.exit(2);
	},
);
