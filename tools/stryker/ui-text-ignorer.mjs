// Stryker ignore-plugin "n8n-ui-description" (stryker.config.mjs: `ignorers`). Mutants it matches are
// reported as Ignored, with the reason below, and do not count in the score. Why hand-written: Stryker
// configures ignorers only as plugins, and none published knows n8n's node descriptions.
//
// What it leaves out, and why each is not worth a mutant:
// - n8n UI descriptions: every object literal with a `displayName` key (a node parameter, a credential
//   field, the node's own description), with all it holds: labels, help texts, placeholders, display
//   conditions, the fields' types and defaults. It is data n8n's editor reads; what a user sees of it
//   is checked where it shows (the browser and end-to-end suites, n8n's scanner and lint rules), not
//   by the unit tests mutants run against. And each such mutant is static (evaluated once, when the
//   file loads), which Stryker can only test by re-running the whole fast suite: minutes each, for
//   hundreds of them.
// - Of an options entry `{ name: 'Arabic', value: 'ar' }` outside those (a picker's list): the label,
//   action and description. Its value counts.
// - The class fields of a node or credential that only the editor shows: displayName, icon,
//   documentationUrl.
// - The editor texts of an operation definition, `defineOperation({ label, title, action, description,
//   toolDescription, ... })`: its Operation list entry, subtitle and the prose an AI agent reads when
//   the node is a tool. The registry-driven test (test/nodes/UserInvitation/operations.test.ts) checks
//   each operation has them.
// Messages of errors (what a user reads when an item fails) are NOT left out: they count.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const EDITOR_ONLY_CLASS_FIELDS = new Set(['displayName', 'icon', 'documentationUrl']);
const OPTION_LABEL_KEYS = new Set(['name', 'action', 'description']);
const OPERATION_TEXT_KEYS = new Set(['label', 'title', 'action', 'description', 'toolDescription']);

const keyName = (property) => {
	const key = property.key;
	if (!key) return undefined;
	if (key.type === 'Identifier') return key.name;
	if (key.type === 'StringLiteral') return key.value;
	return undefined;
};

const keysOf = (objectExpression) =>
	new Set(objectExpression.properties.filter((p) => p.type === 'ObjectProperty').map(keyName));

export const strykerPlugins = [
	declareValuePlugin(PluginKind.Ignore, 'n8n-ui-description', {
		shouldIgnore(path) {
			const node = path.node;
			if (node.type === 'ObjectExpression') {
				const keys = keysOf(node);
				if (keys.has('displayName')) return 'n8n UI description (a parameter or field the editor shows)';
			}
			// An options entry's label and help text, `{ name: 'Arabic', value: 'ar' }`; its value counts.
			if (node.type === 'ObjectProperty' && OPTION_LABEL_KEYS.has(keyName(node)) && path.parent.type === 'ObjectExpression') {
				const siblings = keysOf(path.parent);
				const label = path.parent.properties.find((p) => p.type === 'ObjectProperty' && keyName(p) === 'name');
				if (siblings.has('value') && label && label.value.type === 'StringLiteral') {
					return 'n8n UI description (the label or help text of an options entry)';
				}
			}
			if (node.type === 'ClassProperty' && EDITOR_ONLY_CLASS_FIELDS.has(keyName(node))) {
				return `n8n UI description (the class field ${keyName(node)}, shown by the editor only)`;
			}
			if (node.type === 'ObjectProperty' && OPERATION_TEXT_KEYS.has(keyName(node)) && path.parent.type === 'ObjectExpression') {
				const call = path.parentPath?.parent;
				if (call?.type === 'CallExpression' && call.callee.type === 'Identifier' && call.callee.name === 'defineOperation') {
					return 'n8n UI description (an operation\'s list entry, subtitle or AI tool text)';
				}
			}
			return undefined;
		},
	}),
];
