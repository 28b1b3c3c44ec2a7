import type { IDataObject, INode } from 'n8n-workflow';
import { buildAccountUserPaths } from '../../../nodes/shared/softwareOne/endpoints';
import type { ApiRequest, ApiSession } from '../../../nodes/shared/http/session';
import { readAccountUsers } from '../../../nodes/UserInvitationTrigger/read';

const paths = buildAccountUserPaths('accountUsers');

/** An ApiSession stand-in that answers list requests from `pages` (one function per request). */
function fakeApi(answer: (offset: number, call: number) => IDataObject) {
	const queries: string[] = [];
	const api = {
		node: { name: 'User Invitation Trigger' } as INode,
		async request(request: ApiRequest) {
			queries.push(request.query ?? '');
			const offset = Number(/offset=(\d+)/.exec(request.query ?? '')?.[1]);
			return answer(offset, queries.length);
		},
	};
	return { api: api as unknown as ApiSession, queries };
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `AUSR-${from + i}` }));
const page = (offset: number, data: IDataObject[], total: number) => ({ $meta: { pagination: { offset, limit: 100, total } }, data });

describe('readAccountUsers (the shared paging loop with the trigger\'s policies and words)', () => {
	test('stops after a short page even without a total', async () => {
		const { api, queries } = fakeApi((offset) => ({ data: offset === 0 ? ids(0, 100) : ids(100, 20) }));
		const read = await readAccountUsers(api, paths, { maxUsers: 1000 });
		// select=+audit: the audit block's updated.at tells a second expiry from the first; order=id: pages never reshuffle.
		expect(queries).toEqual(['select=+audit&order=id&limit=100&offset=0', 'select=+audit&order=id&limit=100&offset=100']);
		expect(read).toMatchObject({ complete: true, requests: 2 });
		expect(read.users).toHaveLength(120);
	});

	test('stops when the total is reached, without asking for an empty page', async () => {
		const { api, queries } = fakeApi((offset) => page(offset, ids(offset, 100), 200));
		const read = await readAccountUsers(api, paths, { maxUsers: 1000 });
		expect(queries).toHaveLength(2);
		expect(read.complete).toBe(true);
	});

	test('a total that changes between pages marks the read incomplete', async () => {
		const { api } = fakeApi((offset) => (offset === 0 ? page(0, ids(0, 100), 150) : page(100, ids(100, 49), 149)));
		const read = await readAccountUsers(api, paths, { maxUsers: 1000 });
		expect(read.complete).toBe(false);
		expect(read.users).toHaveLength(149);
	});

	test('a user on two pages marks the read incomplete', async () => {
		const { api } = fakeApi((offset) => (offset === 0 ? page(0, ids(0, 100), 150) : page(100, ids(99, 50), 150)));
		const read = await readAccountUsers(api, paths, { maxUsers: 1000 });
		expect(read.complete).toBe(false);
	});

	test('entries without an ID are left out: they cannot be followed from poll to poll', async () => {
		const { api } = fakeApi(() => page(0, [{ id: 'AUSR-1' }, { user: { email: 'a@example.com' } }, { id: '' }], 3));
		const read = await readAccountUsers(api, paths, { maxUsers: 1000 });
		expect(read.users).toEqual([{ id: 'AUSR-1' }]);
	});

	test('asks for no further page once the poll budget is used up, and says so', async () => {
		let clock = 1_000;
		const { api, queries } = fakeApi((offset) => {
			clock += 400;
			return page(offset, ids(offset, 100), 1000);
		});
		await expect(readAccountUsers(api, paths, { maxUsers: 5000, deadline: 2_000, now: () => clock })).rejects.toThrow(
			'Reading the account users took longer than n8n lets one poll run (stopped after 300 users)',
		);
		expect(queries).toHaveLength(3);
	});

	test('a server that ignores offset and alternates two pages ends within 3 requests, with a clear error', async () => {
		const { api, queries } = fakeApi((_offset, call) => ({ data: call % 2 === 1 ? ids(0, 100) : ids(100, 100) }));
		await expect(readAccountUsers(api, paths, { maxUsers: 100_000 })).rejects.toThrow(
			'The API sent only users it had already sent, at offset 200 (after 3 requests)',
		);
		expect(queries.length).toBeLessThanOrEqual(3);
	});

	test('the other refusals keep their words: ignored offset, the same page again, Max Users, no data', async () => {
		const refusal = async (answer: (offset: number, call: number) => IDataObject, maxUsers = 1000) =>
			await readAccountUsers(fakeApi(answer).api, paths, { maxUsers }).then(
				() => 'read',
				(error: Error & { description?: string }) => `${error.message} | ${error.description}`,
			);
		expect(await refusal(() => page(0, ids(0, 100), 500))).toMatch(/^The API ignored the offset of the user list \(asked for 100, got 0\) \| /);
		expect(await refusal(() => ({ data: ids(0, 100) }))).toMatch(/^The API sent the same page of users again at offset 100 \| /);
		expect(await refusal((offset) => page(offset, ids(offset, 100), 400), 250)).toMatch(
			/^The account has more than 250 users, more than Max Users allows the trigger to watch \| Raise Max Users/,
		);
		expect(await refusal(() => ({ results: [] }))).toMatch(/^The API answered the user list without a "data" array \| /);
	});

	test('a list that never ends (each page one new user among old ones) stops at the page bound Max Users sets', async () => {
		const { api, queries } = fakeApi((offset) => ({ data: [...ids(0, 99), { id: `AUSR-N${offset}` }] }));
		await expect(readAccountUsers(api, paths, { maxUsers: 1000 })).rejects.toThrow(
			'The user list did not end after 12 requests, more than 1000 users (Max Users) can take',
		);
		expect(queries).toHaveLength(12);
	});

	test('Max Users holds when the list ends on the page that passes it (250 allowed, 260 listed)', async () => {
		const { api, queries } = fakeApi((offset) => page(offset, ids(offset, offset < 200 ? 100 : 60), 260));
		await expect(readAccountUsers(api, paths, { maxUsers: 250 })).rejects.toThrow(
			'The account has more than 250 users, more than Max Users allows the trigger to watch',
		);
		expect(queries).toHaveLength(3);
	});
});
