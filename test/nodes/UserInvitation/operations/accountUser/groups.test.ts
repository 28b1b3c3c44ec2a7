import type { INodeParameters } from 'n8n-workflow';
import { accountUser, locator, page, runNode, runNodeOk, softwareOneCredentials } from '../../../../helpers/context';

const USER = '/public/v1/accounts/account-users/AUSR-1234-5678';
const ADMINS = { id: 'UGR-1234-5678', name: 'Admins' };
const BUYERS = { id: 'UGR-2222-3333', name: 'Buyers' };

const op = (operation: string, parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation,
	userId: locator('AUSR-1234-5678'),
	...parameters,
});

const lines = (run: { requests: Array<{ method: string; path: string; query: string }> }) =>
	run.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

const inGroups = (...groups: Array<{ id: string; name: string }>) => ({ statusCode: 200, body: accountUser({ groups }) });
const problem = (status: number) => ({ statusCode: status, body: { type: 'about:blank', title: 'Error', status, detail: 'Refused.' } });

describe('Add to Group', () => {
	it('reads the user, then POSTs {id} to …/groups; the output has the groups before and after', async () => {
		const run = await runNodeOk({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), inGroups(ADMINS, BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/groups`]);
		expect(run.requests[1].body).toEqual({ id: 'UGR-2222-3333' });
		expect(run.output[0].json).toMatchObject({ id: 'AUSR-1234-5678', changed: true, groupsBefore: ['UGR-1234-5678'], groupsAfter: ['UGR-1234-5678', 'UGR-2222-3333'] });
	});

	it('already a member: success with a note, no POST', async () => {
		const run = await runNodeOk({ parameters: op('addToGroup', { groupId: 'UGR-1234-5678' }), credentials: softwareOneCredentials(), responses: [inGroups(ADMINS)] });
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: false, note: 'Already a member of group UGR-1234-5678; nothing was sent.' });
	});

	it.each([400, 409])('a duplicate refusal (%i) that a read confirms is success, not an error', async (status) => {
		const run = await runNodeOk({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), problem(status), inGroups(ADMINS, BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/groups`, `GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ groupsAfter: ['UGR-1234-5678', 'UGR-2222-3333'] });
	});

	it('a 400 for another reason stays an error', async () => {
		const run = await runNode({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), problem(400), inGroups(ADMINS)],
		});
		expect(run.error).toBeDefined();
	});

	it('a lost answer: the read shows the membership, so the POST is not sent again', async () => {
		const run = await runNodeOk({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), { networkError: 'ECONNRESET' }, inGroups(ADMINS, BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/groups`, `GET ${USER}`]);
	});

	it('checks the group ID before any request', async () => {
		const run = await runNode({ parameters: op('addToGroup', { groupId: 'admins' }), credentials: softwareOneCredentials() });
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Group ID "admins" is not valid/);
	});

	it('Dry Run: the POST it would send', async () => {
		const run = await runNodeOk({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333', options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output[0].json).toEqual({ dryRun: true, wouldSend: { method: 'POST', path: `${USER}/groups`, body: { id: 'UGR-2222-3333' } } });
	});
});

describe('Remove From Group', () => {
	it('reads the user, then DELETE …/groups/{id} (204), then reads the result', async () => {
		const run = await runNodeOk({
			parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS), { statusCode: 204 }, inGroups(ADMINS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}/groups/UGR-2222-3333`, `GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: true, groupsBefore: ['UGR-1234-5678', 'UGR-2222-3333'], groupsAfter: ['UGR-1234-5678'] });
	});

	it('not a member: success with a note, no DELETE', async () => {
		const run = await runNodeOk({ parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }), credentials: softwareOneCredentials(), responses: [inGroups(ADMINS)] });
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: false, note: 'Not a member of group UGR-2222-3333; nothing was sent.' });
	});

	it('a 404 (the group was already gone when the DELETE arrived): a read decides, success', async () => {
		const run = await runNodeOk({
			parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS), problem(404), inGroups(ADMINS)],
		});
		expect(run.output[0].json).toMatchObject({ groupsAfter: ['UGR-1234-5678'] });
	});
});

describe('Set Groups', () => {
	it('PUTs the whole list and returns the groups before and after', async () => {
		const run = await runNodeOk({
			parameters: op('setGroups', { groupIds: 'UGR-2222-3333, UGR-4444-5555' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), inGroups(BUYERS, { id: 'UGR-4444-5555', name: 'X' })],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `PUT ${USER}/groups`]);
		expect(run.requests[1].body).toEqual([{ id: 'UGR-2222-3333' }, { id: 'UGR-4444-5555' }]);
		expect(run.output[0].json).toMatchObject({ changed: true, groupsBefore: ['UGR-1234-5678'], groupsAfter: ['UGR-2222-3333', 'UGR-4444-5555'] });
	});

	it('is retried like a read after a lost answer (replacing a set twice is harmless)', async () => {
		const run = await runNodeOk({
			parameters: op('setGroups', { groupIds: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), { networkError: 'ECONNRESET' }, inGroups(BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `PUT ${USER}/groups`, `PUT ${USER}/groups`]);
	});

	it('sends nothing when the user already has exactly these groups', async () => {
		const run = await runNodeOk({ parameters: op('setGroups', { groupIds: 'UGR-1234-5678' }), credentials: softwareOneCredentials(), responses: [inGroups(ADMINS)] });
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: false });
	});

	it('by e-mail, with Dry Run: one search, the PUT returned, not sent', async () => {
		const run = await runNodeOk({
			parameters: op('setGroups', { userId: locator('ada@example.com', 'email'), groupIds: 'UGR-2222-3333', options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser()]) }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.output[0].json).toEqual({ dryRun: true, wouldSend: { method: 'PUT', path: `${USER}/groups`, body: [{ id: 'UGR-2222-3333' }] } });
	});
});

