// The credential Test button in n8n 2.41.1 (POST /rest/credentials/test, what the credential dialog
// calls): the message a user reads for a bad custom URL, each endpoint family, 401/403, and a server
// that echoes the secret.
import { type CredentialRef, type Json, type Stack, describeE2e, egressAttempts } from '../../tools/n8n';
import { byResourceLocator, expectNoSecrets, runNode } from './helpers';
import { type EchoServer, startEchoServer, startRecordingServer } from '../helpers/echoServer';

const SEED_READ = 'GET /public/v1/accounts/account-users?limit=1';
const ACCOUNT = 'ACC-1234-5678';
const NEWER = `/public/v1/accounts/accounts/${ACCOUNT}/users`;
const NEWER_READ = `GET ${NEWER}?limit=1`;

describeE2e('credential Test in real n8n: URL checks, endpoint families, secrets', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	const requestsSeen = async () =>
		(await stack().double.requests()).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} → ${r.status}`);

	const press = async (credential: CredentialRef, changes: Record<string, Json> = {}) => {
		const { id, name, type, data } = credential;
		return await stack().client.testCredential({ id, name, type, data: { ...data, ...changes } });
	};

	describe.each([
		['Bearer Token', 'softwareOneBearer'],
		['API Key', 'softwareOneApiKey'],
	] as const)('%s: a bad custom base URL is refused before any request', (_label, key) => {
		const double = () => new URL(stack().doubleUrl);

		test.each([
			[
				'a user name and password',
				() => `http://admin:hunter2@${double().host}/base`,
				() =>
					`The credential's base URL (${double().origin}) contains a user name or password. Open the credential and correct Base URL. Remove the "user:password@" part: the token or API key of this credential signs every request.`,
			],
			[
				'a query',
				() => `${double().origin}/base?tenant=7`,
				() =>
					`The credential's base URL (${double().origin}) has a query. Open the credential and correct Base URL. Remove everything from "?" on: every request path would land in that query.`,
			],
			[
				'a fragment',
				() => `${double().origin}/base#top`,
				() =>
					`The credential's base URL (${double().origin}) has a fragment. Open the credential and correct Base URL. Remove everything from "#" on: every request path would be cut off there.`,
			],
			[
				'plain http to a remote host',
				() => 'http://api.s1.live',
				() =>
					'The credential\'s base URL (http://api.s1.live) uses plain http to a remote host. Open the credential and correct Base URL. Use https:// — over plain http the token travels readable. Plain http is accepted only for loopback and private-network hosts.',
			],
		])('%s', async (_defect, customUrl, message) => {
			const egressBefore = (await egressAttempts(stack().egressUrl)).length;

			const result = await press(stack().credentials[key], { customUrl: customUrl() });

			expect(result).toEqual({ status: 'Error', message: message() });
			expect(result.message).not.toMatch(/hunter2|admin|tenant|#top|\/base/);
			expectNoSecrets(JSON.stringify(result));
			expect(await requestsSeen()).toEqual([]);
			expect((await egressAttempts(stack().egressUrl)).length).toBe(egressBefore);
		});
	});

	describe('SoftwareOne endpoint families', () => {
		test('where "Account Users" answers, the Test passes', async () => {
			await stack().double.config({ families: ['accountUsers'] });

			expect(await press(stack().credentials.softwareOneBearer)).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await requestsSeen()).toEqual([`${SEED_READ} → 200`]);
		});

		test.each([
			['Bearer Token', 'softwareOneBearer'],
			['API Key', 'softwareOneApiKey'],
		] as const)(
			'%s with an Account ID, where only "Account-Scoped (Newer Path)" answers (the live platform), the Test passes on that family',
			async (_label, key) => {
				await stack().double.config({ families: ['accountsAccounts'] });

				expect(await press(stack().credentials[key], { accountId: ACCOUNT })).toEqual({ status: 'OK', message: 'Connection successful!' });
				expect(await requestsSeen()).toEqual([`${NEWER_READ} → 200`]);
			},
		);

		test.each([
			['only "Account-Scoped (Newer Path)" answers (the live platform, by the vendor\'s client)', ['accountsAccounts']],
			['only "Account-Scoped" answers', ['accountScoped']],
			['no family answers', []],
		])('without an Account ID, where %s, the 404 names the seed read and says to enter the Account ID', async (_label, families) => {
			await stack().double.config({ families });

			const result = await press(stack().credentials.softwareOneApiKey);

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^The base URL answered 404 to the Test's read\. /);
			expect(result.message).toContain(
				'Without an Account ID it reads GET /public/v1/accounts/account-users (the "Account Users" endpoints), which the live platform no longer serves: enter your Account ID (like ACC-1234-5678) in the credential and test again.',
			);
			expect(await requestsSeen()).toEqual([`${SEED_READ} → 404`]);
		});

		test('with an Account ID, where only "Account Users" answers, the 404 names the account-scoped read and the Endpoints choice', async () => {
			await stack().double.config({ families: ['accountUsers'] });

			const result = await press(stack().credentials.softwareOneBearer, { accountId: ACCOUNT });

			expect(result.status).toBe('Error');
			expect(result.message).toContain(
				'With an Account ID the Test reads GET /public/v1/accounts/accounts/{Account ID}/users (the "Account-Scoped (Newer Path)" endpoints',
			);
			expect(result.message).toContain('if this environment serves another family, choose it under the node\'s "Endpoints"');
			expect(await requestsSeen()).toEqual([`${NEWER_READ} → 404`]);
		});

		test.each(['acc-1234-5678', `${ACCOUNT}/../../account-users`, `${ACCOUNT}?limit=1000`, '..'])(
			'an Account ID %j is refused before any request',
			async (accountId) => {
				const result = await press(stack().credentials.softwareOneBearer, { accountId });

				expect(result).toEqual({
					status: 'Error',
					message:
						"The credential's Account ID is not a SoftwareOne account ID. Open the credential and enter the account ID in the form ACC-1234-5678 in Account ID, or leave Account ID empty.",
				});
				expect(await requestsSeen()).toEqual([]);
			},
		);
	});

	test('a node run takes the account from the credential when the node gives none, and says which family it used', async () => {
		await stack().double.config({ families: ['accountsAccounts'] });
		const { type, data } = stack().credentials.softwareOneBearer;
		const credential = {
			...(await stack().client.createCredential({
				name: `SoftwareOne with Account ID ${Date.now()}`,
				type,
				data: { ...data, accountId: ACCOUNT },
			})),
			data: { ...data, accountId: ACCOUNT },
		};

		const run = await runNode(stack(), {
			credential,
			parameters: { resource: 'accountUser', operation: 'get', userId: byResourceLocator('AUSR-0000-0001') },
			items: [{}],
		});

		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => [item.json.id, item.json.email, item.json.endpoints])).toEqual([
			['AUSR-0000-0001', 'invited.user@example.com', 'Account-Scoped (Newer Path)'],
		]);
		expect(await requestsSeen()).toEqual([
			'GET /public/v1/accounts/account-users/AUSR-0000-0001 → 404',
			'GET /public/v1/accounts/account-users?limit=1&offset=0 → 404',
			`GET ${NEWER}?limit=1&offset=0 → 200`,
			`GET ${NEWER}/AUSR-0000-0001 → 200`,
		]);
	});

	test('401: a wrong token is named as such', async () => {
		const result = await press(stack().credentials.softwareOneBearer, { token: 'wrong-token-5f1c2a' });

		expect(result).toEqual({
			status: 'Error',
			message:
				'The service did not accept the secret (401). Check the token or key, and for an API key the Header Name and Prefix.',
		});
	});

	test('403: a token without the rights is told apart from a wrong one', async () => {
		const result = await press(stack().credentials.softwareOneBearer, { token: 's1-forbidden-token' });

		expect(result).toEqual({
			status: 'Error',
			message:
				'The secret was accepted but may not read users (403). Use a token of an account with those rights (SoftwareOne answers 403 to a token of the wrong account type).',
		});
	});

	describe('a redirect is not followed: the secret never reaches the address the server names (issue 26)', () => {
		test.each([
			[301, 'Bearer Token', 'softwareOneBearer'],
			[302, 'API Key', 'softwareOneApiKey'],
			[307, 'Bearer Token', 'softwareOneBearer'],
			[308, 'API Key', 'softwareOneApiKey'],
		] as const)('%i with the %s credential', async (status, _label, key) => {
			const token = 'redirect-me-7d2e9b';
			// Another origin (another port): n8n's helper would attach Authorization again there, and
			// keep a custom key header anyway.
			const elsewhere = await startRecordingServer(200);
			const redirecting = await startRecordingServer(status, `${elsewhere.url}/public/v1/accounts/account-users?limit=1`);
			try {
				const credential = stack().credentials[key];
				const result = await press(credential, {
					customUrl: redirecting.url,
					...(key === 'softwareOneBearer' ? { token } : { apiKey: token }),
				});

				expect(redirecting.received).toHaveLength(1);
				expect(elsewhere.received).toEqual([]);
				expect(result).toEqual({
					status: 'Error',
					message: `The base URL answered ${status}, a redirect. The Test does not follow redirects, so the secret was not sent on to the address the server named (n8n does not show it here; the node's own error for the same answer does). Check Service and Base URL: it must be the API itself, with https and its exact host, not an address that forwards to it.`,
				});
				expect(result.message).not.toContain(token);
			} finally {
				await Promise.all([elsewhere.close(), redirecting.close()]);
			}
		});
	});

	describe('a server that echoes the secret in its reason phrase and body', () => {
		let echo: EchoServer;
		beforeAll(async () => {
			echo = await startEchoServer();
		});
		afterAll(async () => {
			await echo.close();
		});

		test.each([418, 500])('status %i: the message is the package\'s own, without the token', async (answer) => {
			echo.status = answer;
			const token = 'echo-me-5f1c2a';

			const result = await press(stack().credentials.softwareOneBearer, { customUrl: echo.url, token });

			expect(result.status).toBe('Error');
			expect(result.message).toContain(String(answer));
			expect(result.message).not.toContain(token);
			expect(result.message).not.toContain('Echo');
		});
	});
});
