import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	INodeProperties,
} from 'n8n-workflow';
import { PATTERNS } from '../../nodes/UserInvitation/helpers/validation';

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

export type BaseUrlCheck =
	| { ok: true; baseUrl: string; origin: string }
	| { ok: false; problem: string; fix: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Hosts where plain http cannot reach the internet: loopback, private and link-local addresses,
 * and names that public DNS never answers (a single label like a Docker service, .localhost,
 * .local, .internal).
 */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (host === 'localhost' || /\.(localhost|local|internal)$/.test(host) || /^[a-z0-9-]+$/.test(host)) return true;
	const v4 = IPV4.exec(host);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
	}
	if (host.includes(':')) return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
	return false;
}

/**
 * A custom base URL as the node and the credential Test accept it: http(s), no user name or
 * password, no query, no fragment; https unless the host is local. Texts show the origin only.
 */
export function checkBaseUrl(raw: unknown): BaseUrlCheck {
	const text = String(raw ?? '').trim();
	const example = 'Enter scheme and host, like https://api.s1.live (a path prefix for a gateway is fine).';
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: 'is not a URL', fix: example };
	}
	const origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { ok: false, problem: `uses ${url.protocol} instead of https:`, fix: example };
	}
	if (url.username || url.password) {
		return {
			ok: false,
			problem: `(${origin}) contains a user name or password`,
			fix: 'Remove the "user:password@" part: the token or API key of this credential signs every request.',
		};
	}
	if (url.search || text.includes('?')) {
		return { ok: false, problem: `(${origin}) has a query`, fix: 'Remove everything from "?" on: every request path would land in that query.' };
	}
	if (url.hash || text.includes('#')) {
		return { ok: false, problem: `(${origin}) has a fragment`, fix: 'Remove everything from "#" on: every request path would be cut off there.' };
	}
	if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
		return {
			ok: false,
			problem: `(${origin}) uses plain http to a remote host`,
			fix: 'Use https:// — over plain http the token travels readable. Plain http is accepted only for loopback and private-network hosts.',
		};
	}
	return { ok: true, baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, origin: url.origin };
}

/** What the node and the credential Test say about a refused custom base URL: one wording for both. */
export function baseUrlRefusal(check: Extract<BaseUrlCheck, { ok: false }>): { message: string; fix: string } {
	return { message: `The credential's base URL ${check.problem}`, fix: `Open the credential and correct Base URL. ${check.fix}` };
}

/** The last custom URL checked: the authenticate functions run on every request, the URL rarely changes. */
let lastCheck: { raw: unknown; check: BaseUrlCheck } | undefined;

/** Where the credential's Account ID field shows (and counts): the SoftwareOne presets and a custom URL. */
export const ACCOUNT_ID_ENVIRONMENTS: string[] = [
	...ENVIRONMENTS.filter((environment) => environment.service === 'softwareOne').map((environment) => environment.value),
	'custom',
];

export type AccountIdCheck = { ok: true; accountId?: string } | { ok: false; message: string; fix: string };

/**
 * The credential's optional Account ID, checked with the node's own pattern (ACC-1234-5678). Empty
 * or hidden (Bold: a value left over from another Service) means none. The value is not repeated in
 * the message: the credential Test does not scrub its texts, and a secret pasted here would show.
 */
export function checkCredentialAccountId(credentials: ICredentialDataDecryptedObject): AccountIdCheck {
	if (!ACCOUNT_ID_ENVIRONMENTS.includes(String(credentials.environment ?? ''))) return { ok: true };
	const raw = credentials.accountId;
	const value = typeof raw === 'string' ? raw.trim() : raw;
	if (value === undefined || value === null || value === '') return { ok: true };
	if (typeof value === 'string' && PATTERNS.accountId.test(value)) return { ok: true, accountId: value };
	return {
		ok: false,
		message: "The credential's Account ID is not a SoftwareOne account ID",
		fix: 'Open the credential and enter the account ID in the form ACC-1234-5678 in Account ID, or leave Account ID empty.',
	};
}

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
	if (lastCheck?.raw !== credentials.customUrl) lastCheck = { raw: credentials.customUrl, check: checkBaseUrl(credentials.customUrl) };
	const { check } = lastCheck;
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
		return `The base URL answered ${status}, a redirect the Test does not follow. Check Service and Base URL: it must be the API itself, not a page that forwards to it.`;
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
	request: { baseURL: baseUrlExpression, url: testPathExpression, method: 'GET' },
	rules: credentialTestRules,
};
