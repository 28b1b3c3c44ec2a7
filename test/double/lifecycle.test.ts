import * as fs from 'node:fs';
import * as path from 'node:path';
import { boldCall, control, LEGACY, s1, useDouble } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { USER_GROUP_DTO } = require('../../tools/double/softwareone-schema.js');

const double = useDouble();
let base: string;
beforeAll(() => {
	base = double.url;
});

const INVITED = `${LEGACY}/AUSR-0000-0001`;
const SCOPED = '/public/v1/accounts/ACC-1234-5678/users/AUSR-0000-0001';
const NEWER = '/public/v1/accounts/accounts/ACC-1234-5678/users/AUSR-0000-0001';

test('the embedded UserGroupDto matches the vendor spec (but for the DOUBLE rule)', () => {
	const spec = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'softwareone-create-account-user.openapi.json'), 'utf8'));
	const dto = spec.components.schemas.UserGroupDto;
	const ours = JSON.parse(JSON.stringify(USER_GROUP_DTO));
	delete ours.required;
	expect(ours.properties.id.allOf).toEqual([dto.properties.id.allOf[0]]);
	expect({ ...ours, properties: {} }).toEqual({ ...dto, properties: {} });
});

describe('SoftwareOne DELETE {user}', () => {
	test.each([INVITED, SCOPED, NEWER])('%s: 204 without a body; again: 404', async (userPath) => {
		const first = await s1(base, 'DELETE', userPath);
		expect(first.status).toBe(204);
		expect(first.text).toBe('');
		expect((await s1(base, 'DELETE', userPath)).status).toBe(404);
		expect((await control(base, 'GET', '/state')).softwareOne.deletesById).toEqual({ 'AUSR-0000-0001': 1 });
	});

	test('afterProcessing fault: the user is gone although the answer failed', async () => {
		await control(base, 'POST', '/faults', { rules: [{ method: 'DELETE', path: 'AUSR-0000-0001$', kind: 'reset', afterProcessing: true, times: 1 }] });
		await expect(s1(base, 'DELETE', INVITED)).rejects.toThrow();
		expect((await s1(base, 'GET', INVITED)).status).toBe(404);
	});
});

describe('SoftwareOne groups', () => {
	test.each([INVITED, SCOPED, NEWER])('%s: POST adds one group (200, the account user); again: 409', async (userPath) => {
		const added = await s1(base, 'POST', `${userPath}/groups`, { body: { id: 'UGR-2222-3333' } });
		expect(added.status).toBe(200);
		expect(added.json.groups.map((g: { id: string }) => g.id)).toEqual(['UGR-1234-5678', 'UGR-2222-3333']);
		expect((await s1(base, 'POST', `${userPath}/groups`, { body: { id: 'UGR-2222-3333' } })).status).toBe(409);
	});

	test('duplicateStatus 400 answers a duplicate membership with 400', async () => {
		await control(base, 'POST', '/config', { duplicateStatus: 400 });
		expect((await s1(base, 'POST', `${INVITED}/groups`, { body: { id: 'UGR-1234-5678' } })).status).toBe(400);
	});

	test.each([
		[{ id: 'admins' }, 'id'],
		[{ id: 'UGR-2222-3333', name: 'x' }, 'name'],
		[[{ id: 'UGR-2222-3333' }], '$'],
	])('POST refuses %j as the spec does (400 naming %s)', async (body, field) => {
		const answer = await s1(base, 'POST', `${INVITED}/groups`, { body });
		expect(answer.status).toBe(400);
		expect(Object.keys(answer.json.errors).join(',')).toContain(field);
	});

	test('PUT replaces the set with the list (200); an object or an empty list is 400', async () => {
		const put = await s1(base, 'PUT', `${INVITED}/groups`, { body: [{ id: 'UGR-2222-3333' }, { id: 'UGR-4444-5555' }] });
		expect(put.status).toBe(200);
		expect(put.json.groups.map((g: { id: string }) => g.id)).toEqual(['UGR-2222-3333', 'UGR-4444-5555']);
		expect((await s1(base, 'PUT', `${INVITED}/groups`, { body: { id: 'UGR-2222-3333' } })).status).toBe(400);
		expect((await s1(base, 'PUT', `${INVITED}/groups`, { body: [] })).status).toBe(400);
	});

	test('DELETE …/groups/{id}: 204 without a body; not a member: 404; unknown user: 404', async () => {
		const removed = await s1(base, 'DELETE', `${INVITED}/groups/UGR-1234-5678`);
		expect(removed.status).toBe(204);
		expect(removed.text).toBe('');
		expect((await s1(base, 'DELETE', `${INVITED}/groups/UGR-1234-5678`)).status).toBe(404);
		expect((await s1(base, 'DELETE', `${LEGACY}/AUSR-9999-9999/groups/UGR-1234-5678`)).status).toBe(404);
	});

	test('wrong methods are 405', async () => {
		expect((await s1(base, 'GET', `${INVITED}/groups`)).status).toBe(405);
		expect((await s1(base, 'POST', `${INVITED}/groups/UGR-1234-5678`)).status).toBe(405);
	});
});

