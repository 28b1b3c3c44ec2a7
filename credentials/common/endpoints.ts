import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	INodeProperties,
} from 'n8n-workflow';
import {
	ACCOUNT_ID_ENVIRONMENTS,
	baseUrlRefusal,
	checkBaseUrl,
	checkCredentialAccountId,
	ENVIRONMENTS,
} from '../../nodes/shared/environments';
import { PATTERNS } from '../../nodes/shared/validation';

/**
 * Refuses to sign a request with settings the node would refuse: a bad custom base URL, a bad
 * Account ID. The node checks before its first request; this is what makes the credential Test
 * (n8n's own request, which runs no node code) and any other node using the credential refuse the
 * same values with the same words, before anything is sent.
 */
export function assertSignableCredential(credentials: ICredentialDataDecryptedObject): void {
	const account = checkCredentialAccountId(credentials);
	// n8n's Test shows only an error's message, so the fix goes into it too.
	if (!account.ok) throw new Error(`${account.message}. ${account.fix}`);
	if (ENVIRONMENTS.some((environment) => environment.value === credentials.environment)) return;
	// Checked on every request, with no memo: one URL parse and a few patterns (microseconds), and no
	// state shared between credentials.
	const check = checkBaseUrl(credentials.customUrl);
	if (check.ok) return;
	const { message, fix } = baseUrlRefusal(check);
	throw new Error(`${message}. ${fix}`);
}

/** Cheap authenticated GETs the credential Test button calls, one per service (and, for SoftwareOne, per Account ID). */
export const CREDENTIAL_TEST_PATHS = {
	softwareOne: '/public/v1/accounts/account-users?limit=1',
	/** With an Account ID: the family the vendor's client uses on the live platform. */
	softwareOneAccount: (accountId: string) => `/public/v1/accounts/accounts/${accountId}/users?limit=1`,
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
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: '',
		placeholder: 'ACC-1234-5678',
		description:
			'Optional. Your SoftwareOne account ID, like ACC-1234-5678. The Test then reads the account-scoped endpoints the live platform serves (without it, the Account Users endpoints), and the node uses it for the account-scoped Endpoints when its own Account ID is empty. Find it as "accountId" in any Create User or Get Many result of this node (or ask your Marketplace account administrator).',
		displayOptions: { show: { environment: ACCOUNT_ID_ENVIRONMENTS } },
	},
];

/** An n8n expression that resolves the base URL from the credential's own fields. */
export const baseUrlExpression = `={{ (${JSON.stringify(
	Object.fromEntries(ENVIRONMENTS.map((e) => [e.value, e.baseUrl])),
)})[$credentials.environment] || String($credentials.customUrl || '').trim().replace(/\\/+$/, '') }}`;

/**
 * An n8n expression for the credential Test path, picked by the service behind the URL and, for
 * SoftwareOne, by the Account ID. A declarative expression cannot call the node's URL module
 * (helpers/url.ts), so the account ID reaches the path only when it matches the node's pattern
 * (ACC-1234-5678: letters, digits and dashes, which percent-encoding leaves as they are); any other
 * value falls back to the seed path, and authenticate refuses it before anything is sent.
 */
export const testPathExpression = `={{ ${JSON.stringify(
	ENVIRONMENTS.filter((e) => e.service === 'bold').map((e) => e.value),
)}.includes($credentials.environment) || ($credentials.environment === 'custom' && $credentials.customService === 'bold') ? ${JSON.stringify(
	CREDENTIAL_TEST_PATHS.bold,
)} : /${PATTERNS.accountId.source}/.test(String($credentials.accountId || '').trim()) ? ${JSON.stringify(
	CREDENTIAL_TEST_PATHS.softwareOneAccount('@'),
).replace('@', '" + String($credentials.accountId).trim() + "')} : ${JSON.stringify(CREDENTIAL_TEST_PATHS.softwareOne)} }}`;

/**
 * What the Test button says for 404. n8n's rules match the status only, with fixed words, so one
 * text names both reads the Test can make and what to try after each.
 */
export const CREDENTIAL_TEST_NOT_FOUND =
	'The base URL answered 404 to the Test\'s read. With an Account ID the Test reads GET /public/v1/accounts/accounts/{Account ID}/users (the "Account-Scoped (Newer Path)" endpoints, which the live platform serves by the vendor\'s client): check Account ID and Base URL; if this environment serves another family, choose it under the node\'s "Endpoints". Without an Account ID it reads GET /public/v1/accounts/account-users (the "Account Users" endpoints), which the live platform no longer serves: enter your Account ID (like ACC-1234-5678) in the credential and test again. Bold: it reads GET /v1/account; check Service, Base URL and, for a custom URL, "Test Connection Against".';

/** The words for a status without a rule of its own. */
function statusMessage(status: number): string {
	if (status < 400) {
		return `The base URL answered ${status}, a redirect. The Test does not follow redirects, so the secret was not sent on to the address the server named (n8n does not show it here; the node's own error for the same answer does). Check Service and Base URL: it must be the API itself, with https and its exact host, not an address that forwards to it.`;
	}
	if (status === 429) return 'The service answered 429 (too many requests), so the credential could not be checked now. Press Test again in a minute.';
	if (status >= 500) return `The service had a server error (${status}), so the credential could not be checked. Press Test again later.`;
	return `The service refused the Test's read with status ${status}. Check Service, Base URL and, for a custom URL, "Test Connection Against".`;
}

/**
 * What the Test button says for every answer that is not a success, instead of a bare status. Every
 * status from 300 to 599 has its own fixed words: without a rule n8n shows the server's reason
 * phrase, which a proxy can fill with the request's headers, secret included.
 */
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
	{ type: 'responseCode', properties: { value: 404, message: CREDENTIAL_TEST_NOT_FOUND } },
	...Array.from({ length: 300 }, (_, offset) => 300 + offset)
		.filter((status) => ![401, 403, 404].includes(status))
		.map((status): IAuthenticateRuleResponseCode => ({
			type: 'responseCode',
			properties: { value: status, message: statusMessage(status) },
		})),
];

/**
 * The Test button of both credential types: a cheap authenticated GET on the chosen service.
 * Shared as a value only; each class still declares `test`, `icon` and `documentationUrl` itself,
 * with literal icon paths and URL, because n8n's credential lint rules read them from the class.
 */
export const credentialTest: ICredentialTestRequest = {
	// n8n's request helper follows redirects by default and, across origins, attaches the
	// Authorization header again (custom key headers are kept anyway): a server that answers 3xx
	// would receive the secret for wherever it points. n8n copies every key of this request into
	// its options; disableFollowRedirect makes axios stop at the 3xx, which the rules below word.
	request: { baseURL: baseUrlExpression, url: testPathExpression, method: 'GET', disableFollowRedirect: true },
	rules: credentialTestRules,
};
