// ESLint flat config for n8n-nodes-user-invitations.
//
// Two layers, applied to the TypeScript sources (nodes/**, credentials/**), to
// package.json and to the compiled CommonJS in dist/**:
//
//  1. "scanner" — the rule set n8n's community-package scanner
//     (@n8n/scan-community-package) lints a package with before it can be
//     verified: @n8n/eslint-plugin-community-nodes `recommended`, `no-console`,
//     and eslint-plugin-n8n-nodes-base's community (package.json), credentials
//     and nodes rule sets with the same rules switched off as `n8n-node lint`.
//  2. "cloud" — this package's stricter n8n Cloud restrictions: node code may
//     load only `n8n-workflow` and its own relative files, and may not touch
//     timers, `process`, `globalThis`, `fetch` or eval-like functions.
//
// Inline configuration (`eslint-disable…` comments) is switched off, because
// the scanner ignores it: a finding hidden by a comment still fails there.
//
// scripts/lint.js and scripts/verify.js build the same config with
// `createConfig()` and lint with `cwd` set to the directory being checked (the
// repository, or an unpacked `npm pack` tarball), so the `files` globs below
// are relative to that directory.

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

import n8nCloudLocal from './scripts/verify/eslint-plugin-n8n-cloud.js';

/** Files `npm run lint` looks at, relative to the package directory. */
export const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
export const DIST_PATTERNS = ['dist/**/*.{js,cjs,mjs}'];

/** Node code: what runs inside n8n, in source and compiled form. */
const NODE_CODE = [
	'nodes/**/*.{ts,js,cjs,mjs}',
	'credentials/**/*.{ts,js,cjs,mjs}',
	'dist/**/*.{js,cjs,mjs}',
];

const RESTRICTED_GLOBALS = [
	['setTimeout', "Use 'sleep' from n8n-workflow instead; timers are not available on n8n Cloud."],
	['setInterval', 'Timers are not available to community nodes on n8n Cloud.'],
	['setImmediate', 'Timers are not available to community nodes on n8n Cloud.'],
	['clearTimeout', 'Timers are not available to community nodes on n8n Cloud.'],
	['clearInterval', 'Timers are not available to community nodes on n8n Cloud.'],
	['clearImmediate', 'Timers are not available to community nodes on n8n Cloud.'],
	['process', 'Node code may not read environment variables or touch the process.'],
	['globalThis', 'Node code may not reach the global object.'],
	['global', 'Node code may not reach the global object.'],
	['__dirname', 'Node code may not use file-system paths.'],
	['__filename', 'Node code may not use file-system paths.'],
	['fetch', 'Use this.helpers.httpRequest / httpRequestWithAuthentication instead.'],
	['XMLHttpRequest', 'Use this.helpers.httpRequest / httpRequestWithAuthentication instead.'],
	['WebSocket', 'Community nodes on n8n Cloud may not open raw sockets.'],
].map(([name, message]) => ({ name, message }));

/** Layer 1: what n8n's community-package scanner runs. */
export function scannerLayer() {
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{
			files: ['package.json'],
			rules: { ...n8nNodesBase.configs.community.rules },
		},
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.credentials.rules,
				// Not valid for community nodes (same as `n8n-node lint` and the scanner).
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				// Superseded by @n8n/community-nodes/credential-password-field.
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	];
}

/** Layer 2: this package's n8n Cloud restrictions on node code. */
export function cloudLayer() {
	return [
		{
			files: NODE_CODE,
			ignores: ['**/*.d.ts'],
			plugins: { 'n8n-cloud': n8nCloudLocal },
			rules: {
				'n8n-cloud/allowed-modules': ['error', { allow: ['n8n-workflow'] }],
				'no-restricted-globals': ['error', ...RESTRICTED_GLOBALS],
				'no-eval': 'error',
				'no-implied-eval': 'error',
				'no-new-func': 'error',
				'no-console': 'error',
				'no-debugger': 'error',
			},
		},
	];
}

/**
 * The whole config. `ignores` are global ignores relative to the linted
 * directory; the default keeps repo tooling (tests, scripts, benchmarks,
 * example workflows) out, so `npx eslint .` looks at the package only.
 */
export function createConfig({ ignores = DEFAULT_IGNORES } = {}) {
	return [
		{ ignores },
		{
			linterOptions: {
				// The scanner runs with inline config disabled; so do we.
				noInlineConfig: true,
				reportUnusedDisableDirectives: 'off',
			},
		},
		...scannerLayer(),
		...cloudLayer(),
	];
}

export const DEFAULT_IGNORES = [
	'**/node_modules/**',
	// Declarations are not run; the scanner's tarball leg lints only .js.
	'dist/**/*.d.ts',
	'coverage/**',
	'test/**',
	'scripts/**',
	'bench/**',
	'examples/**',
	'docs/**',
	'.github/**',
	'**/package-lock.json',
	'eslint.config.mjs',
	'gulpfile.js',
	'jest.config.*',
];

export default createConfig();
