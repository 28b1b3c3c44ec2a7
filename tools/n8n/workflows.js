'use strict';
// Workflow JSON for the tests (why hand-written: n8n.js): the example files in examples/ (credential ids and
// webhook paths substituted at load time) and small Webhook → User Invitation workflows built in code.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { NODE_TYPE, REPO_ROOT } = require('./n8n');

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Node types that listen on a path of their own: each loaded copy gets a unique one. */
const PATH_TRIGGER_TYPES = new Set(['n8n-nodes-base.webhook', '@n8n/n8n-nodes-langchain.mcpTrigger']);

const AUTHENTICATION_BY_TYPE = {
	userInvitationBearerTokenApi: 'bearerToken',
	userInvitationApiKeyApi: 'apiKey',
};

function uniqueSuffix() {
	return crypto.randomBytes(4).toString('hex');
}

/**
 * Reads examples/<file> and makes it runnable on this instance:
 * - each node credential whose name is a key of `credentials` gets that credential's id and name;
 * - every webhook (and MCP Server Trigger) path gets `-<suffix>` (one n8n may hold several copies)
 *   and a fresh webhookId.
 * @returns {{workflow: any, webhookPaths: Record<string, string>}} webhookPaths: node name → path
 */
function loadExample(file, { credentials = {}, suffix = uniqueSuffix(), settings } = {}) {
	const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	const webhookPaths = {};
	for (const node of workflow.nodes) {
		for (const [type, ref] of Object.entries(node.credentials || {})) {
			const replacement = credentials[ref.name] || credentials[type];
			if (!replacement) throw new Error(`${file}: no credential given for "${ref.name}" (${type}) of node "${node.name}"`);
			node.credentials[type] = { id: replacement.id, name: replacement.name };
		}
		if (PATH_TRIGGER_TYPES.has(node.type)) {
			node.parameters.path = `${node.parameters.path}-${suffix}`;
			node.webhookId = crypto.randomUUID();
			webhookPaths[node.name] = node.parameters.path;
		}
	}
	workflow.name = `${workflow.name} (${suffix})`;
	if (settings) workflow.settings = { ...(workflow.settings || {}), ...settings };
	return { workflow, webhookPaths };
}

/** A User Invitation node signed by `credential` ({id, name, type}). */
function invitationNode({ name = 'User Invitation', credential, parameters, continueOnFail = false, position = [440, 0] }) {
	const node = {
		id: crypto.randomUUID(),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: { authentication: AUTHENTICATION_BY_TYPE[credential.type], ...parameters },
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	if (continueOnFail) node.onError = 'continueRegularOutput';
	return node;
}

/**
 * Webhook (POST <path>, answers with every item of the last node) → [Split Out body.items] → nodes…
 * With `splitItems`, the request body `{items: [...]}` becomes one item per entry, so expressions
 * read `$json.<field>`; without it the node sees one item and reads `$json.body.<field>`.
 */
function webhookWorkflow({ name, webhookPath, nodes, splitItems = true, settings = {}, responseData = 'allEntries' }) {
	const webhook = {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData, options: {} },
	};
	const chain = [webhook];
	if (splitItems) {
		chain.push({
			id: crypto.randomUUID(),
			name: 'Split Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.items', options: {} },
		});
	}
	chain.push(...nodes);
	const connections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		name,
		nodes: chain,
		connections,
		settings: { executionOrder: 'v1', ...settings },
	};
}

module.exports = { loadExample, invitationNode, webhookWorkflow, uniqueSuffix };
