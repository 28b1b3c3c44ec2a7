// `npm run lint`: n8n's own ESLint config for community nodes (`@n8n/node-cli/eslint`, what
// `n8n-node lint` and n8n's starter use; it includes eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rule sets) on package.json, nodes/ and credentials/, plus three additions,
// each ours for the reason written beside it. `npm run verify` runs n8n's scanner itself.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { config as n8nNodeConfig } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

/** Node code only n8n-workflow and the package's own files may load; see the rules below. */
const ALLOWED_MODULE = '^(n8n-workflow$|\\.)';
const NOT_ALLOWED =
	'Node code may load only n8n-workflow and its own files: tsc does not bundle, so any other package is missing at runtime.';

export default [
	...n8nNodeConfig,
	// n8n's config ignores dist/. We lint the compiled output as well, as n8n's scanner lints the
	// published tarball: a build step can emit what the sources do not show.
	globalIgnores(['!dist']),
	// Repository tooling is not part of the package (n8n's scanner lints only these paths too).
	// test-results/ holds reports and, during `npm run test:mutation`, Stryker's sandbox: a copy of the
	// repository with instrumented sources.
	globalIgnores(['test/', 'tools/', 'examples/', 'docs/', 'coverage/', 'test-results/', '*.js', '*.mjs']),
	{
		// The scanner lints with inline configuration off: a finding under an eslint-disable
		// comment still fails verification there, so it must fail here.
		linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
	},
	{
		// dist/: what the scanner's tarball leg applies to compiled .js (n8n's config has no .js block).
		files: ['dist/**/*.js'],
		plugins: n8nCommunityNodesPlugin.configs.recommended.plugins,
		rules: { ...n8nCommunityNodesPlugin.configs.recommended.rules, 'no-console': 'error' },
	},
	{
		// Ours: @n8n/community-nodes/no-restricted-imports lets node code import any devDependency,
		// assuming a bundler put it into dist/. This package is only transpiled, so an import of
		// axios or n8n-core (test tools here) would pass n8n's lint and fail inside n8n.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: [{ regex: ALLOWED_MODULE.replace('^(', '^(?!'), allowTypeImports: true, message: NOT_ALLOWED }] },
			],
		},
	},
	{
		// The same on the compiled CommonJS, where imports are require() calls.
		files: ['dist/**/*.js'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: `CallExpression[callee.name='require'] > Literal.arguments:not([value=/${ALLOWED_MODULE}/])`,
					message: NOT_ALLOWED,
				},
				{
					selector: "CallExpression[callee.name='require'] > :not(Literal).arguments",
					message: 'require() with a computed name: nobody can check what it loads.',
				},
			],
		},
	},
	{
		// Ours: the layers (docs/ARCHITECTURE.md). nodes/shared/ is the floor: it imports n8n-workflow and
		// itself only. The two nodes and the credentials stand on it and never import each other, so the
		// trigger cannot come to depend on the action node's internals again. import-x is the import
		// plugin n8n's config already registers.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'import-x/no-restricted-paths': [
				'error',
				{
					zones: [
						{
							target: './nodes/shared',
							from: ['./nodes/UserInvitation', './nodes/UserInvitationTrigger', './credentials'],
							message: 'nodes/shared is the bottom layer: it may import only n8n-workflow and itself.',
						},
						{ target: './nodes/UserInvitationTrigger', from: './nodes/UserInvitation', message: 'The trigger may not import the action node: move what both need to nodes/shared.' },
						{ target: './nodes/UserInvitation', from: './nodes/UserInvitationTrigger', message: 'The action node may not import the trigger: move what both need to nodes/shared.' },
						{ target: './nodes', from: './credentials', message: 'Nodes may not import credentials: move what both need to nodes/shared.' },
						{
							target: './credentials',
							from: ['./nodes/UserInvitation', './nodes/UserInvitationTrigger'],
							message: 'Credentials may import only nodes/shared.',
						},
					],
				},
			],
		},
	},
	{
		// Ours: no module-level mutable state (docs/ARCHITECTURE.md, "Where state lives"). A module lives
		// as long as n8n's process and is shared by every workflow and execution: per-run state belongs
		// in objects the router or poll makes, per-process memory in an object the node class owns.
		// Constant tables are allowed when named in capitals (ISO_639_1_CODES).
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				...['Program', 'Program > ExportNamedDeclaration'].flatMap((parent) => [
					{
						selector: `${parent} > VariableDeclaration[kind=/^(let|var)$/]`,
						message: 'No module-level let or var: keep state in an object a run, poll or node instance owns.',
					},
					{
						selector: `${parent} > VariableDeclaration > VariableDeclarator[id.name=/[a-z]/] > NewExpression.init[callee.name=/^(Map|Set|WeakMap|WeakSet)$/]`,
						message: 'No module-level Map/Set/WeakMap/WeakSet: keep state in an object a run, poll or node instance owns (a constant table is named in capitals).',
					},
				]),
			],
		},
	},
	{
		// Ours: n8n's restricted globals cover timers, process and the global object, not the
		// network. Requests go through this.helpers, which apply n8n's proxy and credential handling.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'dist/**/*.js'],
		rules: {
			'no-restricted-globals': [
				'error',
				...['fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
					name,
					message: 'Send requests with this.helpers.httpRequestWithAuthentication (the transport module).',
				})),
			],
		},
	},
];
