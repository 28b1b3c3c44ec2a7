import type { INodeParameters } from 'n8n-workflow';
import { boldCredentials, runNode, runNodeOk } from '../../../../helpers/context';

const create = (parameters: INodeParameters = {}): INodeParameters => ({
	authentication: 'bearerToken',
	resource: 'lockUser',
	operation: 'createWithInvitation',
	organizationId: 2,
	firstName: 'Averlyn',
	lastName: 'Tromley',
	emailAddress: 'averlyn@example.com',
	...parameters,
});

const lines = (run: { requests: Array<{ method: string; path: string; query: string }> }) =>
	run.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

const created = {
	statusCode: 201,
	body: { userId: 7, invitation: { url: 'https://bold.example/i/abc', expiration: '2027-01-01T00:00:00Z' }, token: 'a426e157-8a5c-456a-8865-bec6394867ab' },
};
const exists = { statusCode: 409, body: { message: 'User or user-invite already exists', code: 409, userId: 5 } };

describe('Bold: Create User (With Invitation)', () => {
	it('POSTs the documented body with the invitation block; returns the new id and link, not the token', async () => {
		const run = await runNodeOk({
			parameters: create({ additionalFields: { language: 'nl', externalId: 'HR-42', userGroupId: 32, groupAdmin: true } }),
			credentials: boldCredentials(),
			responses: [created],
		});
		expect(lines(run)).toEqual(['POST /v2/users?userGroupId=32&groupAdmin=true']);
		expect(run.requests[0].body).toEqual({
			organizationId: 2,
			firstName: 'Averlyn',
			lastName: 'Tromley',
			emailAddress: 'averlyn@example.com',
			externalId: 'HR-42',
			invitation: { language: 'nl', sendEmail: true },
		});
		expect(run.output[0].json).toEqual({
			userId: 7,
			created: true,
			invitationUrl: 'https://bold.example/i/abc',
			invitationExpiration: '2027-01-01T00:00:00Z',
			userGroupId: 32,
		});
	});

	it('409 with "Fail the Item": an error that names the existing id', async () => {
		const run = await runNode({ parameters: create(), credentials: boldCredentials(), responses: [exists] });
		expect(run.error?.message).toBe('The Bold user averlyn@example.com already exists (user ID 5) [item 0]');
	});

	it('409 with "Return the Existing User": the existing id, nothing sent again', async () => {
		const run = await runNodeOk({ parameters: create({ ifExists: 'returnExisting' }), credentials: boldCredentials(), responses: [exists] });
		expect(run.requests).toHaveLength(1);
		expect(run.output[0].json).toMatchObject({ userId: 5, created: false });
	});

	it('a lost answer: sent again; the 409 then means the first attempt created (and invited) the user — success, one invitation', async () => {
		const run = await runNodeOk({
			parameters: create(),
			credentials: boldCredentials(),
			responses: [{ networkError: 'ECONNRESET' }, exists],
		});
		expect(lines(run)).toEqual(['POST /v2/users', 'POST /v2/users']);
		expect(run.output[0].json).toMatchObject({ userId: 5, created: true });
		expect(String(run.output[0].json.note)).toContain('once');
	});

	it('a lost answer without an e-mail address: not sent again, an error that says the user may exist', async () => {
		const run = await runNode({
			parameters: create({ emailAddress: '', sendEmail: false, phoneNumber: '+31850607337', sendSms: true }),
			credentials: boldCredentials(),
			responses: [{ networkError: 'ECONNRESET' }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toMatch(/may have been carried out/);
	});

	it.each([
		[{ organizationId: 0 }, /^Organization ID is required/],
		[{ emailAddress: '' }, /^Send Email is on but Email Address is empty/],
		[{ sendSms: true }, /^Send SMS is on but Phone Number is empty/],
		[{ additionalFields: { language: 'english' } }, /^Language "english" is not an ISO 639-1 code/],
		[{ additionalFields: { expiration: '2001-01-01T00:00:00Z' } }, /is in the past/],
		[{ additionalFields: { groupAdmin: true } }, /^Group Admin is on but User Group ID is empty/],
	])('refuses %j before any request', async (parameters, message) => {
		const run = await runNode({ parameters: create(parameters as INodeParameters), credentials: boldCredentials() });
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(message);
	});

	it('Dry Run: returns the POST with its query and body, sends nothing', async () => {
		const run = await runNodeOk({
			parameters: create({ additionalFields: { userGroupId: 32 }, options: { dryRun: true } }),
			credentials: boldCredentials(),
		});
		expect(run.requests).toHaveLength(0);
		expect(run.output[0].json).toEqual({
			dryRun: true,
			wouldSend: {
				method: 'POST',
				path: '/v2/users?userGroupId=32&groupAdmin=false',
				body: { organizationId: 2, firstName: 'Averlyn', lastName: 'Tromley', emailAddress: 'averlyn@example.com', invitation: { sendEmail: true } },
			},
		});
	});
});

describe('Bold: user-group membership', () => {
	it('Add to User Group: POST /v1/user-groups/{id}/users/{userId}?groupAdmin', async () => {
		const run = await runNodeOk({
			parameters: { authentication: 'bearerToken', resource: 'lockUser', operation: 'addToUserGroup', boldUserId: '5', boldUserGroupId: '32', groupAdmin: true },
			credentials: boldCredentials(),
			responses: [{ statusCode: 200, body: {} }],
		});
		expect(lines(run)).toEqual(['POST /v1/user-groups/32/users/5?groupAdmin=true']);
		expect(run.output[0].json).toEqual({ userId: 5, userGroupId: 32, member: true, groupAdmin: true });
	});

	it('Remove From User Group: DELETE, retried after a lost answer (the same state either way)', async () => {
		const run = await runNodeOk({
			parameters: { authentication: 'bearerToken', resource: 'lockUser', operation: 'removeFromUserGroup', boldUserId: '5', boldUserGroupId: '32' },
			credentials: boldCredentials(),
			responses: [{ networkError: 'ECONNRESET' }, { statusCode: 200, body: {} }],
		});
		expect(lines(run)).toEqual(['DELETE /v1/user-groups/32/users/5', 'DELETE /v1/user-groups/32/users/5']);
		expect(run.output[0].json).toEqual({ userId: 5, userGroupId: 32, member: false });
	});

	it('404: the group is named', async () => {
		const run = await runNode({
			parameters: { authentication: 'bearerToken', resource: 'lockUser', operation: 'removeFromUserGroup', boldUserId: '5', boldUserGroupId: '9999' },
			credentials: boldCredentials(),
			responses: [{ statusCode: 404, body: { message: 'User group not found', code: 404 } }],
		});
		expect(run.error?.message).toMatch(/^Bold user group 9999 was not found/);
	});
});
