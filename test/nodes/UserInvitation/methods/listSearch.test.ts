import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../../nodes/UserInvitation/UserInvitation.node';
import { control, useDouble } from '../../../double/helpers';
import { doubleCredential, listSearch } from '../../../helpers/workflow';

/** The "From List" picker of the User field, in n8n-core's LoadOptionsContext against the double. */

const double = useDouble();

const search = async (parameters: INodeParameters = {}, filter?: string, paginationToken?: string, baseUrl = double.url) =>
	await listSearch({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { resource: 'accountUser', operation: 'resendInvite', ...parameters },
		credential: doubleCredential(baseUrl, 'softwareOne', 'bearerToken'),
		method: 'searchAccountUsers',
		filter,
		paginationToken,
	});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const queries = async () => ((await control(double.url, 'GET', '/state')).requests as any[]).map((r) => `${r.path}?${decodeURIComponent(r.query)}`);

describe('searchAccountUsers', () => {
	it('lists the users by name and e-mail with their invitation state; the value is the account-user ID', async () => {
		const result = await search();

		expect(result).toEqual({
			results: [
				{ name: 'Ivy Invited <invited.user@example.com> — Invited', value: 'AUSR-0000-0001' },
				{ name: 'Adam Active <active.user@example.com> — Active', value: 'AUSR-0000-0002' },
				{ name: 'Eve Expired <expired.user@example.com> — InvitationExpired', value: 'AUSR-0000-0003' },
			],
			paginationToken: undefined,
		});
		expect(await queries()).toEqual(['/public/v1/accounts/account-users?limit=50&offset=0']);
	});

	it('searches e-mail and name, ignoring case', async () => {
		expect((await search({}, 'EXPIRED')).results.map((r) => r.value)).toEqual(['AUSR-0000-0003']);
		expect((await search({}, 'adam')).results.map((r) => r.value)).toEqual(['AUSR-0000-0002']);
	});

	it('pages 50 at a time', async () => {
		await control(double.url, 'POST', '/seed', {
			softwareOneUsers: Array.from({ length: 57 }, (_, i) => ({ email: `person${i}@example.com` })),
		});

		const first = await search();
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await search({}, undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
	});

	it('searches on the chosen account-scoped family', async () => {
		await search({ endpointFamily: 'accountsAccounts', scopeAccountId: 'ACC-1234-5678' });

		expect(await queries()).toEqual(['/public/v1/accounts/accounts/ACC-1234-5678/users?limit=50&offset=0']);
	});

	it('a page token that is not a whole number starts from the first page', async () => {
		for (const token of ['50x', '-1', '1e2', '1234567890', ' 50']) await search({}, undefined, token);
		expect(await queries()).toEqual(Array(5).fill('/public/v1/accounts/account-users?limit=50&offset=0'));
	});

	it('spaces around the search text are ignored', async () => {
		expect((await search({}, '  adam  ')).results.map((r) => r.value)).toEqual(['AUSR-0000-0002']);
		expect(await queries()).toEqual([`/public/v1/accounts/account-users?or(ilike(user.email,"*adam*"),ilike(user.name,"*adam*"))&limit=50&offset=0`]);
	});

	it('a search text it cannot send is refused, naming the Search', async () => {
		await expect(search({}, 'a\u0000b')).rejects.toThrow(/^Search /);
		expect(await queries()).toEqual([]);
	});

	it('exactly one full page: no further page is offered', async () => {
		await control(double.url, 'POST', '/seed', { softwareOneUsers: Array.from({ length: 47 }, (_, i) => ({ email: `person${i}@example.com` })) });
		const first = await search();
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeUndefined();
	});
});

describe('searchAccountUsers against a list without paging information', () => {
	let body: unknown;
	let server: http.Server;
	let url: string;
	beforeAll(async () => {
		server = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
	const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `AUSR-0000-${String(i).padStart(4, '0')}`, user: { email: `p${i}@example.com` } }));

	it('a full page offers the next one; a short page ends the list', async () => {
		body = { data: users(50) };
		expect((await search({}, undefined, undefined, url)).paginationToken).toBe('50');
		body = { data: users(49) };
		expect((await search({}, undefined, undefined, url)).paginationToken).toBeUndefined();
	});

	it('a user without a name, e-mail or invitation is shown by its ID; an answer without data lists nothing', async () => {
		body = { data: [{ id: 'AUSR-0000-0007' }, { id: 'AUSR-0000-0008', user: { email: 'only@example.com' }, invitation: {} }] };
		expect((await search({}, undefined, undefined, url)).results).toEqual([
			{ name: 'AUSR-0000-0007', value: 'AUSR-0000-0007' },
			{ name: '<only@example.com>', value: 'AUSR-0000-0008' },
		]);
		body = { results: users(3) };
		expect(await search({}, undefined, undefined, url)).toEqual({ results: [], paginationToken: undefined });
	});
});
