'use strict';
// The command line both bench scripts share: -h/--help prints the script's text and exits; flags are "--name value".

/** Returns `arg(name, fallback)`, the value after `--name` or the fallback. */
function commandLine(help, argv = process.argv.slice(2)) {
	if (argv.includes('--help') || argv.includes('-h')) {
		console.log(help);
		process.exit(0);
	}
	return (name, fallback) => {
		const at = argv.indexOf(`--${name}`);
		return at >= 0 ? argv[at + 1] : fallback;
	};
}

module.exports = { commandLine };
