import type { INodeProperties } from 'n8n-workflow';

/**
 * The credential type choice of both nodes (the action node and the trigger). Its values are the keys of
 * the transport's CREDENTIAL_TYPES; each node's `credentials` list shows one credential per value.
 */
export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Bearer Token', value: 'bearerToken' },
		{ name: 'API Key', value: 'apiKey' },
	],
	default: 'bearerToken',
};
