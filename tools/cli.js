'use strict';
// The command line of every tool here: node:util parseArgs, plus the -h/--help and usage error (exit 2) it lacks.

const fs = require('node:fs');
const { parseArgs } = require('node:util');

/** The first block comment of a file: the tools that document their flags there print it as --help. */
function headerComment(file) {
	const text = fs.readFileSync(file, 'utf8');
	return text.slice(text.indexOf('/**'), text.indexOf('*/') + 2);
}

/**
 * Parses `argv` with parseArgs (`options` in its format, strict). -h/--help prints `help` and exits 0;
 * an unknown flag or a missing value prints the reason and `help` to stderr and exits 2.
 * Returns parseArgs' `values` (with `positionals` when `allowPositionals` is given).
 */
function commandLine(help, options = {}, { argv = process.argv.slice(2), allowPositionals = false } = {}) {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals });
	} catch (error) {
		process.stderr.write(`${error.message}\n\n${help}\n`);
		process.exit(2);
	}
	if (parsed.values.help) {
		process.stdout.write(`${help}\n`);
		process.exit(0);
	}
	return allowPositionals ? { ...parsed.values, positionals: parsed.positionals } : parsed.values;
}

module.exports = { commandLine, headerComment };
