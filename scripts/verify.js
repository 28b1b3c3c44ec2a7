#!/usr/bin/env node
'use strict';

/**
 * npm run verify — check the package the way n8n checks a community node
 * package before verifying it, on what `npm pack` would publish.
 *
 *   node scripts/verify.js [--dir <package dir>] [--build] [--no-build]
 *                          [--allow-warnings] [--no-workflows] [--keep]
 *
 *   --dir             check another package directory (default: this repository)
 *   --build           run `npm run build` first even if dist/ exists
 *   --no-build        if dist/ is missing, fail instead of building
 *   --allow-warnings  ESLint warnings do not fail verify (errors always do)
 *   --no-workflows    skip the GitHub workflow checks
 *   --keep            keep the temporary directory with the tarball
 *
 * What it does:
 *   1. `npm pack` into a temporary directory and unpack the tarball.
 *   2. package.json checks (name, keyword, MIT, no runtime dependencies, only
 *      n8n-workflow as peer, n8n section, no install scripts, no overrides,
 *      author/homepage/repository, ...).
 *   3. Tarball checks (only dist/ + package.json/README/LICENSE/CHANGELOG, every
 *      n8n entry and every icon it references is present, no test code).
 *   4. ESLint with eslint.config.mjs, inline config disabled, on the sources
 *      (package.json, nodes/**, credentials/** — the scanner's source leg) and
 *      on the tarball (**\/*.js + package.json — the scanner's tarball leg).
 *      This covers no env / fs / process / timer access in node code.
 *   5. GitHub workflows: actionlint, and the publish workflow uses provenance.
 *
 * Prints every finding and `verify: OK` on success. Exit codes: 0 OK,
 * 1 findings, 2 could not run (e.g. npm pack failed).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { runEslint, findingLines, REPO_ROOT } = require('./verify/eslint-runner');
const {
	checkManifest,
	checkTarball,
	findInlineDirectives,
} = require('./verify/package-checks');
const { lintWorkflows } = require('./verify/workflows');

function parseArgs(argv) {
	const o = {
		dir: REPO_ROOT,
		build: 'if-missing',
		allowWarnings: false,
		workflows: true,
		keep: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--dir') o.dir = path.resolve(argv[++i] || '');
		else if (a === '--build') o.build = 'always';
		else if (a === '--no-build') o.build = 'never';
		else if (a === '--allow-warnings') o.allowWarnings = true;
		else if (a === '--no-workflows') o.workflows = false;
		else if (a === '--keep') o.keep = true;
		else if (a === '-h' || a === '--help') {
			process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
			process.exit(0);
		} else {
			process.stderr.write(`verify: unknown argument ${a}\n`);
			process.exit(2);
		}
	}
	return o;
}

const log = (s = '') => process.stdout.write(`${s}\n`);

function fail(msg) {
	process.stderr.write(`verify: ${msg}\n`);
	process.exit(2);
}

function listFiles(root, rel = '') {
	const out = [];
	const dir = path.join(root, rel);
	if (!fs.existsSync(dir)) return out;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const r = rel ? `${rel}/${e.name}` : e.name;
		if (e.isDirectory()) {
			if (e.name !== 'node_modules') out.push(...listFiles(root, r));
		} else out.push(r);
	}
	return out;
}

function build(dir) {
	log('verify: running `npm run build`…');
	const r = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (r.status !== 0) {
		process.stdout.write(r.stdout || '');
		process.stdout.write(r.stderr || '');
		return false;
	}
	return true;
}

function pack(dir, dest) {
	const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (r.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${r.stderr}`);
	let info;
	try {
		// npm may print notices before the JSON; take the JSON array.
		info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
	} catch (e) {
		throw new Error(`could not read npm pack output: ${e.message}\n${r.stdout}`);
	}
	const tarball = path.join(dest, info.filename);
	const unpackDir = path.join(dest, 'package');
	fs.mkdirSync(unpackDir, { recursive: true });
	const t = spawnSync('tar', ['-xzf', tarball, '-C', unpackDir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (t.status !== 0) throw new Error(`could not unpack ${tarball}: ${t.stderr}`);
	return { info, tarball, unpackDir };
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const pkgPath = path.join(o.dir, 'package.json');
	if (!fs.existsSync(pkgPath)) fail(`no package.json in ${o.dir}`);
	const srcPkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	log(`verify: ${srcPkg.name}@${srcPkg.version} in ${o.dir}`);

	/** @type {{section: string, text: string}[]} */
	const findings = [];
	const warnings = [];
	const add = (section, list) => list.forEach((text) => findings.push({ section, text }));

	// 0. Build output
	const distMissing = !fs.existsSync(path.join(o.dir, 'dist'));
	if (o.build === 'always' || (distMissing && o.build === 'if-missing')) {
		if (!build(o.dir)) add('build', ['`npm run build` failed — the package cannot be published']);
	} else if (distMissing) {
		add('build', ['dist/ is missing: run `npm run build` first (or drop --no-build)']);
	}

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-verify-'));
	try {
		// 1. Pack + unpack
		const { info, unpackDir } = pack(o.dir, tmp);
		const files = listFiles(unpackDir).sort();
		log(`verify: packed ${info.filename}: ${files.length} file(s), ${(info.size / 1024).toFixed(1)} kB`);
		const pkg = JSON.parse(fs.readFileSync(path.join(unpackDir, 'package.json'), 'utf8'));

		// 2. Manifest
		add('package.json', checkManifest(pkg));

		// 3. Tarball contents
		const tb = checkTarball(files, pkg, unpackDir);
		add('tarball', tb.findings);
		warnings.push(...tb.warnings);

		// 4. ESLint: sources (scanner's source leg) and tarball (scanner's tarball leg)
		const { SOURCE_PATTERNS } = await import(
			require('node:url').pathToFileURL(path.join(REPO_ROOT, 'eslint.config.mjs')).href
		);
		const legs = [
			{ name: 'eslint:source', cwd: o.dir, patterns: SOURCE_PATTERNS },
			{
				name: 'eslint:tarball',
				cwd: unpackDir,
				patterns: ['**/*.{js,cjs,mjs}', 'package.json'],
				ignores: ['**/node_modules/**'],
			},
		];
		for (const leg of legs) {
			const r = await runEslint({ cwd: leg.cwd, patterns: leg.patterns, ignores: leg.ignores });
			log(`verify: ${leg.name}: ${r.fileCount} file(s), ${r.errorCount} error(s), ${r.warningCount} warning(s)`);
			for (const res of r.results) {
				for (const m of res.messages) {
					const line = findingLines([{ ...res, messages: [m] }], leg.cwd)[0];
					if (m.severity === 2 || !o.allowWarnings) findings.push({ section: leg.name, text: line });
					else warnings.push(`${leg.name}: ${line}`);
				}
			}
		}

		// Inline directives: ignored by the scanner and by us; listed so nobody relies on them.
		const nodeCode = [
			...listFiles(o.dir, 'nodes'),
			...listFiles(o.dir, 'credentials'),
		].filter((f) => /\.(ts|js)$/.test(f));
		for (const d of findInlineDirectives(o.dir, nodeCode)) {
			warnings.push(`inline ESLint directive (ignored by the scanner, hides nothing): ${d}`);
		}

		// 5. Workflows
		if (o.workflows) {
			const wf = await lintWorkflows(o.dir);
			if (wf.files.length === 0) {
				warnings.push(
					'workflows: no .github/workflows — n8n requires publishing from GitHub Actions with npm provenance',
				);
			} else {
				if (!wf.available) warnings.push('workflows: actionlint is not installed; only the provenance checks ran');
				add('workflows', wf.findings);
				const publishes = wf.files.some((f) => /npm publish[^\n]*--provenance/.test(fs.readFileSync(f, 'utf8')));
				if (!publishes) add('workflows', ['no workflow runs `npm publish --provenance`']);
			}
		}
	} finally {
		if (o.keep) log(`verify: kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}

	log('');
	if (warnings.length) {
		log(`verify: ${warnings.length} warning(s):`);
		for (const w of warnings) log(`  - ${w}`);
		log('');
	}
	if (findings.length) {
		log(`verify: FAILED — ${findings.length} finding(s):`);
		for (const f of findings) log(`  [${f.section}] ${f.text}`);
		process.exit(1);
	}
	log('verify: OK');
	process.exit(0);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
