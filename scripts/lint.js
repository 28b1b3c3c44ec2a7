#!/usr/bin/env node
'use strict';

/**
 * npm run lint — lint the node package the way n8n's verification scanner
 * does, plus this package's n8n Cloud restrictions (see eslint.config.mjs).
 *
 * Lints package.json, nodes/**, credentials/** (TypeScript sources) and the
 * compiled dist/**. Inline `eslint-disable` comments are ignored, because the
 * scanner ignores them. Any error or warning fails. The GitHub workflows are
 * linted too when actionlint is installed.
 *
 *   node scripts/lint.js [--fix] [--dir <package dir>] [--no-dist] [--no-build]
 *                        [--no-workflows]
 *
 *   --fix           apply ESLint autofixes to the sources (dist/ is rebuilt, never fixed)
 *   --dir           lint another package directory (default: this repository)
 *   --no-dist       lint only the sources and package.json
 *   --no-build      if dist/ is missing, fail instead of running `npm run build`
 *   --no-workflows  skip .github/workflows
 *
 * Exit codes: 0 clean, 1 findings, 2 could not lint (e.g. build failed).
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { runEslint, findingLines, REPO_ROOT } = require('./verify/eslint-runner');
const { lintWorkflows } = require('./verify/workflows');

function parseArgs(argv) {
	const opts = { dir: REPO_ROOT, fix: false, dist: true, build: true, workflows: true };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--fix') opts.fix = true;
		else if (a === '--no-dist') opts.dist = false;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--no-workflows') opts.workflows = false;
		else if (a === '--dir') opts.dir = path.resolve(argv[++i] || '');
		else if (a === '-h' || a === '--help') {
			process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
			process.exit(0);
		} else {
			process.stderr.write(`lint: unknown argument ${a}\n`);
			process.exit(2);
		}
	}
	return opts;
}

function newestMtime(dir, re) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, re));
		else if (re.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
	}
	return newest;
}

function ensureDist(opts) {
	const dist = path.join(opts.dir, 'dist');
	if (fs.existsSync(dist)) {
		const src = Math.max(
			newestMtime(path.join(opts.dir, 'nodes'), /\.ts$/),
			newestMtime(path.join(opts.dir, 'credentials'), /\.ts$/),
		);
		if (src > newestMtime(dist, /\.js$/)) {
			process.stdout.write('lint: note: dist/ is older than the sources; run `npm run build` to lint current output\n');
		}
		return true;
	}
	if (!opts.build) {
		process.stderr.write(
			'lint: dist/ is missing. Run `npm run build` first (or pass --no-dist to lint only the sources).\n',
		);
		return false;
	}
	process.stdout.write('lint: dist/ is missing, running `npm run build` first…\n');
	const r = spawnSync('npm', ['run', 'build'], { cwd: opts.dir, stdio: 'inherit' });
	if (r.status !== 0) {
		process.stderr.write(
			'lint: `npm run build` failed, so the compiled dist/ cannot be linted. Fix the build (or pass --no-dist to lint only the sources).\n',
		);
		return false;
	}
	return true;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const { SOURCE_PATTERNS, DIST_PATTERNS } = await import(
		require('node:url').pathToFileURL(path.join(REPO_ROOT, 'eslint.config.mjs')).href
	);

	if (opts.dist && !ensureDist(opts)) process.exit(2);

	if (opts.fix) {
		// Autofix the sources only: dist/ is build output and is rebuilt, not edited.
		await runEslint({ cwd: opts.dir, patterns: SOURCE_PATTERNS, fix: true });
		process.stdout.write('lint: autofixes applied to the sources; run `npm run build` so dist/ matches them\n');
	}
	const patterns = [...SOURCE_PATTERNS, ...(opts.dist ? DIST_PATTERNS : [])];
	const lint = await runEslint({ cwd: opts.dir, patterns });
	if (lint.formatted.trim()) process.stdout.write(lint.formatted);

	let wfFindings = [];
	let wfNote = 'skipped';
	if (opts.workflows) {
		const wf = await lintWorkflows(opts.dir);
		if (wf.files.length === 0) wfNote = 'no workflow files';
		else if (!wf.available) wfNote = 'actionlint not installed, only provenance checks run';
		else wfNote = `${wf.files.length} file(s) checked with actionlint`;
		wfFindings = wf.findings;
		for (const f of wfFindings) process.stdout.write(`${f}\n`);
	}

	const rules = new Map();
	for (const line of findingLines(lint.results, opts.dir)) {
		const rule = line.split(' ')[2];
		rules.set(rule, (rules.get(rule) || 0) + 1);
	}
	const total = lint.errorCount + lint.warningCount + wfFindings.length;
	process.stdout.write(
		[
			'',
			`lint: ${lint.fileCount} file(s) linted (${opts.dist ? 'sources, package.json and dist/' : 'sources and package.json'}), inline eslint-disable comments ignored`,
			`lint: ${lint.errorCount} error(s), ${lint.warningCount} warning(s); workflows: ${wfFindings.length} finding(s) (${wfNote})`,
			...[...rules.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n}\t${r}`),
			total === 0 ? 'lint: OK' : `lint: FAILED (${total} finding(s))`,
			'',
		].join('\n'),
	);
	process.exit(total === 0 ? 0 : 1);
}

main().catch((err) => {
	process.stderr.write(`lint: ${err && err.stack ? err.stack : err}\n`);
	process.exit(2);
});
