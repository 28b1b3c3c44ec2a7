#!/usr/bin/env node
'use strict';

/**
 * npm run test:mutation — Stryker (stryker.config.mjs) over nodes/ and credentials/, then the score per
 * folder and per file from its JSON report.
 *
 *   npm run test:mutation [-- <Stryker options>]     run Stryker, then print the summary
 *   node tools/stryker/mutation.js --summary [report.json ...]   only the summary: of the last report, or of
 *                                   several (one per --mutate run; a later one replaces a file)
 *
 * Stryker options most used here (all of `npx stryker run --help` are passed on):
 *   --mutate <file>[:<from>-<to>]   only this file or line range; its incremental results go to a file of
 *                                   its own, test-results/mutation/incremental/<target>.json
 *   --concurrency <n>               test runner processes (default 1: the machine is shared)
 *   --force                         test every mutant again, ignoring the incremental file
 * Environment: MUTATION_STATIC=1 also tests static mutants (see stryker.config.mjs; slow).
 *
 * Incremental: results are kept in test-results/mutation/stryker-incremental.json (a full run) or the
 * --mutate target's own file; a re-run tests only the mutants whose source or covering tests changed. Reports: test-results/mutation/index.html and
 * mutation.json (git-ignored, like the sandbox in test-results/stryker-tmp/).
 *
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage); ignored mutants (UI
 * descriptions, static mutants) and compile or runtime errors do not count, as in Stryker's own report.
 *
 * Exit codes: Stryker's own (0: ran; its thresholds are not used), 2: no report to summarise.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const REPORT = path.join(root, 'test-results', 'mutation', 'mutation.json');
// The package's exports hide bin/; its package.json is exported.
const STRYKER = path.join(path.dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');

function usage() {
	const text = fs.readFileSync(__filename, 'utf8');
	return text.slice(text.indexOf('/**'), text.indexOf('*/') + 2);
}

/** Counts per file from Stryker's JSON report(s); a later report replaces a file an earlier one had. */
function countsPerFile(reports) {
	const files = new Map();
	for (const report of reports) {
		for (const [file, { mutants }] of Object.entries(report.files)) {
			const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
			for (const { status } of mutants) {
				if (status === 'Killed') c.killed++;
				else if (status === 'Timeout') c.timeout++;
				else if (status === 'Survived') c.survived++;
				else if (status === 'NoCoverage') c.noCoverage++;
				else if (status === 'Ignored') c.ignored++;
				else c.errors++;
			}
			files.set(path.relative(root, path.resolve(root, file)), c);
		}
	}
	return files;
}

const add = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + b[k]]));
const score = (c) => {
	const valid = c.killed + c.timeout + c.survived + c.noCoverage;
	return valid ? `${((100 * (c.killed + c.timeout)) / valid).toFixed(1)} %` : 'n/a';
};

function summary(reports) {
	const files = countsPerFile(reports);
	const folders = new Map();
	let all;
	for (const [file, c] of files) {
		const folder = path.dirname(file);
		folders.set(folder, folders.has(folder) ? add(folders.get(folder), c) : c);
		all = all ? add(all, c) : c;
	}
	const line = (name, c) =>
		`${name.padEnd(62)} ${score(c).padStart(8)}  ${String(c.killed + c.timeout).padStart(5)} killed ${String(c.survived).padStart(4)} survived ${String(c.noCoverage).padStart(4)} no coverage ${String(c.ignored).padStart(4)} ignored`;
	const out = ['Mutation score per folder:'];
	for (const folder of [...folders.keys()].sort()) out.push(line(`${folder}/`, folders.get(folder)));
	out.push('', 'Per file:');
	for (const file of [...files.keys()].sort()) out.push(line(file, files.get(file)));
	if (all) out.push('', line('all measured files', all));
	return out.join('\n');
}

/**
 * Stryker's incremental file holds only the files of the run that wrote it. A run with --mutate gets
 * a file of its own (test-results/mutation/incremental/<target>.json), so working on one file keeps
 * both its own results and the full run's.
 */
function ownIncrementalFile(argv) {
	if (argv.some((arg) => arg.startsWith('--incrementalFile'))) return [];
	const at = argv.findIndex((arg) => arg === '--mutate' || arg === '-m' || arg.startsWith('--mutate='));
	if (at < 0) return [];
	const target = argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
	if (!target) return [];
	const slug = target.replace(/[^A-Za-z0-9.-]+/g, '_');
	return ['--incrementalFile', path.join('test-results', 'mutation', 'incremental', `${slug}.json`)];
}

function readReports(paths) {
	return paths.map((p) => JSON.parse(fs.readFileSync(p, 'utf8')));
}

function main(argv) {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${usage()}\n\nStryker's own options:\n`);
		spawnSync(process.execPath, [STRYKER, 'run', '--help'], { stdio: 'inherit' });
		return 0;
	}
	if (argv[0] === '--summary') {
		const paths = argv.length > 1 ? argv.slice(1) : [REPORT];
		const missing = paths.filter((p) => !fs.existsSync(p));
		if (missing.length) {
			process.stderr.write(`mutation: no report at ${missing.join(', ')} (run npm run test:mutation first)\n`);
			return 2;
		}
		process.stdout.write(`${summary(readReports(paths))}\n`);
		return 0;
	}
	const run = spawnSync(process.execPath, [STRYKER, 'run', ...argv, ...ownIncrementalFile(argv)], {
		cwd: root,
		stdio: 'inherit',
	});
	if (fs.existsSync(REPORT)) process.stdout.write(`\n${summary(readReports([REPORT]))}\n`);
	return run.status ?? 1;
}

process.exit(main(process.argv.slice(2)));
