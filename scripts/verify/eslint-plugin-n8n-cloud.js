'use strict';

/**
 * Local ESLint plugin with the n8n Cloud restrictions that this package holds
 * itself to, on top of what n8n's community-package scanner enforces.
 *
 * The scanner's own `no-restricted-imports` rule lets a node import any package
 * listed in `devDependencies` (on the theory that it was bundled at build time).
 * This package is not bundled: `tsc` only transpiles, so anything but
 * `n8n-workflow` (a peer dependency the n8n instance provides) and the
 * package's own files would be missing at runtime on n8n Cloud. This rule
 * therefore allows exactly those, on the TypeScript sources and on the compiled
 * CommonJS in `dist/`.
 */

const DEFAULT_ALLOWED_MODULES = ['n8n-workflow'];

/** Modules whose use means file-system, process or network access outside n8n's helpers. */
const HOST_ACCESS_MODULES = new Set([
	'fs',
	'fs/promises',
	'os',
	'child_process',
	'cluster',
	'worker_threads',
	'vm',
	'v8',
	'module',
	'process',
	'net',
	'tls',
	'dgram',
	'dns',
	'http',
	'https',
	'http2',
	'inspector',
	'readline',
]);

function isRelative(spec) {
	return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
}

/** Static string value of a literal / expression-free template literal, else null. */
function staticString(node) {
	if (!node) return null;
	if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
	if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
		return node.quasis.map((q) => q.value.cooked).join('');
	}
	return null;
}

const allowedModules = {
	meta: {
		type: 'problem',
		docs: {
			description:
				'Allow node code to load only n8n-workflow and its own relative files (n8n Cloud has no runtime dependencies, no host access).',
		},
		schema: [
			{
				type: 'object',
				properties: { allow: { type: 'array', items: { type: 'string' } } },
				additionalProperties: false,
			},
		],
		messages: {
			notAllowed:
				"'{{ spec }}' may not be loaded by node code: only {{ allowed }} and the package's own relative files are available on n8n Cloud.",
			hostAccess:
				"'{{ spec }}' gives file-system, process or network access, which community nodes on n8n Cloud may not use (use this.helpers.* from n8n-workflow).",
			dynamic:
				'{{ kind }} with a computed module name is not allowed in node code: the scanner cannot check what it loads.',
			requireReference:
				"'require' may only be called directly with a string literal in node code ({{ how }} is not allowed).",
			moduleRequire: "'module.require' is not allowed in node code.",
		},
	},
	create(context) {
		const options = context.options[0] || {};
		const allow = options.allow || DEFAULT_ALLOWED_MODULES;
		const sourceCode = context.sourceCode || context.getSourceCode();

		function check(node, spec, kind) {
			if (spec === null) {
				context.report({ node, messageId: 'dynamic', data: { kind } });
				return;
			}
			if (isRelative(spec) || allow.includes(spec)) return;
			const bare = spec.replace(/^node:/, '');
			const root = bare.split('/')[0];
			if (HOST_ACCESS_MODULES.has(bare) || HOST_ACCESS_MODULES.has(root)) {
				context.report({ node, messageId: 'hostAccess', data: { spec } });
				return;
			}
			context.report({
				node,
				messageId: 'notAllowed',
				data: { spec, allowed: allow.map((a) => `'${a}'`).join(', ') },
			});
		}

		const isTypeOnly = (node) => node.importKind === 'type' || node.exportKind === 'type';

		return {
			ImportDeclaration(node) {
				if (isTypeOnly(node)) return;
				// `import { type A, type B } from 'x'` is erased entirely as well.
				if (
					node.specifiers.length > 0 &&
					node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
				) {
					return;
				}
				check(node, staticString(node.source), 'import');
			},
			ExportNamedDeclaration(node) {
				if (!node.source || isTypeOnly(node)) return;
				check(node, staticString(node.source), 'export');
			},
			ExportAllDeclaration(node) {
				if (isTypeOnly(node)) return;
				check(node, staticString(node.source), 'export');
			},
			ImportExpression(node) {
				check(node, staticString(node.source), 'Dynamic import()');
			},
			TSImportEqualsDeclaration(node) {
				if (isTypeOnly(node)) return;
				const ref = node.moduleReference;
				if (ref && ref.type === 'TSExternalModuleReference') {
					check(node, staticString(ref.expression), 'import = require()');
				}
			},
			MemberExpression(node) {
				if (
					node.object.type === 'Identifier' &&
					node.object.name === 'module' &&
					!node.computed &&
					node.property.type === 'Identifier' &&
					node.property.name === 'require'
				) {
					context.report({ node, messageId: 'moduleRequire' });
				}
			},
			'Program:exit'(program) {
				const scope = sourceCode.getScope ? sourceCode.getScope(program) : context.getScope();
				const refs = scope.through.filter((ref) => ref.identifier.name === 'require');
				for (const ref of refs) {
					const id = ref.identifier;
					const parent = id.parent;
					if (parent && parent.type === 'CallExpression' && parent.callee === id) {
						check(parent, staticString(parent.arguments[0]), 'require()');
					} else if (parent && parent.type === 'MemberExpression' && parent.object === id) {
						context.report({
							node: parent,
							messageId: 'requireReference',
							data: { how: `'require.${parent.property.name || '[computed]'}'` },
						});
					} else {
						context.report({ node: id, messageId: 'requireReference', data: { how: 'passing it around' } });
					}
				}
			},
		};
	},
};

module.exports = {
	meta: { name: 'n8n-cloud-local', version: '1.0.0' },
	rules: { 'allowed-modules': allowedModules },
	DEFAULT_ALLOWED_MODULES,
};
