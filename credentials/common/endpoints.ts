import type { IAuthenticateRuleResponseCode, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/** Which vendor API a base URL belongs to; `custom` may be either (a gateway or a local double). */
export type Service = 'softwareOne' | 'bold' | 'custom';

export interface Environment {
	name: string;
	value: string;
	baseUrl: string;
	service: Service;
}

export const ENVIRONMENTS: Environment[] = [
	{
		name: 'SoftwareOne Marketplace (Production)',
		value: 'softwareOneProduction',
		baseUrl: 'https://api.platform.softwareone.com',
		service: 'softwareOne',
	},
	{
		name: 'SoftwareOne Marketplace (Test)',
		value: 'softwareOneTest',
		baseUrl: 'https://api.s1.show',
		service: 'softwareOne',
	},
	{
		name: 'Bold Smart Lock',
		value: 'bold',
		baseUrl: 'https://api.boldsmartlock.com',
		service: 'bold',
	},
];

/** Cheap authenticated GETs the credential Test button calls, one per service. */
export const CREDENTIAL_TEST_PATHS = {
	softwareOne: '/public/v1/accounts/account-users?limit=1',
	bold: '/v1/account',
};

/** Fields both credential types share: where the API is. */
export const environmentProperties: INodeProperties[] = [
	{
		displayName: 'Service',
		name: 'environment',
		type: 'options',
		options: [
			...ENVIRONMENTS.map(({ name, value, baseUrl }) => ({ name, value, description: baseUrl })),
			{
				name: 'Custom URL',
				value: 'custom',
				description: 'A gateway, a proxy, another SoftwareOne environment or a local test server',
			},
		],
		default: 'softwareOneProduction',
		description: 'The API this credential signs in to. It sets the base URL of every request.',
	},
	{
		displayName: 'Base URL',
		name: 'customUrl',
		type: 'string',
		default: '',
		placeholder: 'https://api.s1.today',
		description: 'Scheme and host, without a path, for example https://api.s1.live',
		displayOptions: { show: { environment: ['custom'] } },
	},
	{
		displayName: 'Test Connection Against',
		name: 'customService',
		type: 'options',
		options: [
			{ name: 'SoftwareOne Marketplace', value: 'softwareOne' },
			{ name: 'Bold Smart Lock', value: 'bold' },
		],
		default: 'softwareOne',
		description:
			'Which API the Test button calls at the custom URL. Every operation can use a custom URL.',
		displayOptions: { show: { environment: ['custom'] } },
	},
];

/** An n8n expression that resolves the base URL from the credential's own fields. */
export const baseUrlExpression = `={{ (${JSON.stringify(
	Object.fromEntries(ENVIRONMENTS.map((e) => [e.value, e.baseUrl])),
)})[$credentials.environment] || String($credentials.customUrl || '').trim().replace(/\\/+$/, '') }}`;

/** An n8n expression for the credential Test path, picked by the service behind the URL. */
export const testPathExpression = `={{ ${JSON.stringify(
	ENVIRONMENTS.filter((e) => e.service === 'bold').map((e) => e.value),
)}.includes($credentials.environment) || ($credentials.environment === 'custom' && $credentials.customService === 'bold') ? ${JSON.stringify(
	CREDENTIAL_TEST_PATHS.bold,
)} : ${JSON.stringify(CREDENTIAL_TEST_PATHS.softwareOne)} }}`;

/** What the Test button says for the answers that mean "these settings are wrong", instead of a bare status. */
export const credentialTestRules: IAuthenticateRuleResponseCode[] = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'The service did not accept the secret (401). Check the token or key, and for an API key the Header Name and Prefix.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'The secret was accepted but may not read users (403). Use a token of an account with those rights (SoftwareOne answers 403 to a token of the wrong account type).',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'The base URL answered 404: it is not this service\'s API. Check Service, the Base URL, and for a custom URL "Test Connection Against".',
		},
	},
];

/**
 * The Test button of both credential types: a cheap authenticated GET on the chosen service.
 * Shared as a value only; each class still declares `test`, `icon` and `documentationUrl` itself,
 * with literal icon paths and URL, because n8n's credential lint rules read them from the class.
 */
export const credentialTest: ICredentialTestRequest = {
	request: { baseURL: baseUrlExpression, url: testPathExpression, method: 'GET' },
	rules: credentialTestRules,
};
