import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { PATTERNS } from './validation';

/**
 * Where the APIs are and which custom base URLs and Account IDs are acceptable: one set of rules for
 * the nodes (before their first request) and the credentials (before they sign one).
 */

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
 * Hosts where plain http cannot reach the internet: loopback and private addresses, and names that
 * public DNS never answers (a single label like a Docker service, .localhost, .local).
 */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (host === 'localhost' || /\.(localhost|local)$/.test(host) || /^[a-z0-9-]+$/.test(host)) return true;
	const v4 = IPV4.exec(host);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
	}
	if (host.includes(':')) return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host);
	return false;
}

/**
 * Where cloud machines find their metadata service, which hands out the machine's own credentials
 * to any plain GET: link-local 169.254.0.0/16 (also written as an IPv4-mapped IPv6 address),
 * IPv6 link-local fe80::/10, AWS's fd00:ec2::254, and *.internal names (metadata.google.internal).
 * Never an API's address; refused as a base URL whatever the scheme.
 */
export function isMetadataHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
	if (host === 'internal' || host.endsWith('.internal')) return true;
	const v4 = IPV4.exec(host);
	if (v4) return Number(v4[1]) === 169 && Number(v4[2]) === 254;
	if (!host.includes(':')) return false;
	// The URL parser writes ::ffff:169.254.x.y as ::ffff:a9fe:xxxx.
	return /^fe[89ab][0-9a-f]:/.test(host) || /^::ffff:a9fe:/.test(host) || host === 'fd00:ec2::254';
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
	if (isMetadataHost(url.hostname)) {
		return {
			ok: false,
			problem: `(${origin}) is a link-local or cloud-metadata address`,
			fix: "Such an address answers with the n8n machine's own cloud credentials, never as the API. Enter the API's own address; a local test server belongs on localhost or 127.0.0.1.",
		};
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
