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
