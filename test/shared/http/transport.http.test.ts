import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { control, start, useDouble } from '../../double/helpers';
import { everyString } from '../../helpers/context';
import { startRecordingServer } from '../../helpers/echoServer';
import {
	DOUBLE_SECRETS,
	doubleCredential,
	executeNode,
	type NodeResult,
	type Service,
} from '../../helpers/workflow';

/** Error statuses and broken connections over real HTTP, as the double produces them. */

const double = useDouble();

async function run(
	service: Service,
	parameters: INodeParameters,
	options: { secret?: string; continueOnFail?: boolean; items?: IDataObject[] } = {},
): Promise<NodeResult> {
	return await executeNode({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { authentication: 'bearerToken', ...parameters },
		credential: doubleCredential(double.url, service, 'bearerToken', options.secret),
		continueOnFail: options.continueOnFail,
		items: options.items,
	});
}

const faults = async (...rules: IDataObject[]) => await control(double.url, 'POST', '/faults', { rules });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (): Promise<any> => await control(double.url, 'GET', '/state');
const statuses = async () => ((await state()).requests as Array<{ status: number }>).map((r) => r.status);

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const fast = { maxRetryWait: 1, timeout: 2 };
const getUser = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'get',
	userId: locator('AUSR-0000-0001'),
	options: { ...fast, ...options },
});
const createUser = (email: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'create',
	user: { mappingMode: 'defineBelow', value: { email, firstName: 'New', lastName: 'Hire' } },
	groupIds: 'UGR-1234-5678',
	options: { ...fast, ...options },
});
/** Update Invitation of Bold user 5 with `fields` mapped and the send switches given. */
const updateInvitation = (fields: INodeParameters, options: INodeParameters = {}): INodeParameters => {
	const { sendEmail, sendSms, ...mapped } = fields;
	return {
		resource: 'lockUser',
		operation: 'updateInvitation',
		invitation: { mappingMode: 'defineBelow', value: { userId: '5', ...mapped } },
		...(sendEmail !== undefined && { sendEmail }),
		...(sendSms !== undefined && { sendSms }),
		options: { ...fast, ...options },
	};
};

describe('every error status, as a user reads it', () => {
	it('400: the fields the API names', async () => {
		await faults({ method: 'GET', kind: 'status', status: 400 });
		const result = await run('softwareOne', getUser());

		expect(result.error?.message).toBe('The API rejected the request as invalid [item 0]');
		expect(result.error?.description).toContain('Injected fault: status 400.');
		expect(await statuses()).toEqual([400]);
	});

	it.each<[Service, string]>([
		['softwareOne', 'The access token is invalid or has expired.'],
		['bold', 'The authentication token is invalid or has expired.'],
	])('401 from %s: a wrong token, never retried', async (service, vendorText) => {
		const result = await run(
			service,
			service === 'bold' ? updateInvitation({ sendEmail: true }) : getUser(),
			{ secret: 'wrong-token' },
		);

		expect(result.error?.message).toBe('The API did not accept the credential (wrong or expired token or key) [item 0]');
		expect(result.error?.description).toContain(vendorText);
		expect(result.error?.description).toContain('Open the credential, paste a valid token or API key, and press Test.');
		expect(result.error?.httpCode).toBe('401');
		expect(await statuses()).toEqual([401]);
	});

	it.each<[Service, string]>([
		['softwareOne', 's1-forbidden-token'],
		['bold', 'bold-forbidden-token'],
	])('403 from %s: a token without the rights', async (service, secret) => {
		const result = await run(service, service === 'bold' ? updateInvitation({ language: 'en' }) : getUser(), { secret });

		expect(result.error?.message).toBe('The credential is not allowed to do this [item 0]');
		expect(result.error?.httpCode).toBe('403');
		expect(await statuses()).toEqual([403]);
	});

	it('404: a user that does not exist', async () => {
		const result = await run('softwareOne', { ...getUser(), userId: locator('AUSR-9999-9999') });

		expect(result.error?.message).toBe('User AUSR-9999-9999 was not found [item 0]');
		expect(result.error?.description).toContain('Account user AUSR-9999-9999 not found.');
	});

	it('409: a duplicate membership', async () => {
		const result = await run('softwareOne', createUser('active.user@example.com'));

		expect(result.error?.message).toBe('The user already exists [item 0]');
		expect(await statuses()).toEqual([409]);
	});

	it('429: waits for Retry-After, then succeeds', async () => {
		await faults({ method: 'GET', kind: 'status', status: 429, retryAfter: 1, times: 1 });
		const started = Date.now();
		const result = await run('softwareOne', getUser({ maxRetryWait: 5 }));

		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(await statuses()).toEqual([429, 200]);
	});

	it('429 from the rate limit on a create: the user is created once', async () => {
		await control(double.url, 'POST', '/config', { rateLimit: { rps: 2, burst: 1 } });
		const result = await run('softwareOne', createUser('limited@example.com', { maxRetryWait: 5 }), {
			items: [{}, {}],
		});

		// Two items, one e-mail: the second is a duplicate, but only because the first went through once.
		expect(result.error?.message).toMatch(/^The user already exists( \(after 2 attempts\))? \[item \d\]$/);
		const s = await state();
		expect(s.rateLimited).toBeGreaterThan(0);
		expect(s.softwareOne.createsByEmail).toEqual({ 'limited@example.com': 1 });
	});

	it('429 for longer than Max Retry Wait fails without waiting', async () => {
		await faults({ method: 'GET', kind: 'status', status: 429, retryAfter: 3600 });
		const started = Date.now();
		const result = await run('softwareOne', getUser());

		expect(result.error?.httpCode).toBe('429');
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await statuses()).toEqual([429]);
	});

	it('500: a server error, never retried', async () => {
		await faults({ kind: 'status', status: 500 });
		const result = await run('softwareOne', getUser());

		expect(result.error?.message).toBe('The API had a server error (500) [item 0]');
		expect(result.error?.description).toContain('This is on the service side.');
		expect(await statuses()).toEqual([500]);
	});

	it.each([502, 503, 504])('%i on a read: retried, then succeeds', async (status) => {
		await faults({ method: 'GET', kind: 'status', status, times: 1 });
		const result = await run('softwareOne', getUser());

		expect(result.error).toBeUndefined();
		expect(await statuses()).toEqual([status, 200]);
	});

	it('503 on every attempt: gives up after Max Retries with the server-error text', async () => {
		await faults({ kind: 'status', status: 503, retryAfter: 0 });
		const result = await run('softwareOne', getUser({ maxRetries: 2 }));

		expect(result.error?.message).toBe('The API had a server error (503) (after 3 attempts) [item 0]');
		expect(await statuses()).toEqual([503, 503, 503]);
	});
});