describe('group changes: what a user reads when it goes wrong', () => {
	const cancelled = 'The execution was cancelled before the API answered; the request may have been carried out [item 0]';
	// A fixed family: with Auto-detect a 404 first checks once that the path is served.
	const fixed = { endpointFamily: 'accountUsers' };

	it('Add to Group, 404: names the user and the group, and says what to check', async () => {
		const run = await runNode({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333', ...fixed }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), problem(404)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/groups`]);
		expect(run.error?.message).toBe('User AUSR-1234-5678 or group UGR-2222-3333 was not found [item 0]');
		expect(run.error?.description).toContain(
			'Check the user and the group ID (like UGR-1234-5678), and that both belong to the account the credential points at.',
		);
	});

	it('Add to Group, cancelled while the POST was out: the user may have been added', async () => {
		const run = await runNode({
			parameters: op('addToGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), { networkError: 'ERR_CANCELED' }],
		});
		expect(run.error?.message).toBe(cancelled);
		expect(run.error?.description).toBe('User AUSR-1234-5678 may have been added to group UGR-2222-3333. Run Get User before trying again.');
	});

	it('Remove From Group, a 400 that a read does not explain (still a member): the API refused, nothing changed', async () => {
		const run = await runNode({
			parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS), problem(400), inGroups(ADMINS, BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}/groups/UGR-2222-3333`, `GET ${USER}`]);
		expect(run.error?.message).toBe('The API refused to remove user AUSR-1234-5678 from group UGR-2222-3333 [item 0]');
		expect(run.error?.description).toContain('Refused.');
		expect(run.error?.description).toContain('Nothing was changed. The API\'s answer (below) says why; a user may need to keep at least one group.');
	});

	it('Remove From Group, a lost answer and a read that shows the user out of the group: done, the DELETE not sent again', async () => {
		const run = await runNodeOk({
			parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS), { networkError: 'ECONNRESET' }, inGroups(ADMINS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}/groups/UGR-2222-3333`, `GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: true, groupsAfter: ['UGR-1234-5678'] });
	});

	it('Remove From Group, cancelled while the DELETE was out: the user may have been removed from the group', async () => {
		const run = await runNode({
			parameters: op('removeFromGroup', { groupId: 'UGR-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS), { networkError: 'ERR_CANCELED' }],
		});
		expect(run.error?.message).toBe(cancelled);
		expect(run.error?.description).toBe('User AUSR-1234-5678 may have been removed from group UGR-2222-3333. Run Get User before trying again.');
	});

	it('Set Groups, 404: the user or one of the groups, and what to check', async () => {
		const run = await runNode({
			parameters: op('setGroups', { groupIds: 'UGR-2222-3333', ...fixed }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS), problem(404)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `PUT ${USER}/groups`]);
		expect(run.error?.message).toBe('User AUSR-1234-5678 or one of the groups was not found [item 0]');
		expect(run.error?.description).toContain(
			'Check the user and each group ID (like UGR-1234-5678), and that they belong to the account the credential points at.',
		);
	});
});

describe('Set Groups: which sets are sent', () => {
	const OTHER = { id: 'UGR-4444-5555', name: 'Other' };

	it('the same groups in another order: nothing sent', async () => {
		const run = await runNodeOk({
			parameters: op('setGroups', { groupIds: 'UGR-2222-3333, UGR-1234-5678' }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(ADMINS, BUYERS)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ changed: false, groupsBefore: ['UGR-1234-5678', 'UGR-2222-3333'] });
	});

	it.each([
		['fewer groups (a subset of the current ones)', [ADMINS, BUYERS], 'UGR-1234-5678', [ADMINS]],
		['as many groups, only some of them the same', [ADMINS, BUYERS], 'UGR-1234-5678, UGR-4444-5555', [ADMINS, OTHER]],
	])('%s: the PUT goes out', async (_, current, groupIds, result) => {
		const run = await runNodeOk({
			parameters: op('setGroups', { groupIds }),
			credentials: softwareOneCredentials(),
			responses: [inGroups(...current), inGroups(...result)],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `PUT ${USER}/groups`]);
		expect(run.requests[1].body).toEqual(result.map((group) => ({ id: group.id })));
		expect(run.output[0].json).toMatchObject({ changed: true, groupsAfter: result.map((group) => group.id) });
	});
});
