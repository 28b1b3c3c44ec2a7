import type { INode } from 'n8n-workflow';
import { simplifyAccountUser } from '../../../nodes/shared/softwareOne/accountUser';
import { buildAccountUserPaths } from '../../../nodes/shared/softwareOne/endpoints';
import { segment } from '../../../nodes/shared/http/url';
import {
	accountUser,
	boldCredentials,
	locator,
	page,
	type RecordedRequest,
	runNode,
	runNodeOk,
	softwareOneCredentials,
} from '../../helpers/context';

const origin = { ctx: { getNode: () => ({ name: 'User Invitation' }) as INode }, itemIndex: 0, label: 'User' };

describe('buildAccountUserPaths', () => {
	it.each([
		['accountUsers', undefined, '/public/v1/accounts/account-users'],
		['accountScoped', 'ACC-1234-5678', '/public/v1/accounts/ACC-1234-5678/users'],
		['accountsAccounts', 'ACC-1234-5678', '/public/v1/accounts/accounts/ACC-1234-5678/users'],
	] as const)('%s', (family, account, collection) => {
		const paths = buildAccountUserPaths(family, account === undefined ? undefined : segment(origin, account));
		expect(paths.collection).toBe(collection);
		expect(paths.user(segment(origin, 'AUSR-1/2'))).toBe(`${collection}/AUSR-1%2F2`);
	});
});

describe('simplifyAccountUser', () => {
	it('leaves out what the API left out, instead of writing undefined or empty strings', () => {
		expect(simplifyAccountUser({ id: 'AUSR-1', user: { email: 'a@b.com' } })).toEqual({
			id: 'AUSR-1',
			email: 'a@b.com',
			groupIds: [],
		});
	});
});

describe('the account for the account-scoped endpoints: node first, then the credential', () => {
	const NEWER = '/public/v1/accounts/accounts/ACC-1234-5678/users';
	const OTHER = '/public/v1/accounts/accounts/ACC-9876-5432/users';
	const created = {
		user: { mappingMode: 'defineBelow', value: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' } },
		groupIds: 'UGR-1234-5678',
	};
	/** The live platform by the vendor's client: only /accounts/accounts/{accountId}/users is served. */
	const livePlatform = (request: RecordedRequest) => {
		if (!/^\/public\/v1\/accounts\/accounts\/ACC-\d{4}-\d{4}\/users/.test(request.path)) {
			return { statusCode: 404, body: { title: 'Not Found', status: 404 } };
		}
		if (request.method === 'POST') return { statusCode: 201, body: accountUser({ id: 'AUSR-0000-0042' }) };
		if (request.path.endsWith('/users')) return { body: page([accountUser()]) };
		return { body: accountUser() };
	};

	it('Auto-detect takes the credential\'s Account ID when the node gives none, and says which family answered', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: livePlatform,
		});

		expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /public/v1/accounts/account-users/AUSR-1234-5678',
			'GET /public/v1/accounts/account-users',
			`GET ${NEWER}`,
			`GET ${NEWER}/AUSR-1234-5678`,
		]);
		expect(run.output[0].json).toMatchObject({ id: 'AUSR-1234-5678', endpoints: 'Account-Scoped (Newer Path)' });
	});

	it.each(['accountScoped', 'accountsAccounts'])('a fixed %s family takes the credential\'s Account ID', async (endpointFamily) => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'getAll', endpointFamily, limit: 1 },
			credentials: softwareOneCredentials({ accountId: 'ACC-9876-5432' }),
			respond: () => ({ body: page([accountUser()]) }),
		});

		const base = endpointFamily === 'accountScoped' ? '/public/v1/accounts/ACC-9876-5432/users' : OTHER;
		expect(run.requests.map((r) => r.path)).toEqual([base]);
	});

	it.each([
		['Auto-Detect', 'auto'],
		['Account-Scoped (Newer Path)', 'accountsAccounts'],
	])('with %s the node\'s own Account ID wins over the credential\'s', async (_label, endpointFamily) => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'get', endpointFamily, scopeAccountId: 'ACC-9876-5432', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: livePlatform,
		});

		expect(run.requests.some((r) => r.path.includes('ACC-1234-5678'))).toBe(false);
		expect(run.requests.at(-1)?.path).toBe(`${OTHER}/AUSR-1234-5678`);
	});

	it('Create User\'s Additional Fields account wins over the credential\'s', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'create', ...created, additionalFields: { accountId: 'ACC-9876-5432' } },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: livePlatform,
		});

		const post = run.requests.find((r) => r.method === 'POST' && r.path.startsWith('/public/v1/accounts/accounts/'));
		expect(post?.path).toBe(OTHER);
		expect(post?.body).toMatchObject({ account: { id: 'ACC-9876-5432' } });
	});

	it('a node Account ID that is not valid is refused, never replaced by the credential\'s', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', endpointFamily: 'accountsAccounts', scopeAccountId: 'acc-1', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
		});

		expect(run.error?.message).toBe('Account ID "acc-1" is not valid [item 0]');
		expect(run.requests).toHaveLength(0);
	});

	it('without an account anywhere, a fixed account-scoped family names both Account ID fields and sends nothing', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', endpointFamily: 'accountsAccounts', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe('Account ID "" is not valid [item 0]');
		expect(run.error?.description).toBe(
			'The account-scoped endpoints need the SoftwareOne account ID, like ACC-1234-5678. Enter it in the node\'s "Account ID" or in the credential\'s "Account ID", or switch Endpoints to "Account Users".',
		);
		expect(run.requests).toHaveLength(0);
	});

	it('without an account anywhere, Auto-detect\'s route-missing error names the credential\'s Account ID too', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials(),
			respond: livePlatform,
		});

		expect(run.error?.message).toBe('No SoftwareOne endpoints answer at this base URL (404 from "Account Users") [item 0]');
		expect(run.error?.description).toContain('or in the credential\'s "Account ID"');
	});

	it('a credential Account ID that is not valid stops the run before any request', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-1234-5678') },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678/../..' }),
		});

		expect(run.error?.message).toBe("The credential's Account ID is not a SoftwareOne account ID");
		expect(run.error?.description).toBe(
			'Open the credential and enter the account ID in the form ACC-1234-5678 in Account ID, or leave Account ID empty.',
		);
		expect(run.requests).toHaveLength(0);
	});

	it('a Bold credential ignores an Account ID left over from another Service', async () => {
		const run = await runNodeOk({
			parameters: {
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: '2099-12-01T09:00:00+00:00' } },
			},
			credentials: boldCredentials({ accountId: '../x' }),
		});

		expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /v2/users/5/invitation']);
	});
});
