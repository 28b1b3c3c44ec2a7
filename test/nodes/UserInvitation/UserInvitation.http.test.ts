import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { control, useDouble } from '../../double/helpers';
import {
	type Authentication,
	DOUBLE_SECRETS,
	doubleCredential,
	executeNode,
	type NodeResult,
	type Service,
} from '../../helpers/workflow';

/**
 * Every operation over real HTTP: n8n-core's ExecuteContext and request helper, the credential
 * applied as n8n applies it, and the API double answering as the vendors do.
 */

const double = useDouble();

interface RunOptions {
	authentication?: Authentication;
	items?: IDataObject[];
	continueOnFail?: boolean;
	timezone?: string;
	secret?: string;
}

async function run(service: Service, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeResult> {
	const authentication = options.authentication ?? 'bearerToken';
	return await executeNode({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { authentication, ...parameters },
		credential: doubleCredential(double.url, service, authentication, options.secret),
		items: options.items,
		continueOnFail: options.continueOnFail,
		timezone: options.timezone,
	});
}

async function ok(service: Service, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeResult> {
	const result = await run(service, parameters, options);
	if (result.error) throw new Error(`${result.error.message}\n${result.error.description ?? ''}`);
	return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (): Promise<any> => await control(double.url, 'GET', '/state');

const apiRequests = async () =>
	((await state()).requests as Array<{ method: string; path: string; query?: string; status: number }>).map(
		(r) => `${r.method} ${r.path}${r.query ? `?${decodeURIComponent(r.query)}` : ''} ${r.status}`,
	);

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

const FAMILIES: Array<[string, INodeParameters, string]> = [
	['accountUsers', {}, '/public/v1/accounts/account-users'],
	['accountScoped', { scopeAccountId: 'ACC-1234-5678' }, '/public/v1/accounts/ACC-1234-5678/users'],
	['accountsAccounts', { scopeAccountId: 'ACC-1234-5678' }, '/public/v1/accounts/accounts/ACC-1234-5678/users'],
];
const AUTHENTICATIONS: Authentication[] = ['bearerToken', 'apiKey'];
const EVERY_WAY = FAMILIES.flatMap(([family, extra, collection]) =>
	AUTHENTICATIONS.map((authentication) => [family, authentication, { endpointFamily: family, ...extra }, collection] as const),
);

describe('Create User over HTTP', () => {
	it.each(EVERY_WAY)('%s with %s: creates the user once and sends one invitation', async (_, authentication, family, collection) => {
		const result = await ok(
			'softwareOne',
			{
				resource: 'accountUser',
				operation: 'create',
				...family,
				user: { mappingMode: 'defineBelow', value: { email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire' } },
				groupIds: 'UGR-1234-5678, UGR-2345-6789',
			},
			{ authentication },
		);

		expect(result.output).toEqual([
			{
				json: {
					id: 'AUSR-0000-0004',
					userId: 'USR-0000-0004',
					name: 'New Hire',
					email: 'new.hire@example.com',
					invitationStatus: 'Invited',
					invitationUrl: expect.stringContaining('/__invitations/'),
					accountId: 'ACC-1234-5678',
					accountName: 'Account ACC-1234-5678',
					groupIds: ['UGR-1234-5678', 'UGR-2345-6789'],
				},
				pairedItem: { item: 0 },
			},
		]);
		const s = await state();
		expect(s.softwareOne.createsByEmail).toEqual({ 'new.hire@example.com': 1 });
		expect(s.softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0004': 1 });
		expect(await apiRequests()).toEqual([`POST ${collection} 201`]);
	});

	it('sends every optional field in a body the strict schema accepts', async () => {
		const result = await ok('softwareOne', {
			resource: 'accountUser',
			operation: 'create',
			user: {
				mappingMode: 'defineBelow',
				value: {
					email: 'full@example.com',
					firstName: 'Full',
					lastName: 'Fields',
					cultureCode: 'nl-NL',
					languageCode: 'nl',
					phonePrefix: '+31',
					phoneNumber: '612345678',
				},
			},
			groupIds: 'UGR-1234-5678',
			invitationStatus: 'Active',
			simplify: false,
			additionalFields: { accountId: 'ACC-2222-3333' },
		});

		expect(result.output[0].json).toMatchObject({
			user: { email: 'full@example.com', phone: { prefix: '+31', number: '612345678' } },
			account: { id: 'ACC-2222-3333' },
			invitation: { status: 'Active' },
		});
		const user = (await state()).softwareOne.users.find((u: IDataObject) => u.email === 'full@example.com');
		expect(user).toMatchObject({ accountId: 'ACC-2222-3333', status: 'Active', settings: { cultureCode: 'nl-NL', languageCode: 'nl' } });
		// An operator adding an active user sends no e-mail.
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({});
	});

	it('a second run with the same e-mail is refused as a duplicate (409) and creates nothing', async () => {
		const result = await run('softwareOne', {
			resource: 'accountUser',
			operation: 'create',
			user: { mappingMode: 'defineBelow', value: { email: 'Invited.User@example.com', firstName: 'Ivy', lastName: 'Again' } },
			groupIds: 'UGR-1234-5678',
		});

		expect(result.error?.message).toBe('The user already exists [item 0]');
		expect(result.error?.description).toContain('is already a member of account ACC-1234-5678.');
		expect(result.error?.httpCode).toBe('409');
		expect((await state()).softwareOne.duplicateCreates).toBe(1);
	});

	it('a duplicate answered with 400 (unconfirmed vendor behaviour) still names the cause', async () => {
		await control(double.url, 'POST', '/config', { duplicateStatus: 400 });
		const result = await run('softwareOne', {
			resource: 'accountUser',
			operation: 'create',
			user: { mappingMode: 'defineBelow', value: { email: 'invited.user@example.com', firstName: 'Ivy', lastName: 'Again' } },
			groupIds: 'UGR-1234-5678',
		});

		expect(result.error?.message).toBe('The API rejected the request as invalid [item 0]');
		expect(result.error?.description).toContain('is already a member of account ACC-1234-5678.');
	});

	it('creates one user per item, in input order', async () => {
		const emails = ['one@example.com', 'two@example.com', 'three@example.com'];
		const result = await ok(
			'softwareOne',
			{
				resource: 'accountUser',
				operation: 'create',
				user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: '={{ $json.email.split("@")[0] }}', lastName: 'Batch' } },
				groupIds: 'UGR-1234-5678',
			},
			{ items: emails.map((email) => ({ email })) },
		);

		expect(result.output.map((item) => [item.json.email, item.pairedItem])).toEqual(
			emails.map((email, item) => [email, { item }]),
		);
		expect((await state()).softwareOne.createsByEmail).toEqual(Object.fromEntries(emails.map((e) => [e, 1])));
	});

	it('reads the credential once per run and still signs every request with it', async () => {
		const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
		const result = await ok(
			'softwareOne',
			{ resource: 'accountUser', operation: 'create', user: { mappingMode: 'autoMapInputData', value: null }, groupIds: 'UGR-1234-5678' },
			{ items: emails.map((email) => ({ email, firstName: 'Ann', lastName: 'Lee' })) },
		);

		expect(result.output).toHaveLength(4);
		expect(result.credentialsHelper.decrypted).toBe(1);
		expect(result.credentialsHelper.authenticated.map((request) => request.headers?.Authorization)).toEqual(
			emails.map(() => `Bearer ${DOUBLE_SECRETS.softwareOne.bearerToken}`),
		);
	});
});

describe('Resend Invite over HTTP', () => {
	it.each(EVERY_WAY)('%s with %s: Detect Automatically sends a new invitation for an expired one', async (_, authentication, family, collection) => {
		const result = await ok(
			'softwareOne',
			{ resource: 'accountUser', operation: 'resendInvite', ...family, userId: locator('AUSR-0000-0003') },
			{ authentication },
		);

		expect(result.output[0].json).toMatchObject({ id: 'AUSR-0000-0003', invitationStatus: 'Invited' });
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0003': 1 });
		expect(await apiRequests()).toEqual([
			`GET ${collection}/AUSR-0000-0003?select=+audit 200`,
			`POST ${collection}/AUSR-0000-0003/send-new-invite 200`,
		]);
	});

	it('Detect Automatically re-sends a pending invitation', async () => {
		await ok('softwareOne', { resource: 'accountUser', operation: 'resendInvite', userId: locator('AUSR-0000-0001') });

		expect(await apiRequests()).toEqual([
			'GET /public/v1/accounts/account-users/AUSR-0000-0001?select=+audit 200',
			'POST /public/v1/accounts/account-users/AUSR-0000-0001/resend-invite 200',
		]);
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0001': 1 });
	});

	it('Detect Automatically sends nothing to a user who already joined', async () => {
		const result = await run('softwareOne', { resource: 'accountUser', operation: 'resendInvite', userId: locator('AUSR-0000-0002') });

		expect(result.error?.message).toBe(
			'User AUSR-0000-0002 has invitation status "Active"; no invitation was sent [item 0]',
		);
		expect(await apiRequests()).toEqual(['GET /public/v1/accounts/account-users/AUSR-0000-0002?select=+audit 200']);
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({});
	});

	it('an invitation that expired since it was created is detected and sent anew', async () => {
		await control(double.url, 'POST', '/expire/AUSR-0000-0001');
		await ok('softwareOne', { resource: 'accountUser', operation: 'resendInvite', userId: locator('AUSR-0000-0001') });

		expect((await apiRequests())[1]).toBe('POST /public/v1/accounts/account-users/AUSR-0000-0001/send-new-invite 200');
	});

	it.each([
		['expired', 'AUSR-0000-0003', 'send-new-invite', []],
		// A re-send leaves a pending invitation's state as it was: the audit read first is its only trace.
		['pending', 'AUSR-0000-0001', 'resend-invite', ['GET /public/v1/accounts/account-users/AUSR-0000-0001?select=+audit 200']],
	])('explicit %s: one POST to %s', async (invitationKind, id, action, reads) => {
		await ok('softwareOne', { resource: 'accountUser', operation: 'resendInvite', userId: locator(id), invitationKind });

		expect(await apiRequests()).toEqual([...reads, `POST /public/v1/accounts/account-users/${id}/${action} 200`]);
	});

	it('explicit state that does not match: the API refuses, nothing is sent', async () => {
		const result = await run('softwareOne', {
			resource: 'accountUser',
			operation: 'resendInvite',
			userId: locator('AUSR-0000-0003'),
			invitationKind: 'pending',
		});

		expect(result.error?.message).toBe('The API rejected the request as invalid [item 0]');
		expect(result.error?.description).toContain('use send-new-invite for an expired invitation');
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({});
	});

	it('a user of another account is not found on an account-scoped path', async () => {
		const result = await run('softwareOne', {
			resource: 'accountUser',
			operation: 'resendInvite',
			endpointFamily: 'accountScoped',
			scopeAccountId: 'ACC-9999-9999',
			userId: locator('AUSR-0000-0003'),
		});

		expect(result.error?.message).toBe('User AUSR-0000-0003 was not found [item 0]');
		expect(result.error?.httpCode).toBe('404');
	});
});

describe('Get User and Get Many Users over HTTP', () => {
	it.each(EVERY_WAY)('Get User, %s with %s', async (_, authentication, family) => {
		const result = await ok(
			'softwareOne',
			{ resource: 'accountUser', operation: 'get', ...family, userId: locator('AUSR-0000-0002') },
			{ authentication },
		);

		expect(result.output[0].json).toEqual({
			id: 'AUSR-0000-0002',
			userId: 'USR-0000-0002',
			name: 'Adam Active',
			email: 'active.user@example.com',
			invitationStatus: 'Active',
			accountId: 'ACC-1234-5678',
			accountName: 'Account ACC-1234-5678',
			groupIds: ['UGR-1234-5678'],
		});
	});

	it.each(EVERY_WAY)('Get Many Users by status, %s with %s', async (_, authentication, family) => {
		const result = await ok(
			'softwareOne',
			{ resource: 'accountUser', operation: 'getAll', ...family, filters: { invitationStatus: 'InvitationExpired' } },
			{ authentication },
		);

		expect(result.output.map((item) => item.json.email)).toEqual(['expired.user@example.com']);
	});

	it('Get Many Users by e-mail matches regardless of case, quoted on the wire', async () => {
		const result = await ok('softwareOne', {
			resource: 'accountUser',
			operation: 'getAll',
			filters: { email: 'INVITED.user@example.com', invitationStatus: 'Invited' },
		});

		expect(result.output.map((item) => item.json.id)).toEqual(['AUSR-0000-0001']);
		expect(await apiRequests()).toEqual([
			'GET /public/v1/accounts/account-users?and(eq(invitation.status,Invited),eq(user.email,"INVITED.user@example.com"))&limit=50&offset=0 200',
		]);
	});

	it('Return All pages through 230 users 100 at a time; Limit stops early', async () => {
		await control(double.url, 'POST', '/seed', {
			softwareOneUsers: Array.from({ length: 227 }, (_, i) => ({ email: `bulk${i}@example.com`, status: 'Invited' })),
		});

		const all = await ok('softwareOne', { resource: 'accountUser', operation: 'getAll', returnAll: true });
		expect(all.output).toHaveLength(230);
		expect(new Set(all.output.map((item) => item.json.id)).size).toBe(230);
		expect((await apiRequests()).map((line) => line.replace(/^GET \S+\?/, ''))).toEqual([
			'limit=100&offset=0 200',
			'limit=100&offset=100 200',
			'limit=100&offset=200 200',
		]);

		await control(double.url, 'POST', '/reset');
		const some = await ok('softwareOne', { resource: 'accountUser', operation: 'getAll', limit: 2 });
		expect(some.output).toHaveLength(2);
	});
});

describe('Update Invitation over HTTP', () => {
	it.each(AUTHENTICATIONS)('with %s: sets every field and sends the e-mail once', async (authentication) => {
		const result = await ok(
			'bold',
			{
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '5', language: 'de', expiration: '2099-12-01T09:00:00', emailAddress: 'gus.new@example.com', phoneNumber: '+4915112345678' } },
				sendEmail: true,
			},
			{ authentication, timezone: 'Europe/Amsterdam' },
		);

		expect(result.output).toEqual([
			{
				json: {
					id: 5,
					language: 'de',
					expiration: '2099-12-01T09:00:00+01:00',
					emailAddress: 'gus.new@example.com',
					phoneNumber: '+4915112345678',
					sendEmail: true,
				},
				pairedItem: { item: 0 },
			},
		]);
		const s = await state();
		expect(s.bold.users.find((u: IDataObject) => u.id === 5)).toMatchObject({
			language: 'de',
			expiration: '2099-12-01T09:00:00+01:00',
			emailAddress: 'gus.new@example.com',
			phoneNumber: '+4915112345678',
		});
		expect(s.bold.emailsByUser).toEqual({ 5: 1 });
		expect(s.bold.smsByUser).toEqual({});
		expect(await apiRequests()).toEqual(['PUT /v2/users/5/invitation 200']);
	});

	it('sends the SMS when asked, and nothing when only values change', async () => {
		await ok('bold', { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5' } }, sendSms: true });
		await ok('bold', { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '2', language: 'fr' } } });

		const s = await state();
		expect(s.bold.smsByUser).toEqual({ 5: 1 });
		expect(s.bold.emailsByUser).toEqual({});
		expect(s.bold.updatesByUser).toEqual({ 2: 1, 5: 1 });
	});

	it('an expiration from $now in an expression reaches Bold with its offset', async () => {
		const result = await ok(
			'bold',
			{
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: '={{ $now.plus({ days: 3 }) }}' } },
			},
			{ timezone: 'Asia/Kolkata' },
		);

		const sent = result.output[0].json.expiration as string;
		expect(sent).toMatch(/\+05:30$/);
		expect(DateTime.fromISO(sent).diffNow('days').days).toBeCloseTo(3, 1);
	});

	it('an unknown user is "not found", in Bold\'s words', async () => {
		const result = await run('bold', {
			resource: 'lockUser',
			operation: 'updateInvitation',
			invitation: { mappingMode: 'defineBelow', value: { userId: '999' } },
			sendEmail: true,
		});

		expect(result.error?.message).toBe('Bold user 999 was not found [item 0]');
		expect(result.error?.description?.split('\n').slice(0, 3)).toEqual([
			'User not found',
			'No user with id 999.',
			'Error code: userNotFoundError',
		]);
		expect((await state()).bold.emailsByUser).toEqual({});
	});
});

