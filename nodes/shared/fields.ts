import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Fields both nodes show, without any resource or operation condition: the action node adds its
 * own (`showOnlyFor`), the trigger shows them as they are. Defined once, so the two nodes cannot
 * drift apart in names, defaults or help texts.
 */

/**
 * The credential type choice. Its values are the keys of CREDENTIAL_TYPES (http/connection.ts);
 * each node's `credentials` list shows one credential per value.
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

/** Which SoftwareOne endpoint family to call, and the account the scoped families need. */
export const endpointFields: INodeProperties[] = [
	{
		displayName: 'Endpoints',
		name: 'endpointFamily',
		type: 'options',
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description:
					'Tries Account Users; if this environment does not serve them (404 on the path), finds the family that answers, once per run, and names it in the output',
			},
			{
				name: 'Account Users',
				value: 'accountUsers',
				description: 'The documented /accounts/account-users endpoints; the account comes from the token',
			},
			{
				name: 'Account-Scoped',
				value: 'accountScoped',
				description: 'The /accounts/{accountId}/users endpoints of Marketplace API 4.0, with the account in the path',
			},
			{
				name: 'Account-Scoped (Newer Path)',
				value: 'accountsAccounts',
				description: 'The /accounts/accounts/{accountId}/users path the vendor\'s newest client uses; try it when the others answer 404',
			},
		],
		default: 'auto',
		description: 'Which of SoftwareOne\'s equivalent endpoint families to call',
	},
	{
		displayName: 'Account ID',
		name: 'scopeAccountId',
		type: 'string',
		default: '',
		placeholder: 'ACC-1234-5678',
		hint: 'The account whose users you manage, like ACC-1234-5678. The account-scoped endpoints need it; Auto-detect tries them only with it. Empty: the credential\'s Account ID, if it has one.',
		displayOptions: { show: { endpointFamily: ['auto', 'accountScoped', 'accountsAccounts'] } },
	},
];

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat summary (ID, name, e-mail, invitation status, account, group IDs) instead of the full API response',
};

/**
 * The fields with `show` conditions added in front of their own: n8n-workflow's
 * updateDisplayOptions, written out because n8n 1.x's n8n-workflow is not known to export it and
 * the node must keep loading there.
 */
export function showOnlyFor(show: NonNullable<IDisplayOptions['show']>, fields: INodeProperties[]): INodeProperties[] {
	return fields.map((field) => ({
		...field,
		displayOptions: { ...field.displayOptions, show: { ...show, ...field.displayOptions?.show } },
	}));
}

/**
 * The retry settings both nodes offer in their Options: names, bounds and defaults once (the session
 * reads them as RetrySettings), help texts per node, since a failed request ends an item in one and a
 * poll in the other. Separate fields, so that each node's Options stay a sorted literal list.
 */
export const maxRetriesField = (description: string): INodeProperties => ({
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 20 },
	default: 5,
	description,
});

export const maxRetryWaitField = (description: string): INodeProperties => ({
	displayName: 'Max Retry Wait (Seconds)',
	name: 'maxRetryWait',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 3600 },
	default: 60,
	description,
});

export const timeoutField: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 600 },
	default: 30,
	description: 'How long to wait for one answer from the API',
};
