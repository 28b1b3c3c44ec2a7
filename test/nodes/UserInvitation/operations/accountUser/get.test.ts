import type { INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	locator,
	runNode,
	runNodeOk,
	SOFTWAREONE_BASE,
	softwareOneCredentials,
} from '../../../../helpers/context';

const get = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'get',
	userId: locator('AUSR-1234-5678'),
	...parameters,
});

describe('Get User', () => {
	it.each([
		['accountUsers', {}, '/public/v1/accounts/account-users/AUSR-1234-5678'],
		['accountScoped', { scopeAccountId: 'ACC-1234-5678' }, '/public/v1/accounts/ACC-1234-5678/users/AUSR-1234-5678'],
		[
			'accountsAccounts',
			{ scopeAccountId: 'ACC-1234-5678' },
			'/public/v1/accounts/accounts/ACC-1234-5678/users/AUSR-1234-5678',
		],
	])('%s: one GET of the user, with no body and no query', async (endpointFamily, extra, path) => {
		const run = await runNodeOk({
			parameters: get({ endpointFamily, ...extra }),
			credentials: softwareOneCredentials(),
			responses: [{ body: accountUser() }],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.requests[0]).toMatchObject({ method: 'GET', url: `${SOFTWAREONE_BASE}${path}`, query: '' });
		expect(run.requests[0].body).toBeUndefined();
	});

	it('trims the ID and refuses one that is not letters, digits and dashes, before any request', async () => {
		const run = await runNode({
			parameters: get({ userId: locator(' AUSR#1/ä ') }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe('User "AUSR#1/ä" is not valid [item 0]');
	});

	it('returns the simplified user, paired with its item', async () => {
		const run = await runNodeOk({
			parameters: get(),
			credentials: softwareOneCredentials(),
			responses: [{ body: accountUser({ lastLoginAt: '2026-01-02T03:04:05Z', invitation: { status: 'Active', url: undefined } }) }],
		});

		expect(run.output).toEqual([
			{
				json: {
					id: 'AUSR-1234-5678',
					userId: 'USR-1111-2222',
					name: 'Ada Lovelace',
					email: 'ada@example.com',
					invitationStatus: 'Active',
					accountId: 'ACC-1234-5678',
					accountName: 'Contoso',
					groupIds: ['UGR-1234-5678'],
					lastLoginAt: '2026-01-02T03:04:05Z',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('builds the name from first and last name when the API gives no name', async () => {
		const run = await runNodeOk({
			parameters: get(),
			credentials: softwareOneCredentials(),
			responses: [{ body: accountUser({ user: { name: undefined } }) }],
		});

		expect(run.output[0].json.name).toBe('Ada Lovelace');
	});

	it('returns the API object unchanged with Simplify off', async () => {
		const body = accountUser({ audit: { created: { at: '2026-01-01T00:00:00Z' } } });
		const run = await runNodeOk({
			parameters: get({ simplify: false }),
			credentials: softwareOneCredentials(),
			responses: [{ body }],
		});

		expect(run.output).toEqual([{ json: body, pairedItem: { item: 0 } }]);
	});

	it('reads one user per item, each with its own ID', async () => {
		const run = await runNodeOk({
			parameters: get(),
			items: [{ id: 'AUSR-0000-0001' }, { id: 'AUSR-0000-0002' }],
			itemParameters: [{ userId: locator('AUSR-0000-0001') }, { userId: locator('AUSR-0000-0002') }],
			credentials: softwareOneCredentials(),
			respond: (request) => ({ body: accountUser({ id: request.path.split('/').pop() }) }),
		});

		expect(run.output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['AUSR-0000-0001', { item: 0 }],
			['AUSR-0000-0002', { item: 1 }],
		]);
	});

	it('says that the user was not found on a 404, and how to check', async () => {
		const run = await runNode({
			parameters: get({ endpointFamily: 'accountUsers' }),
			credentials: softwareOneCredentials(),
			responses: [
				{ statusCode: 404, body: { title: 'Not Found', status: 404, detail: 'Account user AUSR-1234-5678 not found.' } },
			],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('User AUSR-1234-5678 was not found [item 0]');
		expect(run.error?.description).toContain('Account user AUSR-1234-5678 not found.');
		expect(run.error?.description).toContain('Check the user ID');
	});
});
