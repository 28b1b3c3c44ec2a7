import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { useDouble } from '../../double/helpers';
import { applyAuthentication, DOUBLE_SECRETS, doubleCredential, pressTestButton } from '../../helpers/credentials';
import { type EchoServer, startEchoServer } from '../../helpers/echoServer';
import { checkBaseUrl, checkCredentialAccountId } from '../../../nodes/shared/environments';

/** The credential Test button as a user sees it: what it says for each URL and each answer. */

const TYPES: Record<string, ICredentialType> = {
	userInvitationBearerTokenApi: new UserInvitationBearerTokenApi(),
	userInvitationApiKeyApi: new UserInvitationApiKeyApi(),
};

const SECRET = 'idt:TKN-1234-5678:s3cr"et\\value';

const press = async (type: string, data: ICredentialDataDecryptedObject) => await pressTestButton(TYPES[type], data);

const where = (customUrl: string) => ({ environment: 'custom', customUrl, customService: 'softwareOne' });
const asBearer = (customUrl: string): ICredentialDataDecryptedObject => ({ ...where(customUrl), token: SECRET });
const asApiKey = (customUrl: string): ICredentialDataDecryptedObject => ({ ...where(customUrl), apiKey: SECRET, headerName: 'X-API-Key' });

describe('credential Test: a custom base URL is checked as the node checks it', () => {
	const REFUSED: Array<[string, string, string]> = [
		[
			'a user name and password',
			'https://admin:hunter2@gw.example.com/base',
			'The credential\'s base URL (https://gw.example.com) contains a user name or password. Open the credential and correct Base URL. Remove the "user:password@" part: the token or API key of this credential signs every request.',
		],
		[
			'a query',
			'https://gw.example.com/base?tenant=7',
			'The credential\'s base URL (https://gw.example.com) has a query. Open the credential and correct Base URL. Remove everything from "?" on: every request path would land in that query.',
		],
		[
			'a fragment',
			'https://gw.example.com/base#top',
			'The credential\'s base URL (https://gw.example.com) has a fragment. Open the credential and correct Base URL. Remove everything from "#" on: every request path would be cut off there.',
		],
		[
			'plain http to a remote host',
			'http://api.s1.live',
			'The credential\'s base URL (http://api.s1.live) uses plain http to a remote host. Open the credential and correct Base URL. Use https:// — over plain http the token travels readable. Plain http is accepted only for loopback and private-network hosts.',
		],
		[
			'no scheme',
			'api.s1.live',
			'The credential\'s base URL is not a URL. Open the credential and correct Base URL. Enter scheme and host, like https://api.s1.live (a path prefix for a gateway is fine).',
		],
		[
			'another scheme',
			'ftp://gw.example.com',
			'The credential\'s base URL uses ftp: instead of https:. Open the credential and correct Base URL. Enter scheme and host, like https://api.s1.live (a path prefix for a gateway is fine).',
		],
	];

	describe.each([
		['Bearer Token', 'userInvitationBearerTokenApi', asBearer],
		['API Key', 'userInvitationApiKeyApi', asApiKey],
	])('%s', (_label, type, credentialFor) => {
		it.each(REFUSED)('refuses %s before any request, showing the origin only', async (_defect, customUrl, message) => {
			const result = await press(type, credentialFor(customUrl));

			expect(result).toEqual({ status: 'Error', message });
			expect(result.sent).toBeUndefined();
			expect(result.message).not.toMatch(/hunter2|admin|tenant|#top|\/base/);
			expect(result.message).not.toContain(SECRET);
		});
	});

	it('a preset Service ignores a leftover bad custom URL', async () => {
		const options = await applyAuthentication(
			TYPES.userInvitationBearerTokenApi,
			{ environment: 'softwareOneTest', customUrl: 'http://a:b@x.example?q', token: 'T' },
			{ url: 'https://api.s1.show/v1' },
		);
		expect(options.headers).toEqual({ Authorization: 'Bearer T' });
	});
});

describe('credential Test: a bad Account ID is refused before any request', () => {
	const REFUSAL =
		"The credential's Account ID is not a SoftwareOne account ID. Open the credential and enter the account ID in the form ACC-1234-5678 in Account ID, or leave Account ID empty.";

	describe.each([
		['Bearer Token', 'userInvitationBearerTokenApi', asBearer],
		['API Key', 'userInvitationApiKeyApi', asApiKey],
	])('%s', (_label, type, credentialFor) => {
		it.each([
			['lower case', 'acc-1234-5678'],
			['a dot segment', '..'],
			['a path after it', 'ACC-1234-5678/../../account-users'],
			['a query after it', 'ACC-1234-5678?limit=1000'],
			['an encoded slash', 'ACC-1234%2F5678'],
			['a digit too many', 'ACC-1234-56789'],
			['a line break', 'ACC-1234-5678\nx'],
			['a number', 12345678],
			['the secret pasted in the wrong field', SECRET],
		])('%s', async (_defect, accountId) => {
			const result = await press(type, { ...credentialFor('https://gw.example.com'), accountId });

			expect(result).toEqual({ status: 'Error', message: REFUSAL });
			expect(result.sent).toBeUndefined();
			expect(result.message).not.toContain(SECRET);
		});
	});

	it.each(['softwareOneProduction', 'softwareOneTest'])('%s: the preset checks the Account ID too', async (environment) => {
		const result = await press('userInvitationBearerTokenApi', { environment, token: 'T', accountId: 'ACC-1' });

		expect(result).toEqual({ status: 'Error', message: REFUSAL });
		expect(result.sent).toBeUndefined();
	});

	it('Bold, where the field is hidden, ignores an Account ID left over from another Service', async () => {
		const options = await applyAuthentication(
			TYPES.userInvitationBearerTokenApi,
			{ environment: 'bold', accountId: '../x', token: 'T' },
			{ url: 'https://api.boldsmartlock.com/v1/account' },
		);
		expect(options.headers).toEqual({ Authorization: 'Bearer T' });
	});
});

describe('credential Test against the double: what each endpoint family gives', () => {
	const double = useDouble();
	const config = async (families: string[] | null) =>
		await fetch(`${double.url}/__control/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ families }),
		});

	const NOT_FOUND = /^The base URL answered 404 to the Test's read\. With an Account ID the Test reads GET \/public\/v1\/accounts\/accounts\/\{Account ID\}\/users \(the "Account-Scoped \(Newer Path\)" endpoints/;
	const WITHOUT_ACCOUNT =
		'Without an Account ID it reads GET /public/v1/accounts/account-users (the "Account Users" endpoints), which the live platform no longer serves: enter your Account ID (like ACC-1234-5678) in the credential and test again.';
	const NEWER_READ = '/public/v1/accounts/accounts/ACC-1234-5678/users';

	it.each(['bearerToken', 'apiKey'] as const)('%s: where "Account Users" answers, the Test passes', async (authentication) => {
		await config(['accountUsers']);
		const { type, data } = doubleCredential(double.url, 'softwareOne', authentication);

		const result = await press(type, data);

		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(new URL(result.sent!.url).pathname).toBe('/public/v1/accounts/account-users');
	});

	it.each([
		['only "Account-Scoped" (Newer Path) answers, as on the live platform by the vendor\'s client', ['accountsAccounts']],
		['only "Account-Scoped" answers', ['accountScoped']],
		['no family answers', []],
	])('without an Account ID, where %s, the Test names the seed read and says to enter the Account ID', async (_label, families) => {
		await config(families);
		const { type, data } = doubleCredential(double.url, 'softwareOne', 'bearerToken');

		const result = await press(type, data);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(NOT_FOUND);
		expect(result.message).toContain(WITHOUT_ACCOUNT);
		expect(new URL(result.sent!.url).pathname).toBe('/public/v1/accounts/account-users');
	});

	it.each(['bearerToken', 'apiKey'] as const)(
		'%s with an Account ID, where only "Account-Scoped (Newer Path)" answers (the live platform), the Test passes on that family',
		async (authentication) => {
			await config(['accountsAccounts']);
			const { type, data } = doubleCredential(double.url, 'softwareOne', authentication);

			const result = await press(type, { ...data, accountId: ' ACC-1234-5678 ' });

			expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
			const sent = new URL(result.sent!.url);
			expect(`${sent.pathname}${sent.search}`).toBe(`${NEWER_READ}?limit=1`);
		},
	);

	it.each([
		['only "Account Users" answers', ['accountUsers']],
		['only "Account-Scoped" answers', ['accountScoped']],
	])('with an Account ID, where %s, the 404 names the account-scoped read and says to check Endpoints', async (_label, families) => {
		await config(families);
		const { type, data } = doubleCredential(double.url, 'softwareOne', 'apiKey');

		const result = await press(type, { ...data, accountId: 'ACC-1234-5678' });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(NOT_FOUND);
		expect(result.message).toContain('check Account ID and Base URL; if this environment serves another family, choose it under the node\'s "Endpoints"');
		expect(new URL(result.sent!.url).pathname).toBe(NEWER_READ);
	});

	it('401: a wrong secret is named as such, as before', async () => {
		const { type, data } = doubleCredential(double.url, 'softwareOne', 'bearerToken', 'wrong-token');

		expect(await press(type, data)).toMatchObject({
			status: 'Error',
			message:
				'The service did not accept the secret (401). Check the token or key, and for an API key the Header Name and Prefix.',
		});
	});

	it('403: a secret without the rights is told apart from a wrong one, as before', async () => {
		const { type, data } = doubleCredential(double.url, 'softwareOne', 'bearerToken', 's1-forbidden-token');

		expect(await press(type, data)).toMatchObject({
			status: 'Error',
			message:
				'The secret was accepted but may not read users (403). Use a token of an account with those rights (SoftwareOne answers 403 to a token of the wrong account type).',
		});
	});

	it('Bold keeps its own read, GET /v1/account', async () => {
		const { type, data } = doubleCredential(double.url, 'bold', 'apiKey', DOUBLE_SECRETS.bold.apiKey);

		const result = await press(type, data);

		expect(result).toMatchObject({ status: 'OK' });
		expect(new URL(result.sent!.url).pathname).toBe('/v1/account');
	});
});

describe('credential Test: a server that echoes the secret', () => {
	let echo: EchoServer;
	beforeAll(async () => {
		echo = await startEchoServer();
	});
	afterAll(async () => {
		await echo.close();
	});

	const ECHOED = [300, 302, 400, 402, 405, 409, 418, 422, 429, 451, 500, 502, 503, 599];

	it.each(ECHOED)('status %i: the message is the package\'s own words, never the reason phrase', async (answer) => {
		echo.status = answer;
		const token = 'echo-me-5f1c2a';

		const result = await press('userInvitationBearerTokenApi', { ...asBearer(echo.url), token });

		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(token);
		expect(result.message).not.toContain('Echo');
		expect(result.message).toContain(String(answer));
	});

	it('every status from 300 to 599 has fixed words, so no server text can reach the dialog', () => {
		const rules = TYPES.userInvitationBearerTokenApi.test!.rules!;
		const covered = rules.map((rule) => rule.properties.value as number);
		expect(new Set(covered).size).toBe(covered.length);
		expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => 300 + i));
	});
});

describe('credential Test: a redirect is never followed (issue 26)', () => {
	// n8n's request helper follows redirects unless told not to, and attaches Authorization again
	// on another origin (a custom key header is kept anyway). test/e2e/credentialTest.e2e.test.ts
	// shows in real n8n that nothing reaches the other address.
	it.each(Object.keys(TYPES))('%s asks n8n not to follow redirects', (type) => {
		expect(TYPES[type].test?.request).toMatchObject({ disableFollowRedirect: true });
	});

	it.each([301, 302, 303, 307, 308])('%i: the words say the Test did not follow it, and what to check', (status) => {
		const rule = TYPES.userInvitationBearerTokenApi.test!.rules!.find((candidate) => candidate.properties.value === status);
		expect(rule?.properties.message).toBe(
			`The base URL answered ${status}, a redirect. The Test does not follow redirects, so the secret was not sent on to the address the server named (n8n does not show it here; the node's own error for the same answer does). Check Service and Base URL: it must be the API itself, with https and its exact host, not an address that forwards to it.`,
		);
	});
});