describe('bad input never reaches the API', () => {
	it.each<[string, Service, INodeParameters, string]>([
		['a bad e-mail', 'softwareOne', { operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'new.hire', firstName: 'N', lastName: 'H' } }, groupIds: 'UGR-1234-5678' }, 'Email "new.hire" is not valid [item 0]'],
		['a bad group', 'softwareOne', { operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'n@example.com', firstName: 'N', lastName: 'H' } }, groupIds: 'UGR-1' }, 'Group ID "UGR-1" is not valid [item 0]'],
		['a missing last name', 'softwareOne', { operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'n@example.com', firstName: 'N', lastName: '' } }, groupIds: 'UGR-1234-5678' }, 'Last Name is required but empty [item 0]'],
		['a long phone number', 'softwareOne', { operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'n@example.com', firstName: 'N', lastName: 'H', phoneNumber: '1234567890123456' } }, groupIds: 'UGR-1234-5678' }, 'Phone Number is 16 characters long; the API accepts at most 15 [item 0]'],
		['a long culture code', 'softwareOne', { operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'n@example.com', firstName: 'N', lastName: 'H', cultureCode: 'nl-NL-x' } }, groupIds: 'UGR-1234-5678' }, 'Culture Code is 7 characters long; the API accepts at most 5 [item 0]'],
		['a bad account', 'softwareOne', { operation: 'getAll', endpointFamily: 'accountScoped', scopeAccountId: 'ACC-1' }, 'Account ID "ACC-1" is not valid [item 0]'],
		['a past expiration', 'bold', { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: '2020-01-01T00:00:00+01:00' } } }, 'Expiration 2020-01-01T00:00:00+01:00 is in the past [item 0]'],
		['a local phone number', 'bold', { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', phoneNumber: '0612345678' } } }, 'Phone Number "0612345678" is not valid [item 0]'],
		['a language name', 'bold', { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', language: 'German' } } }, 'Language "German" is not an ISO 639-1 code [item 0]'],
	])('%s', async (_, service, parameters, message) => {
		const result = await run(service, { resource: 'accountUser', ...parameters });

		expect(result.error?.message).toBe(message);
		expect(await apiRequests()).toEqual([]);
	});
});
