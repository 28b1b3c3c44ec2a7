'use strict';

/**
 * Runs ESLint the way n8n's community-package scanner does: the flat config
 * from eslint.config.mjs passed in directly (no config-file lookup), `cwd` set
 * to the directory being checked, inline configuration disabled.
 */

const path = require('node:path');
const { pathToFileURL } = require('node:url');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

// eslint-plugin-n8n-nodes-base treats every file as `Test.node.ts` when
// NODE_ENV is "test" (its own unit-test mode), which breaks its filename rules
// and turns on its trigger-node rules for every node. Jest sets NODE_ENV=test,
// so clear it before the plugin is loaded.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

async function loadConfigModule() {
	return import(pathToFileURL(path.join(REPO_ROOT, 'eslint.config.mjs')).href);
}

/**
 * @param {object} opts
 * @param {string} opts.cwd directory whose files are linted
 * @param {string[]} opts.patterns globs relative to cwd
 * @param {boolean} [opts.fix]
 * @param {string[]} [opts.ignores] global ignores (default: eslint.config.mjs DEFAULT_IGNORES)
 * @returns {Promise<{results: import('eslint').ESLint.LintResult[], errorCount: number,
 *   warningCount: number, fileCount: number, formatted: string}>}
 */
async function runEslint({ cwd, patterns, fix = false, ignores }) {
	const { ESLint } = require('eslint');
	const { createConfig } = await loadConfigModule();
	const eslint = new ESLint({
		cwd,
		overrideConfigFile: true,
		overrideConfig: createConfig(ignores ? { ignores } : undefined),
		allowInlineConfig: false,
		errorOnUnmatchedPattern: false,
		fix,
	});
	const results = await eslint.lintFiles(patterns);
	if (fix) await ESLint.outputFixes(results);
	let errorCount = 0;
	let warningCount = 0;
	for (const r of results) {
		errorCount += r.errorCount;
		warningCount += r.warningCount;
	}
	const formatter = await eslint.loadFormatter('stylish');
	const formatted = await formatter.format(results.filter((r) => r.messages.length > 0));
	return { results, errorCount, warningCount, fileCount: results.length, formatted };
}

/** One line per finding: `file:line:col rule message`, paths relative to cwd. */
function findingLines(results, cwd, prefix = '') {
	const lines = [];
	for (const r of results) {
		for (const m of r.messages) {
			const rel = path.relative(cwd, r.filePath).split(path.sep).join('/');
			const sev = m.severity === 2 ? 'error' : 'warning';
			lines.push(
				`${prefix}${rel}:${m.line || 0}:${m.column || 0} ${sev} ${m.ruleId || '(parse)'} ${m.message}`,
			);
		}
	}
	return lines;
}

module.exports = { runEslint, findingLines, REPO_ROOT };
