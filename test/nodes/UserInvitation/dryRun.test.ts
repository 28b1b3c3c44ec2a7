import {
	accountUser,
	boldCredentials,
	everyString,
	locator,
	mapManually,
	page,
	runNode,
	runNodeOk,
	SECRET_TOKEN,
	softwareOneCredentials,
} from '../../helpers/context';

/** Dry Run is one session option: every write of every operation obeys it, reads still go out. */
describe('Dry Run (Options)', () => {
	it('Create User: nothing created or e-mailed (one read finds the endpoints); the POST with its body is the result, without the base URL or the token', async () => {
		const run = await runNodeOk({
			parameters: {
				resource: 'accountUser',
				operation: 'create',
				user: mapManually({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }),
				groupIds: 'UGR-1234-5678',
				options: { dryRun: true },
			},
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([]) }],
		});
		expect(run.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual(['GET /public/v1/accounts/account-users?limit=1&offset=0']);
		expect(run.output[0].json).toEqual({
			dryRun: true,
			wouldSend: {
				method: 'POST',
				path: '/public/v1/accounts/account-users',
				body: { user: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }, groups: [{ id: 'UGR-1234-5678' }], invitation: { status: 'Invited' } },
			},
		});
		expect(everyString(run.output)).not.toContain(SECRET_TOKEN);
		expect(everyString(run.output)).not.toContain('https://');
	});

	it('Resend Invite: the read that decides goes out, the send does not', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'resendInvite', userId: locator('AUSR-1234-5678'), options: { dryRun: true } },
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: accountUser({ invitation: { status: 'InvitationExpired' } }) }],
		});
		expect(run.requests.map((r) => r.method)).toEqual(['GET']);
		expect(run.output[0].json).toEqual({
			dryRun: true,
			wouldSend: { method: 'POST', path: '/public/v1/accounts/account-users/AUSR-1234-5678/send-new-invite' },
		});
	});

	it('Update Invitation (Bold): the PUT is returned, not sent', async () => {
		const run = await runNodeOk({
			parameters: {
				authentication: 'bearerToken',
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: mapManually({ userId: '5' }),
				sendEmail: true,
				options: { dryRun: true },
			},
			credentials: boldCredentials(),
		});
		expect(run.requests).toHaveLength(0);
		expect(run.output[0].json).toEqual({ dryRun: true, wouldSend: { method: 'PUT', path: '/v2/users/5/invitation', body: { sendEmail: true } } });
	});

	it('Get User is a read: it runs as always', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('ada@example.com', 'email'), options: { dryRun: true } },
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser()]) }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.output[0].json).toMatchObject({ id: 'AUSR-1234-5678', email: 'ada@example.com' });
	});

	it('refuses a Dry Run value that is not true or false', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-1234-5678'), options: { dryRun: 'maybe' } },
			credentials: softwareOneCredentials(),
		});
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Dry Run "maybe" is not true or false/);
	});
});

describe('the user locator, By E-Mail', () => {
	it('Get User: one search by e-mail, and the user found is the result (no second read)', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('ada@example.com', 'email') },
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser()]) }],
		});
		expect(run.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
			'GET /public/v1/accounts/account-users?eq(user.email,"ada%40example.com")&limit=1&offset=0',
		]);
	});

	it('Resend Invite by e-mail: the search narrowed to the credential\'s account, then the usual steps on the id found', async () => {
		const run = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'resendInvite', userId: locator('ada@example.com', 'email'), invitationKind: 'expired' },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			responses: [{ statusCode: 200, body: page([accountUser()]) }, { statusCode: 200, body: accountUser() }],
		});
		expect(run.requests[0].query).toContain('eq(account.id,ACC-1234-5678)');
		expect(run.requests[1].path).toMatch(/AUSR-1234-5678\/send-new-invite$/);
	});

	it('refuses a value that is not an e-mail address before any request', async () => {
		const run = await runNode({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-1234-5678', 'email') },
			credentials: softwareOneCredentials(),
		});
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^User "AUSR-1234-5678" is not valid/);
	});
});

describe('Dry Run with Endpoints: Auto-Detect', () => {
	it('Create User: one read finds the family that answers, and the returned POST has that family\'s path', async () => {
		const run = await runNodeOk({
			parameters: {
				resource: 'accountUser',
				operation: 'create',
				user: mapManually({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }),
				groupIds: 'UGR-1234-5678',
				options: { dryRun: true },
			},
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: (request) =>
				request.path.startsWith('/public/v1/accounts/account-users')
					? { statusCode: 404, body: { title: 'Not Found', status: 404, detail: 'No route matches.' } }
					: { statusCode: 200, body: page([]) },
		});
		expect(run.requests.every((request) => request.method === 'GET')).toBe(true);
		expect(run.output[0].json).toMatchObject({
			dryRun: true,
			wouldSend: { method: 'POST', path: '/public/v1/accounts/accounts/ACC-1234-5678/users' },
		});
	});
});
