// The credential Test button, through n8n's own endpoint (POST /rest/credentials/test).
import { type CredentialRef, type Stack, describeE2e } from '../../tools/n8n';
import { expectNoSecrets } from './helpers';

type Key = 'softwareOneBearer' | 'softwareOneApiKey' | 'boldBearer' | 'boldApiKey';

const CASES: Array<[string, Key, 'token' | 'apiKey', string]> = [
	['SoftwareOne bearer token', 'softwareOneBearer', 'token', 'GET /public/v1/accounts/account-users?limit=1'],
	['SoftwareOne API key', 'softwareOneApiKey', 'apiKey', 'GET /public/v1/accounts/account-users?limit=1'],
	['Bold bearer token', 'boldBearer', 'token', 'GET /v1/account'],
	['Bold API key', 'boldApiKey', 'apiKey', 'GET /v1/account'],
];

describeE2e('credential Test in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	const requestsSeen = async () =>
		(await stack().double.requests()).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} → ${r.status}`);

	describe.each(CASES)('%s', (_label, key, secretField, testCall) => {
		const credential = (): CredentialRef => stack().credentials[key];

		test('a valid secret passes, calling the service’s cheap authenticated GET', async () => {
			const { id, name, type, data } = credential();
			const result = await stack().client.testCredential({ id, name, type, data: data! });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await requestsSeen()).toEqual([`${testCall} → 200`]);
		});

		test('the saved credential passes as the editor sends it (secret redacted, n8n fills it in)', async () => {
			const { id, name, type } = credential();
			const saved = await stack().client.rest('get', `/credentials/${id}?includeData=true`);
			const redacted = saved.data.data.data as Record<string, unknown>;
			expect(JSON.stringify(redacted)).not.toContain(String(credential().data![secretField]));
			const result = await stack().client.testCredential({ id, name, type, data: redacted });
			expect(result.status).toBe('OK');
		});

		test('an invalid secret fails, and the answer does not repeat it', async () => {
			const { id, name, type, data } = credential();
			const wrong = `wrong-${secretField}-5f1c2a`;
			const result = await stack().client.testCredential({ id, name, type, data: { ...data, [secretField]: wrong } });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/401|unauthori[sz]ed|authoriz/i);
			expect(result.message).not.toContain(wrong);
			expectNoSecrets(JSON.stringify(result));
			const seen = await requestsSeen();
			expect(seen.length).toBeGreaterThanOrEqual(1);
			for (const line of seen) expect(line).toBe(`${testCall} → 401`);
		});
	});
});
