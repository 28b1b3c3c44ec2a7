import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';
import { readParameter, resolveConnection, serviceMismatch } from '../../../nodes/shared/http/connection';

// Which credential signs the requests, where they go, and which secrets every text is scrubbed of:
// what a user chose in the node and the credential, and the error they read when it cannot work.
const node = { name: 'User Invitation' } as INode;

/** A run (IExecuteFunctions) or a poll (IPollFunctions: no items, the fallback as second argument). */
function context(kind: 'run' | 'poll', parameters: Record<string, unknown>, credentials: ICredentialDataDecryptedObject) {
	const asked: string[] = [];
	const base = {
		getNode: () => node,
		getCredentials: async (type: string) => {
			asked.push(type);
			return credentials;
		},
	};
	const ctx =
		kind === 'run'
			? { ...base, getInputData: () => [{ json: {} }], getNodeParameter: (name: string, _item: number, fallback: unknown) => parameters[name] ?? fallback }
			: { ...base, getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback };
	return { ctx: ctx as unknown as IExecuteFunctions | IPollFunctions, asked };
}

describe('resolveConnection', () => {
	it('a run with Bearer Token (the default): that credential, the preset URL, the service', async () => {
		const { ctx, asked } = context('run', {}, { environment: 'bold', token: 'tok' });
		const connection = await resolveConnection(ctx);
		expect(connection).toMatchObject({
			credentialType: 'userInvitationBearerTokenApi',
			baseUrl: 'https://api.boldsmartlock.com',
			service: 'bold',
		});
		expect(new Set(connection.secrets)).toEqual(new Set(['tok']));
		expect(asked).toEqual(['userInvitationBearerTokenApi']);
	});

	it('keeps the credential it read, named as the node names it, for the requests of the run', async () => {
		const { ctx } = context('run', { authentication: 'apiKey' }, { environment: 'bold', apiKey: 'key' });
		const withCredential = { ...node, credentials: { userInvitationApiKeyApi: { id: '7', name: 'Bold (API key)' } } };
		const connection = await resolveConnection({ ...ctx, getNode: () => withCredential } as typeof ctx);

		expect(connection.credential).toEqual({
			id: '7',
			name: 'Bold (API key)',
			type: 'userInvitationApiKeyApi',
			data: { environment: 'bold', apiKey: 'key' },
		});
	});

	it('a poll reads Authentication with its fallback as the second argument, and gets the API key credential', async () => {
		const { ctx, asked } = context('poll', { authentication: 'apiKey' }, { environment: 'softwareOneTest', apiKey: 'key' });
		const connection = await resolveConnection(ctx);
		expect(asked).toEqual(['userInvitationApiKeyApi']);
		expect(connection.baseUrl).toBe('https://api.s1.show');
		expect(connection.service).toBe('softwareOne');
	});

	it('scrubs a secret as stored and trimmed, skips empty and missing ones', async () => {
		const { ctx } = context('run', {}, { environment: 'bold', token: '  padded-token ', apiKey: '' });
		expect((await resolveConnection(ctx)).secrets).toEqual(['  padded-token ', 'padded-token']);
		const none = context('run', {}, { environment: 'bold', token: '   ', apiKey: 5 as unknown as string });
		expect((await resolveConnection(none.ctx)).secrets).toEqual(['   ']);
	});

	it('a custom base URL is checked and used; its service is "custom"', async () => {
		const { ctx } = context('run', {}, { environment: 'custom', customUrl: 'https://gateway.example.com/api', token: 't' });
		const connection = await resolveConnection(ctx);
		expect(connection.service).toBe('custom');
		expect(connection.baseUrl).toMatch(/^https:\/\/gateway\.example\.com\/api\/?$/);
	});

	it('no environment at all is a custom URL too, and a bad one says what to correct', async () => {
		const { ctx } = context('run', {}, { customUrl: 'not a url', token: 't' });
		await expect(resolveConnection(ctx)).rejects.toMatchObject({
			message: "The credential's base URL is not a URL",
			description: expect.stringMatching(/^Open the credential and correct Base URL\. /),
		});
	});

	it('an unknown Authentication value names it and says what to choose', async () => {
		const { ctx } = context('run', { authentication: 'oauth2' }, {});
		await expect(resolveConnection(ctx)).rejects.toMatchObject({
			message: 'Unknown authentication "oauth2"',
			description: 'Choose "Bearer Token" or "API Key" in the node\'s Authentication field.',
		});
	});
});

describe('readParameter', () => {
	it('passes the item in a run and the fallback in a poll', () => {
		const run = context('run', { x: 'set' }, {}).ctx;
		expect(readParameter(run, 'x', 3, 'fb')).toBe('set');
		expect(readParameter(run, 'missing', 3, 'fb')).toBe('fb');
		const poll = context('poll', {}, {}).ctx;
		expect(readParameter(poll, 'missing', 0, 'fb')).toBe('fb');
	});
});

describe('serviceMismatch', () => {
	const connection = (service: 'softwareOne' | 'bold' | 'custom') => ({ credentialType: 't', credential: { id: '', name: '', type: 't', data: {} }, baseUrl: 'https://x', service, secrets: [] });
	const { ctx } = context('run', {}, {});

	it('fits when the service matches or the URL is custom', () => {
		expect(serviceMismatch(ctx, connection('bold'), 'bold', 'Update Invitation')).toBeUndefined();
		expect(serviceMismatch(ctx, connection('custom'), 'bold', 'Update Invitation')).toBeUndefined();
	});

	it('names the operation, both services and the way out', () => {
		const error = serviceMismatch(ctx, connection('softwareOne'), 'bold', 'Update Invitation');
		expect(error?.message).toBe(
			'Update Invitation needs a Bold Smart Lock credential, but the selected credential points at SoftwareOne Marketplace',
		);
		expect(error?.description).toBe(
			'Select a credential whose Service is Bold Smart Lock (or a Custom URL), or pick an operation that SoftwareOne Marketplace offers.',
		);
	});
});