describe('Bold POST /v2/users', () => {
	const body = { organizationId: 2, firstName: 'Averlyn', lastName: 'Tromley', emailAddress: 'averlyn@example.com', invitation: { language: 'en', sendEmail: true } };

	test('201 {userId, invitation {url, expiration}, token}; the e-mail counted once; the group joined', async () => {
		const answer = await boldCall(base, 'POST', '/v2/users?userGroupId=32&groupAdmin=true', { body });
		expect(answer.status).toBe(201);
		expect(answer.json).toEqual({ userId: expect.any(Number), invitation: { url: expect.any(String), expiration: expect.any(String) }, token: expect.any(String) });
		const state = (await control(base, 'GET', '/state')).bold;
		expect(state.emailsByUser).toEqual({ [answer.json.userId]: 1 });
		expect(state.groupMembers['32']).toEqual([{ id: answer.json.userId, groupAdmin: true }]);
	});

	test('409 with the existing id for the same e-mail (any case); nothing sent', async () => {
		const first = await boldCall(base, 'POST', '/v2/users', { body });
		const again = await boldCall(base, 'POST', '/v2/users', { body: { ...body, emailAddress: 'AVERLYN@example.com' } });
		expect(again.status).toBe(409);
		expect(again.json.userId).toBe(first.json.userId);
		expect((await control(base, 'GET', '/state')).bold.emailsByUser).toEqual({ [first.json.userId]: 1 });
	});

	test.each([
		[{ ...body, organizationId: '2' }, 'organizationId'],
		[{ ...body, nickname: 'x' }, 'nickname'],
		[{ ...body, invitation: { sendEmail: true, expiration: '2020-01-01T00:00:00Z' } }, 'past'],
		[{ ...body, invitation: { language: 'english' } }, 'language'],
		[{ ...body, emailAddress: undefined }, 'emailAddress'],
		[{ ...body, autoRemoveAfter: 'DAY' }, 'autoRemoveAfter'],
	])('400 for %j', async (bad, word) => {
		const answer = await boldCall(base, 'POST', '/v2/users', { body: bad });
		expect(answer.status).toBe(400);
		expect(JSON.stringify(answer.json)).toContain(word);
	});
});

describe('Bold user-group membership', () => {
	test('POST and DELETE /v1/user-groups/{id}/users/{userId}: 200 {}', async () => {
		const added = await boldCall(base, 'POST', '/v1/user-groups/32/users/5?groupAdmin=true');
		expect([added.status, added.json]).toEqual([200, {}]);
		expect((await control(base, 'GET', '/state')).bold.groupMembers['32']).toEqual([{ id: 5, groupAdmin: true }]);
		const removed = await boldCall(base, 'DELETE', '/v1/user-groups/32/users/5');
		expect([removed.status, removed.json]).toEqual([200, {}]);
		expect((await control(base, 'GET', '/state')).bold.groupMembers['32']).toEqual([]);
	});

	test('an unknown group is 404, an unknown user 400 ("Group and user do not belong to the same account")', async () => {
		expect((await boldCall(base, 'POST', '/v1/user-groups/5000/users/5')).status).toBe(404);
		const answer = await boldCall(base, 'POST', '/v1/user-groups/32/users/77');
		expect(answer.status).toBe(400);
		expect(answer.json.message).toContain('same account');
	});
});
