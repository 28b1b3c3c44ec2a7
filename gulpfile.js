const path = require('path');
const { task, src, dest } = require('gulp');

// tsc does not copy icons or the codex file; n8n reads both next to the compiled node.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { encoding: false }).pipe(
		dest((file) => path.resolve('dist', path.relative(file.cwd, file.base))),
	),
);