describe('broken connections never send an invitation twice', () => {
	it('Create User: the connection drops after the user was created; the node finds it and does not create again', async () => {
		await faults({ method: 'POST', kind: 'reset', afterProcessing: true, times: 1 });
		const result = await run('softwareOne', createUser('dropped@example.com'));

		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ email: 'dropped@example.com', invitationStatus: 'Invited' });
		const s = await state();
		expect(s.softwareOne.postsByEmail).toEqual({ 'dropped@example.com': 1 });
		expect(s.softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0004': 1 });
	});

	it('Create User: the connection drops before anything was done; the node creates it now', async () => {
		await faults({ method: 'POST', kind: 'reset', times: 1 });
		const result = await run('softwareOne', createUser('early@example.com'));

		expect(result.error).toBeUndefined();
		expect((await state()).softwareOne.createsByEmail).toEqual({ 'early@example.com': 1 });
	});

	it('Create User in another account: a dropped connection is not "resolved" by a membership elsewhere', async () => {
		// active.user@example.com is a member of ACC-1234-5678 only: that membership must not pass for
		// the one asked for in another account.
		await faults({ method: 'POST', kind: 'reset', times: 1 });
		const result = await run('softwareOne', {
			...createUser('active.user@example.com'),
			additionalFields: { accountId: 'ACC-2222-3333' },
		});

		const users = (await state()).softwareOne.users as IDataObject[];
		expect(users.filter((user) => user.email === 'active.user@example.com').map((user) => user.accountId).sort()).toEqual([
			'ACC-1234-5678',
			'ACC-2222-3333',
		]);
		expect(result.output[0]?.json.accountId).toBe('ACC-2222-3333');
	});

	it('Create User: a 504 after the user was created is reconciled too', async () => {
		await faults({ method: 'POST', kind: 'status', status: 504, afterProcessing: true, times: 1 });
		const result = await run('softwareOne', createUser('gateway@example.com'));

		expect(result.error).toBeUndefined();
		expect((await state()).softwareOne.postsByEmail).toEqual({ 'gateway@example.com': 1 });
	});

	it.each([
		['expired', 'AUSR-0000-0003', 'send-new-invite'],
		['pending', 'AUSR-0000-0001', 'resend-invite'],
	])('Resend Invite (%s): the answer is lost after the e-mail went out; one e-mail only', async (invitationKind, id, action) => {
		await faults({ method: 'POST', path: action, kind: 'reset', afterProcessing: true, times: 1 });
		const result = await run('softwareOne', {
			resource: 'accountUser',
			operation: 'resendInvite',
			userId: locator(id),
			invitationKind,
			options: fast,
		});

		expect(result.error).toBeUndefined();
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({ [id]: 1 });
	});

	it('Update Invitation with Send Email: a lost answer is reported, not retried', async () => {
		await faults({ method: 'PUT', kind: 'reset', afterProcessing: true, times: 1 });
		const result = await run('bold', updateInvitation({ sendEmail: true }));

		expect(result.error?.message).toBe(
			'The API closed the connection before answering; the request may have been carried out [item 0]',
		);
		expect(result.error?.description).toContain('the invitation e-mail may have been sent');
		expect((await state()).bold.emailsByUser).toEqual({ 5: 1 });
	});

	it('Update Invitation without a send flag: a lost answer is simply retried', async () => {
		await faults({ method: 'PUT', kind: 'reset', afterProcessing: true, times: 1 });
		const result = await run('bold', updateInvitation({ language: 'it' }));

		expect(result.error).toBeUndefined();
		expect((await state()).bold.updatesByUser).toEqual({ 5: 2 });
	});

	it('a server that never answers: the Timeout option ends the wait', async () => {
		await faults({ method: 'PUT', kind: 'hang' });
		const started = Date.now();
		const result = await run('bold', updateInvitation({ sendSms: true }, { timeout: 1 }));

		expect(result.error?.message).toBe('The API did not answer within 1 s; the request may have been carried out [item 0]');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('a body that is not JSON on a read: retried, then succeeds', async () => {
		await faults({ method: 'GET', kind: 'malformed', times: 1 });
		const result = await run('softwareOne', getUser());

		expect(result.error).toBeUndefined();
		expect(result.output[0].json.id).toBe('AUSR-0000-0001');
	});

	it('a body that is never JSON: says so', async () => {
		await faults({ method: 'GET', kind: 'malformed' });
		const result = await run('softwareOne', getUser({ maxRetries: 1 }));

		expect(result.error?.message).toBe('The API answered with a body that is not valid JSON [item 0]');
		expect(result.error?.description).toContain('the body starts with: {"broken": ');
	});

	it('nothing listens at the base URL: says where it tried', async () => {
		const closed = await start();
		const url = closed.url;
		await closed.close();
		const result = await executeNode({
			nodeClass: UserInvitation,
			credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
			parameters: { ...getUser({ maxRetries: 1 }) },
			credential: doubleCredential(url, 'softwareOne', 'bearerToken'),
		});

		expect(result.error?.message).toBe('The API refused the connection [item 0]');
		expect(result.error?.description).toContain(url);
	});
});

describe('a redirect is an error, never followed: the credential goes nowhere else', () => {
	it.each([301, 302, 307, 308])('%i on Create User: nothing reaches the other address, the error says where it pointed', async (status) => {
		const elsewhere = await startRecordingServer(201);
		const redirecting = await startRecordingServer(status, `${elsewhere.url}/public/v1/accounts/account-users`);
		try {
			const result = await executeNode({
				nodeClass: UserInvitation,
				credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
				parameters: { authentication: 'bearerToken', ...createUser('redirected@example.com') },
				credential: doubleCredential(redirecting.url, 'softwareOne', 'bearerToken'),
			});

			expect(elsewhere.received).toEqual([]);
			expect(redirecting.received).toHaveLength(1);
			expect(result.error?.message).toBe(`The API answered with a redirect (${status}) instead of a result [item 0]`);
			expect(result.error?.description).toBe(
				`The node does not follow redirects, so that the credential is never sent to another address. The server pointed to ${elsewhere.url}/public/v1/accounts/account-users. Set the credential's base URL to the API's own address (for example https:// instead of http://) and run again.`,
			);
			expect((result.error as { httpCode?: string }).httpCode).toBe(String(status));
		} finally {
			await Promise.all([elsewhere.close(), redirecting.close()]);
		}
	});

	it('a Location that echoes the token is scrubbed, and a relative one is read against the base URL', async () => {
		const redirecting = await startRecordingServer(302, `/login?token=${DOUBLE_SECRETS.softwareOne.bearerToken}`);
		try {
			const result = await executeNode({
				nodeClass: UserInvitation,
				credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
				parameters: { authentication: 'bearerToken', ...getUser({ maxRetries: 0 }) },
				credential: doubleCredential(redirecting.url, 'softwareOne', 'bearerToken'),
			});

			expect(redirecting.received).toHaveLength(1);
			expect(result.error?.description).toContain(`The server pointed to ${redirecting.url}/login?token=`);
			expect(everyString(result.error)).not.toContain(DOUBLE_SECRETS.softwareOne.bearerToken);
		} finally {
			await redirecting.close();
		}
	});
});

describe('the secret never reaches an error, whatever n8n\'s request helper kept', () => {
	it.each<[string, IDataObject]>([
		['a dropped connection', { kind: 'reset' }],
		['a server error', { kind: 'status', status: 500 }],
		['an unreadable body', { kind: 'malformed' }],
	])('%s', async (_, rule) => {
		await faults({ method: 'PUT', ...rule });
		const result = await run('bold', updateInvitation({ sendEmail: true }, { maxRetries: 0 }));

		expect(result.error).toBeDefined();
		expect(everyString(result.error)).not.toContain(DOUBLE_SECRETS.bold.bearerToken);
	});
});

describe('Continue On Fail over HTTP', () => {
	it('one error item per failing item, the others succeed, in order', async () => {
		const result = await run(
			'softwareOne',
			{ ...getUser(), userId: locator('={{ $json.id }}') },
			{ continueOnFail: true, items: [{ id: 'AUSR-0000-0001' }, { id: 'AUSR-9999-9999' }, { id: 'AUSR-0000-0003' }] },
		);

		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => [item.json.id ?? item.json.error, item.pairedItem])).toEqual([
			['AUSR-0000-0001', { item: 0 }],
			['User AUSR-9999-9999 was not found [item 1]', { item: 1 }],
			['AUSR-0000-0003', { item: 2 }],
		]);
		expect(result.output[1].json.httpCode).toBe('404');
	});
});