describe('custom base URL: where plain http is accepted (the token would travel readable)', () => {
	it.each([
		'http://localhost:5678',
		'http://LOCALHOST',
		'http://127.0.0.1:8080',
		'http://10.1.2.3',
		'http://172.16.0.1',
		'http://172.31.255.254',
		'http://192.168.1.10',
		'http://[::1]:8080',
		'http://[fd12:3456::1]',
		'http://[fc00::5]',
		'http://api-double',
		'http://gateway.local',
		'http://n8n.localhost',
	])('accepts %s: loopback, private network or a name public DNS never answers', (url) => {
		expect(checkBaseUrl(url)).toMatchObject({ ok: true });
	});

	it.each([
		'http://172.15.0.1',
		'http://172.32.0.1',
		'http://192.169.1.1',
		'http://193.168.1.1',
		'http://169.253.1.1',
		'http://170.254.1.1',
		'http://11.0.0.1',
		'http://8.8.8.8',
		'http://[2001:db8::1]',
		'http://[fec0::1]',
		'http://[ff02::1]',
		'http://api.example.com',
		'http://local.example.com',
		'http://internal.example.com',
		'http://my.localhost.example.com',
	])('refuses %s: a remote host', (url) => {
		expect(checkBaseUrl(url)).toMatchObject({ ok: false, problem: expect.stringContaining('uses plain http to a remote host') });
	});

	it.each([
		['http://169.254.169.254', 'http://169.254.169.254'],
		['http://169.254.10.20:8080/latest', 'http://169.254.10.20:8080'],
		['https://169.254.169.254', 'https://169.254.169.254'],
		['http://2852039166/', 'http://169.254.169.254'],
		['http://0xa9.254.169.254', 'http://169.254.169.254'],
		['http://[::ffff:169.254.169.254]', 'http://[::ffff:a9fe:a9fe]'],
		['http://[fe80::1]', 'http://[fe80::1]'],
		['http://[feb0::1]', 'http://[feb0::1]'],
		['http://[fd00:ec2::254]', 'http://[fd00:ec2::254]'],
		['http://metadata.google.internal', 'http://metadata.google.internal'],
		['http://metadata.google.internal.', 'http://metadata.google.internal.'],
		['https://api.internal', 'https://api.internal'],
		['http://internal', 'http://internal'],
	])('refuses %s: link-local or cloud metadata, whatever the scheme or spelling', (url, origin) => {
		expect(checkBaseUrl(url)).toEqual({
			ok: false,
			problem: `(${origin}) is a link-local or cloud-metadata address`,
			fix: "Such an address answers with the n8n machine's own cloud credentials, never as the API. Enter the API's own address; a local test server belongs on localhost or 127.0.0.1.",
		});
	});

	it('keeps a gateway path prefix without trailing slashes, and the origin for messages', () => {
		expect(checkBaseUrl('  https://gw.example.com/api/v2///  ')).toEqual({
			ok: true,
			baseUrl: 'https://gw.example.com/api/v2',
			origin: 'https://gw.example.com',
		});
	});

	it.each([
		['a user name alone', 'https://admin@gw.example.com', 'contains a user name or password'],
		['a password alone', 'https://:hunter2@gw.example.com', 'contains a user name or password'],
		['a bare "?"', 'https://gw.example.com/base?', 'has a query'],
		['a bare "#"', 'https://gw.example.com/base#', 'has a fragment'],
	])('refuses %s', (_case, url, problem) => {
		expect(checkBaseUrl(url)).toMatchObject({ ok: false, problem: `(https://gw.example.com) ${problem}` });
	});
});

describe('credential Account ID', () => {
	it.each([
		['empty', ''],
		['blank', '   '],
		['missing', undefined],
		['null', null],
	])('%s means none', (_case, accountId) => {
		expect(checkCredentialAccountId({ environment: 'custom', accountId } as never)).toEqual({ ok: true });
	});

	it('a well-formed one, trimmed, is used', () => {
		expect(checkCredentialAccountId({ environment: 'custom', accountId: ' ACC-1234-5678 ' })).toEqual({ ok: true, accountId: 'ACC-1234-5678' });
	});

	it.each([['ACC-99'], [12345678], ['acc-9999-9999x']])('%j is refused, without repeating the value', (accountId) => {
		const check = checkCredentialAccountId({ environment: 'custom', accountId } as never);

		expect(check).toMatchObject({ ok: false, message: "The credential's Account ID is not a SoftwareOne account ID" });
		expect(JSON.stringify(check)).not.toContain(String(accountId));
	});
});
