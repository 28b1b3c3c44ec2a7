#!/usr/bin/env node
'use strict';

/**
 * npm run verify — n8n's own community-package scanner on what `npm pack` would publish,
 * plus the few checks the scanner does not make.
 *
 *   node tools/verify/verify.js [--dir <package dir>] [--build | --no-build] [--keep]
 *
 *   --dir       check another package directory (default: this repository)
 *   --build     run `npm run build` first even if dist/ exists
 *   --no-build  if dist/ is missing, fail instead of building
 *   --keep      keep the temporary directory with the tarball
 *
 * 1. `npm pack` into a temporary directory, unpack.
 * 2. The scanner (@n8n/scan-community-package, a dev dependency). Its command line only takes a
 *    published name: it checks the npm provenance, downloads the attested source from GitHub and
 *    the tarball from npm, then lints both with `analyzePackage`. We call `analyzePackage` the same
 *    way on the two legs it lints: the source (package.json and nodes/, credentials/) and the
 *    unpacked tarball (**\/*.js and package.json). Errors fail; like the scanner, warnings do not
 *    (`npm run lint` shows them).
 * 3. Our checks (tools/verify/package-checks.js, each says why it is ours): the tarball's
 *    contents, n8n entries and icons present, optional/bundled dependencies, a GitHub repository,
 *    a publish workflow with provenance.
 *
 * Prints every finding and `verify: OK` on success. Exit codes: 0 OK, 1 findings, 2 could not run.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const { checkManifest, checkTarball, checkPublishing, readWorkflows } = require('./package-checks');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { commandLine, headerComment } = require('../cli');
const SCANNER_PKG = require.resolve('@n8n/scan-community-package/package.json');
const log = (s = '') => process.stdout.write(`${s}\n`);

function fail(msg) {
	process.stderr.write(`verify: ${msg}\n`);
	process.exit(2);
}

function parseOptions() {
	const flags = commandLine(headerComment(__filename), {
		dir: { type: 'string', default: REPO_ROOT },
		build: { type: 'boolean' },
		'no-build': { type: 'boolean' },
		keep: { type: 'boolean', default: false },
	});
	return { dir: path.resolve(flags.dir), build: flags.build ? 'always' : flags['no-build'] ? 'never' : 'if-missing', keep: flags.keep };
}

/** Every file under root, as relative paths with '/'. */
function listFiles(root) {
	return fs
		.readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

function pack(dir, dest) {
	const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		cwd: dir,
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${r.stderr}`);
	// npm may print notices before the JSON.
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
	const unpackDir = path.join(dest, 'package');
	fs.mkdirSync(unpackDir);
	const t = spawnSync('tar', ['-xzf', path.join(dest, info.filename), '-C', unpackDir, '--strip-components=1']);
	if (t.status !== 0) throw new Error(`could not unpack ${info.filename}: ${t.stderr}`);
	return { info, unpackDir };
}

/** The scanner's module, versions, and its own copy of the rule plugin (it pins one). */
async function loadScanner() {
	const scannerRequire = require('node:module').createRequire(SCANNER_PKG);
	// The scanner makes a temporary directory when loaded; have it removed on exit.
	scannerRequire('tmp').setGracefulCleanup();
	const scanner = await import(pathToFileURL(path.join(path.dirname(SCANNER_PKG), 'scanner', 'scanner.mjs')).href);
	// The copy Node would load for the scanner (some packages do not export their package.json).
	const version = (name) => {
		const dir = scannerRequire.resolve.paths(name).find((p) => fs.existsSync(path.join(p, name, 'package.json')));
		return JSON.parse(fs.readFileSync(path.join(dir, name, 'package.json'), 'utf8')).version;
	};
	const versions = ['@n8n/eslint-plugin-community-nodes', 'eslint-plugin-n8n-nodes-base', 'eslint']
		.map((name) => `${name}@${version(name)}`)
		.join(', ');
	return { scanner, label: `@n8n/scan-community-package@${require(SCANNER_PKG).version} (${versions})`, glob: scannerRequire('fast-glob') };
}

async function main() {
	const o = parseOptions();
	if (!fs.existsSync(path.join(o.dir, 'package.json'))) fail(`no package.json in ${o.dir}`);
	const findings = [];
	const warnings = [];
	const add = (section, list) => list.forEach((text) => findings.push(`[${section}] ${text}`));

	const distMissing = !fs.existsSync(path.join(o.dir, 'dist'));
	if (o.build === 'always' || (distMissing && o.build === 'if-missing')) {
		log('verify: npm run build…');
		const b = spawnSync('npm', ['run', 'build'], { cwd: o.dir, encoding: 'utf8' });
		if (b.status !== 0) fail(`npm run build failed:\n${b.stdout}${b.stderr}`);
	} else if (distMissing) {
		fail('dist/ is missing: run `npm run build` first (or drop --no-build)');
	}

	const { scanner, label, glob } = await loadScanner();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-verify-'));
	try {
		const { info, unpackDir } = pack(o.dir, tmp);
		const files = listFiles(unpackDir).sort();
		const pkg = JSON.parse(fs.readFileSync(path.join(unpackDir, 'package.json'), 'utf8'));
		log(`verify: ${info.id}: ${files.length} file(s), ${(info.size / 1024).toFixed(1)} kB packed`);

		log(`verify: n8n's scanner ${label}, inline eslint-disable comments not honoured`);
		const legs = [
			{ name: 'scanner:source', dir: o.dir, patterns: scanner.SOURCE_FILE_PATTERNS },
			{ name: 'scanner:tarball', dir: unpackDir, patterns: ['**/*.js', 'package.json'] },
		];
		for (const leg of legs) {
			// The same glob as analyzePackage, only to say how many files it looked at.
			const count = glob.sync(leg.patterns, { cwd: leg.dir, ignore: ['node_modules/**', '**/package-lock.json'] }).length;
			const result = await scanner.analyzePackage(leg.dir, leg.patterns);
			log(`verify: ${leg.name}: ${leg.patterns.join(' ')}: ${count} file(s), ${result.passed ? 'passed' : 'FAILED'}`);
			if (!result.passed) {
				add(leg.name, [result.message]);
				if (result.details) log(result.details.replaceAll(`${leg.dir}${path.sep}`, `${leg.name} `));
			}
		}

		log('verify: our checks: tarball contents, n8n entries and icons, optional/bundled dependencies, GitHub repository, publishing with provenance');
		add('package.json', checkManifest(pkg));
		const tarball = checkTarball(files, pkg, unpackDir);
		add('tarball', tarball.findings);
		warnings.push(...tarball.warnings);
		const workflows = readWorkflows(o.dir);
		if (workflows.length) add('workflows', checkPublishing(workflows));
		else warnings.push('no .github/workflows: n8n verifies only packages published from GitHub Actions with provenance');
	} finally {
		if (o.keep) log(`verify: kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}

	for (const w of warnings) log(`verify: warning: ${w}`);
	if (findings.length) {
		log(`verify: FAILED, ${findings.length} finding(s):`);
		for (const f of findings) log(`  ${f}`);
		process.exit(1);
	}
	log('verify: OK');
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
