import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { control, useDouble } from '../../double/helpers';
import { doubleCredential, executeNode, type NodeResult } from '../../helpers/workflow';

/**
 * Items that read a user before they write (issue 29): the run reads its users 100 to a list request
 * (`in(…)`), then sends the writes; when the API refuses `in`, each item reads alone, for the whole run.
 */

const double = useDouble({ seedDefaults: false });
const COLLECTION = '/public/v1/accounts/account-users';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (): Promise<any> => await control(double.url, 'GET', '/state');
const apiRequests = async () =>
	((await state()).requests as Array<{ method: string; path: string; query?: string; status: number }>).map(
		(r) => `${r.method} ${r.path}${r.query ? `?${decodeURIComponent(r.query)}` : ''} ${r.status}`,
	);

async function seed(users: Array<{ email: string; status: string; groups?: string[] }>): Promise<string[]> {
	const seeded = await control(double.url, 'POST', '/seed', { softwareOneUsers: users });
	return seeded.softwareOneUsers.map((user: { id: string }) => user.id);
}

async function run(parameters: INodeParameters, items: IDataObject[]): Promise<NodeResult> {
	return await executeNode({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { authentication: 'bearerToken', resource: 'accountUser', ...parameters },
		credential: doubleCredential(double.url, 'softwareOne', 'bearerToken'),
		continueOnFail: true,
		items,
	});
}

const byId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };
const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
const resend = (items: IDataObject[]) => run({ operation: 'resendInvite', userId: byId }, items);
const errors = (result: NodeResult) => result.output.map((item) => item.json.error ?? null);
const emailsSent = async () => (await state()).softwareOne.invitationEmailsByUser as Record<string, number>;

