import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	page,
	runNode,
	runNodeOk,
	SOFTWAREONE_BASE,
	softwareOneCredentials,
	type RecordedRequest,
} from '../../../../helpers/context';

const COLLECTION = '/public/v1/accounts/account-users';

const getAll = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'getAll',
	...parameters,
});

const users = (count: number, from = 0): IDataObject[] =>
	Array.from({ length: count }, (_, i) => accountUser({ id: `AUSR-0000-${String(from + i).padStart(4, '0')}` }));

/** A server with `total` users that answers each page from the limit and offset the node sent. */
function pagedServer(total: number, reportTotal = true) {
	return (request: RecordedRequest) => {
		const limit = Number(/(?:^|&)limit=(\d+)/.exec(request.query)?.[1]);
		const offset = Number(/(?:^|&)offset=(\d+)/.exec(request.query)?.[1]);
		const data = users(Math.max(0, Math.min(limit, total - offset)), offset);
		const body = page(data, offset, total, limit);
		if (!reportTotal) delete (body.$meta as IDataObject).pagination;
		return { body };
	};
}

describe('Get Many Users: the RQL query', () => {
	it('with no filter sends only the paging, limit included', async () => {
		const run = await runNodeOk({
			parameters: getAll(),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.requests[0].method).toBe('GET');
		expect(run.requests[0].url).toBe(`${SOFTWAREONE_BASE}${COLLECTION}?limit=50&offset=0`);
	});

	it.each(['InvitationExpired', 'Invited', 'Active'])('filters by invitation status %s, unquoted', async (status) => {
		const run = await runNodeOk({
			parameters: getAll({ filters: { invitationStatus: status } }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		expect(run.requests[0].query).toBe(`eq(invitation.status,${status})&limit=50&offset=0`);
	});

	it('filters by e-mail as a quoted string, with characters that would break the query encoded', async () => {
		const run = await runNodeOk({
			parameters: getAll({ filters: { email: ' a+b&c=d@example.com ' } }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		const { query } = run.requests[0];
		expect(query).toBe('eq(user.email,"a%2Bb%26c%3Dd%40example.com")&limit=50&offset=0');
		expect(decodeURIComponent(query.split('&')[0])).toBe('eq(user.email,"a+b&c=d@example.com")');
	});

	it('joins two filters with and(...)', async () => {
		const run = await runNodeOk({
			parameters: getAll({ filters: { invitationStatus: 'InvitationExpired', email: 'ada@example.com' } }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		expect(run.requests[0].query).toBe(
			'and(eq(invitation.status,InvitationExpired),eq(user.email,"ada%40example.com"))&limit=50&offset=0',
		);
	});

	it('rejects a filter e-mail that is not an address, before any request', async () => {
		const run = await runNode({
			parameters: getAll({ filters: { email: 'ada at example' } }),
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe('Email "ada at example" is not valid [item 0]');
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['accountScoped', '/public/v1/accounts/ACC-1234-5678/users'],
		['accountsAccounts', '/public/v1/accounts/accounts/ACC-1234-5678/users'],
	])('lists on the %s family', async (endpointFamily, path) => {
		const run = await runNodeOk({
			parameters: getAll({ endpointFamily, scopeAccountId: 'ACC-1234-5678' }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		expect(run.requests[0].url).toBe(`${SOFTWAREONE_BASE}${path}?limit=50&offset=0`);
	});
});

describe('Get Many Users: Limit and Return All', () => {
	it('asks for exactly Limit users when Limit is below 100, in one request', async () => {
		const run = await runNodeOk({
			parameters: getAll({ limit: 7 }),
			credentials: softwareOneCredentials(),
			respond: pagedServer(500),
		});

		expect(run.requests.map((r) => r.query)).toEqual(['limit=7&offset=0']);
		expect(run.output).toHaveLength(7);
	});

	it('pages 100 at a time for a Limit above 100, asking only for what is still missing', async () => {
		const run = await runNodeOk({
			parameters: getAll({ limit: 250 }),
			credentials: softwareOneCredentials(),
			respond: pagedServer(500),
		});

		expect(run.requests.map((r) => r.query)).toEqual([
			'limit=100&offset=0',
			'limit=100&offset=100',
			'limit=50&offset=200',
		]);
		expect(run.output).toHaveLength(250);
	});

	it('Return All: pages 100 at a time until the total is reached', async () => {
		const run = await runNodeOk({
			parameters: getAll({ returnAll: true, filters: { invitationStatus: 'InvitationExpired' } }),
			credentials: softwareOneCredentials(),
			respond: pagedServer(230),
		});

		expect(run.requests.map((r) => r.query)).toEqual([
			'eq(invitation.status,InvitationExpired)&limit=100&offset=0',
			'eq(invitation.status,InvitationExpired)&limit=100&offset=100',
			'eq(invitation.status,InvitationExpired)&limit=100&offset=200',
		]);
		expect(run.output).toHaveLength(230);
		expect(run.output[229].json.id).toBe('AUSR-0000-0229');
		expect(new Set(run.output.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set(['{"item":0}']));
	});

	it('Return All: stops at a short page when the API reports no total', async () => {
		const run = await runNodeOk({
			parameters: getAll({ returnAll: true }),
			credentials: softwareOneCredentials(),
			respond: pagedServer(130, false),
		});

		expect(run.requests.map((r) => r.query)).toEqual(['limit=100&offset=0', 'limit=100&offset=100']);
		expect(run.output).toHaveLength(130);
	});

	it('Return All: does not ask for a page past the total', async () => {
		const run = await runNodeOk({
			parameters: getAll({ returnAll: true }),
			credentials: softwareOneCredentials(),
			respond: pagedServer(200),
		});

		expect(run.requests.map((r) => r.query)).toEqual(['limit=100&offset=0', 'limit=100&offset=100']);
	});

	it('returns no item for an empty result', async () => {
		const run = await runNodeOk({
			parameters: getAll(),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		expect(run.output).toEqual([]);
	});
});

describe('Get Many Users: the output', () => {
	it('returns one simplified item per user, each paired with the input item that asked', async () => {
		const run = await runNodeOk({
			parameters: getAll(),
			items: [{ status: 'a' }, { status: 'b' }],
			itemParameters: [{ filters: { invitationStatus: 'Invited' } }, { filters: { invitationStatus: 'Active' } }],
			credentials: softwareOneCredentials(),
			respond: (request) => ({
				body: page(
					request.query.startsWith('eq(invitation.status,Invited)')
						? [accountUser({ id: 'AUSR-1' }), accountUser({ id: 'AUSR-2' })]
						: [accountUser({ id: 'AUSR-3', invitation: { status: 'Active', url: undefined } })],
				),
			}),
		});

		expect(run.output.map((item) => [item.json.id, item.json.invitationStatus ?? 'Invited', item.pairedItem])).toEqual([
			['AUSR-1', 'Invited', { item: 0 }],
			['AUSR-2', 'Invited', { item: 0 }],
			['AUSR-3', 'Active', { item: 1 }],
		]);
		expect(Object.keys(run.output[0].json).sort()).toEqual(
			['accountId', 'accountName', 'email', 'groupIds', 'id', 'invitationStatus', 'invitationUrl', 'name', 'userId'].sort(),
		);
	});

	it('returns the API objects unchanged with Simplify off', async () => {
		const data = users(2);
		const run = await runNodeOk({
			parameters: getAll({ simplify: false }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page(data) }],
		});

		expect(run.output.map((item) => item.json)).toEqual(data);
	});
});

describe('Get Many Users: the family not served', () => {
	it('a 404 on the collection names Get Many Users and the Endpoints choice', async () => {
		const run = await runNode({
			parameters: getAll({ endpointFamily: 'accountUsers' }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 404, body: { title: 'Not Found', status: 404 } }],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('Get Many Users: this environment does not serve the "Account Users" endpoints (404) [item 0]');
		expect(run.error?.description).toContain('Change "Endpoints" to another family');
	});
});