describe('Resend Invite, Detect Automatically, several items', () => {
	it('reads every user in one list request, then sends one invitation each, the right call for each state', async () => {
		const ids = await seed([
			{ email: 'a@example.com', status: 'InvitationExpired' },
			{ email: 'b@example.com', status: 'Invited' },
			{ email: 'c@example.com', status: 'InvitationExpired' },
			{ email: 'd@example.com', status: 'Invited' },
		]);

		const result = await resend(ids.map((id) => ({ id })));

		expect(errors(result)).toEqual([null, null, null, null]);
		expect(result.output.map((item) => [item.json.id, item.json.invitationStatus, item.pairedItem])).toEqual(
			ids.map((id, item) => [id, 'Invited', { item }]),
		);
		expect(await apiRequests()).toEqual([
			`GET ${COLLECTION}?in(id,(${ids.join(',')}))&select=+audit&limit=100&offset=0 200`,
			`POST ${COLLECTION}/${ids[0]}/send-new-invite 200`,
			`POST ${COLLECTION}/${ids[1]}/resend-invite 200`,
			`POST ${COLLECTION}/${ids[2]}/send-new-invite 200`,
			`POST ${COLLECTION}/${ids[3]}/resend-invite 200`,
		]);
		expect(await emailsSent()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
		expect(result.hints).toEqual([]);
	});

	it('one bad item fails alone: a user who joined gets nothing, an unknown one is read alone and not found', async () => {
		const ids = await seed([
			{ email: 'a@example.com', status: 'Invited' },
			{ email: 'b@example.com', status: 'Active' },
			{ email: 'c@example.com', status: 'InvitationExpired' },
		]);

		const result = await resend([{ id: ids[0] }, { id: ids[1] }, { id: 'AUSR-9999-9999' }, { id: ids[2] }]);

		expect(errors(result)).toEqual([
			null,
			`User ${ids[1]} has invitation status "Active"; no invitation was sent [item 1]`,
			'User AUSR-9999-9999 was not found [item 2]',
			null,
		]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		// Missing from the list answer is not taken as "absent": the item asks for its user alone.
		expect(await apiRequests()).toContain(`GET ${COLLECTION}/AUSR-9999-9999?select=+audit 404`);
		expect(await emailsSent()).toEqual({ [ids[0]]: 1, [ids[2]]: 1 });
	});

	it('more than 100 items: one list request per 100 users', async () => {
		const ids = await seed(Array.from({ length: 150 }, (_, i) => ({ email: `u${i}@example.com`, status: i % 2 ? 'Invited' : 'InvitationExpired' })));

		const result = await resend(ids.map((id) => ({ id })));

		expect(errors(result).filter((error) => error !== null)).toEqual([]);
		const requests = await apiRequests();
		expect(requests.filter((line) => line.startsWith(`GET ${COLLECTION}?in(id,`)).map((line) => line.match(/AUSR-/g)?.length)).toEqual([100, 50]);
		expect(requests.filter((line) => line.startsWith('GET '))).toHaveLength(2);
		expect(requests).toHaveLength(152);
		expect(Object.values(await emailsSent()).every((count) => count === 1)).toBe(true);
	});
});

describe('when the API refuses in() (its support is unconfirmed)', () => {
	it('each item reads alone after one refused list request, the rest of the run too, and the run says so', async () => {
		await control(double.url, 'POST', '/config', { refuseIn: true });
		const ids = await seed(Array.from({ length: 102 }, (_, i) => ({ email: `u${i}@example.com`, status: i % 2 ? 'Invited' : 'InvitationExpired' })));

		const result = await resend(ids.map((id) => ({ id })));

		expect(errors(result).filter((error) => error !== null)).toEqual([]);
		const requests = await apiRequests();
		// The second chunk (2 users) does not try in() again.
		expect(requests.filter((line) => line.includes('?in('))).toEqual([
			`GET ${COLLECTION}?in(id,(${ids.slice(0, 100).join(',')}))&select=+audit&limit=100&offset=0 400`,
		]);
		expect(requests.filter((line) => /^GET \S+\/AUSR-\S+\?select=\+audit 200$/.test(line))).toHaveLength(102);
		expect(Object.values(await emailsSent())).toEqual(new Array(102).fill(1));
		expect(result.hints?.map((hint) => hint.message)).toEqual([
			'The API did not accept a list of users (in() on id), so each user was read with a request of its own: one more request per item.',
		]);
	});
});

describe('the lifecycle writes that find users by e-mail', () => {
	it('Remove User by e-mail: one in(user.email,…) for every item, then one DELETE each', async () => {
		const ids = await seed([
			{ email: 'a@example.com', status: 'Invited' },
			{ email: 'B@example.com', status: 'InvitationExpired' },
			{ email: 'c@example.com', status: 'Active' },
		]);

		const result = await run({ operation: 'remove', userId: byEmail }, [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }]);

		expect(errors(result)).toEqual([null, null, `User ${ids[2]} has already joined (status Active); nothing was removed [item 2]`]);
		expect(result.output.slice(0, 2).map((item) => item.json.id)).toEqual(ids.slice(0, 2));
		expect(await apiRequests()).toEqual([
			`GET ${COLLECTION}?in(user.email,("a@example.com","b@example.com","c@example.com"))&limit=100&offset=0 200`,
			`DELETE ${COLLECTION}/${ids[0]} 204`,
			`DELETE ${COLLECTION}/${ids[1]} 204`,
		]);
	});

	it('Add to Group by e-mail, narrowed to the node\'s Account ID: one read, a POST only where needed', async () => {
		const ids = await seed([
			{ email: 'a@example.com', status: 'Active' },
			{ email: 'b@example.com', status: 'Active', groups: ['UGR-1234-5678', 'UGR-2345-6789'] },
		]);

		const result = await run(
			{ operation: 'addToGroup', userId: byEmail, groupId: 'UGR-2345-6789', scopeAccountId: 'ACC-1234-5678' },
			[{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'nobody@example.com' }],
		);

		expect(errors(result)).toEqual([null, null, 'No account user has the e-mail nobody@example.com [item 2]']);
		expect(result.output.map((item) => item.json.changed ?? null)).toEqual([true, false, null]);
		const requests = await apiRequests();
		expect(requests[0]).toBe(
			`GET ${COLLECTION}?and(in(user.email,("a@example.com","b@example.com","nobody@example.com")),eq(account.id,ACC-1234-5678))&limit=100&offset=0 200`,
		);
		expect(requests.slice(1)).toEqual(
			expect.arrayContaining([`POST ${COLLECTION}/${ids[0]}/groups 200`, `GET ${COLLECTION}?and(eq(user.email,"nobody@example.com"),eq(account.id,ACC-1234-5678))&limit=1&offset=0 200`]),
		);
		expect(requests).toHaveLength(3);
	});
});

describe('Create User, If the User Already Exists: Return the Existing User', () => {
	it('reads the e-mails first: an existing user is returned without a POST, a new one is created once', async () => {
		const [existing] = await seed([{ email: 'old@example.com', status: 'Invited' }]);

		const result = await run(
			{
				operation: 'create',
				user: { mappingMode: 'autoMapInputData', value: null },
				groupIds: 'UGR-1234-5678',
				ifExists: 'returnExisting',
			},
			[
				{ email: 'old@example.com', firstName: 'Old', lastName: 'Hand' },
				{ email: 'new@example.com', firstName: 'New', lastName: 'Hire' },
			],
		);

		expect(errors(result)).toEqual([null, null]);
		expect(result.output[0].json).toMatchObject({ id: existing, email: 'old@example.com', invitationStatus: 'Invited' });
		// The existing membership may be another person's: its join link never comes back.
		expect(result.output[0].json.invitationUrl).toBeUndefined();
		expect(result.output[1].json).toMatchObject({ email: 'new@example.com', invitationStatus: 'Invited' });
		expect(await apiRequests()).toEqual([
			`GET ${COLLECTION}?in(user.email,("old@example.com","new@example.com"))&limit=100&offset=0 200`,
			`POST ${COLLECTION} 201`,
		]);
		const s = await state();
		expect(s.softwareOne.createsByEmail).toEqual({ 'new@example.com': 1 });
		expect(s.softwareOne.duplicateCreates).toBe(0);
	});

	it('with in() refused: POST first, and a 409 reads the existing user alone, as without batching', async () => {
		await control(double.url, 'POST', '/config', { refuseIn: true });
		const [existing] = await seed([{ email: 'old@example.com', status: 'Invited' }]);

		const result = await run(
			{ operation: 'create', user: { mappingMode: 'autoMapInputData', value: null }, groupIds: 'UGR-1234-5678', ifExists: 'returnExisting' },
			[
				{ email: 'old@example.com', firstName: 'Old', lastName: 'Hand' },
				{ email: 'new@example.com', firstName: 'New', lastName: 'Hire' },
			],
		);

		expect(errors(result)).toEqual([null, null]);
		expect(result.output[0].json).toMatchObject({ id: existing });
		const requests = await apiRequests();
		expect(requests[0]).toMatch(/^GET \S+\?in\(user\.email,.* 400$/);
		expect(requests.slice(1).sort()).toEqual(
			[`POST ${COLLECTION} 201`, `POST ${COLLECTION} 409`, `GET ${COLLECTION}?eq(user.email,"old@example.com")&limit=1&offset=0 200`].sort(),
		);
	});
});
