// Bad input, API errors and a credential for the wrong service, with Continue On Fail on and off.
import * as fs from 'node:fs';
import { type CredentialRef, type Stack, describeE2e, egressAttempts } from '../../tools/n8n';
import { GROUP, byResourceLocator, expectNoSecrets, pairedIndexes, runNode } from './helpers';
import { startRecordingServer } from '../helpers/echoServer';

const REVOKED_TOKEN = 'revoked-token-7c41d9e2';

describeE2e('errors in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	const createUser = {
		resource: 'accountUser',
		operation: 'create',
		user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: 'Tester' } },
		groupIds: GROUP,
	};
	const updateInvitation = {
		resource: 'lockUser',
		operation: 'updateInvitation',
		invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.userId }}', phoneNumber: '={{ $json.phone }}' } },
		sendSms: true,
	};

	describe('bad input', () => {
		test('Create User, Continue On Fail on: one error item for the bad e-mail, the others are created', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.softwareOneBearer,
				parameters: createUser,
				items: [
					{ email: 'good.one@example.com', firstName: 'Good' },
					{ email: 'bad@address', firstName: 'Bad' },
					{ email: 'good.two@example.com', firstName: 'Better' },
				],
				continueOnFail: true,
			});
			expect(run.answer.status).toBe(200);
			expect(run.execution.status).toBe('success');
			expect(run.output).toHaveLength(3);
			expect(pairedIndexes(run.output)).toEqual([0, 1, 2]);
			expect(run.output[0].json.email).toBe('good.one@example.com');
			expect(run.output[1].json).toEqual({
				error: 'Email "bad@address" is not valid [item 1]',
				description: 'Email must be an e-mail address like name@example.com.',
			});
			expect(run.output[2].json.email).toBe('good.two@example.com');
			const state = await stack().double.state();
			expect(state.softwareOne.createsByEmail).toEqual({ 'good.one@example.com': 1, 'good.two@example.com': 1 });
			expect(state.softwareOne.postsByEmail['bad@address']).toBeUndefined();
		});

		test('Update Invitation, Continue On Fail on: one error item for the bad phone number, the others are updated', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.boldApiKey,
				parameters: updateInvitation,
				items: [
					{ userId: 5, phone: '+31850607337' },
					{ userId: 2, phone: '0612 345 678' },
					{ userId: 2, phone: '+31612345678' },
				],
				continueOnFail: true,
			});
			expect(run.output).toHaveLength(3);
			expect(pairedIndexes(run.output)).toEqual([0, 1, 2]);
			expect(run.output[0].json).toEqual({ id: 5, phoneNumber: '+31850607337', sendSms: true });
			expect(String(run.output[1].json.error)).toBe('Phone Number "0612 345 678" is not valid [item 1]');
			expect(String(run.output[1].json.description)).toContain('E.164');
			expect(run.output[2].json).toEqual({ id: 2, phoneNumber: '+31612345678', sendSms: true });
			const state = await stack().double.state();
			expect(state.bold.smsByUser).toEqual({ 5: 1, 2: 1 });
			expect(state.bold.updatesByUser).toEqual({ 5: 1, 2: 1 });
		});

		test('Continue On Fail off: the execution fails with the message, and the bad item sends nothing', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.boldBearer,
				parameters: updateInvitation,
				items: [{ userId: 5, phone: 'call me' }],
			});
			expect(run.answer.status).toBe(500);
			expect(run.execution.status).toBe('error');
			expect(run.error.message).toBe('Phone Number "call me" is not valid [item 0]');
			expect(run.execution.data.resultData.error.message).toBe('Phone Number "call me" is not valid [item 0]');
			expect(await stack().double.requests()).toEqual([]);

			const bad = await runNode(stack(), {
				credential: stack().credentials.softwareOneApiKey,
				parameters: createUser,
				items: [{ email: 'nobody', firstName: 'No' }],
			});
			expect(bad.answer.status).toBe(500);
			expect(bad.error.message).toBe('Email "nobody" is not valid [item 0]');
			expect((await stack().double.state()).softwareOne.postsByEmail).toEqual({});
		});
	});

	// Regression test for a bug this suite found (fixed in d9a2409): with Continue On Fail off, the
	// items after an item with bad input were still sent (Concurrency had started them before the
	// check threw), so users got e-mails from a run that failed and put out nothing.
	test('Continue On Fail off: an item with bad input stops the run before later items send e-mails', async () => {
		const seeded = (
			await stack().double.seed({
				softwareOneUsers: [1, 2, 3].map((i) => ({ email: `waiting${i}@example.com`, status: 'Invited' })),
			})
		).softwareOneUsers;
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'resendInvite', userId: byResourceLocator('={{ $json.id }}'), invitationKind: 'pending' },
			items: [{ id: '' }, ...seeded.map((user) => ({ id: user.id }))],
		});
		expect(run.answer.status).toBe(500);
		expect(run.error.message).toBe('User is required but empty [item 0]');
		expect((await stack().double.state()).softwareOne.invitationEmailsByUser).toEqual({});
	});

	describe('API errors', () => {
		let revoked: CredentialRef;
		beforeAll(async () => {
			revoked = await stack().client.createCredential({
				name: 'SoftwareOne (revoked token)',
				type: 'userInvitationBearerTokenApi',
				data: { environment: 'custom', customUrl: stack().doubleUrl, customService: 'softwareOne', token: REVOKED_TOKEN },
			});
		});

		test('401: an error item per item with Continue On Fail, and the token never shows', async () => {
			const run = await runNode(stack(), {
				credential: revoked,
				parameters: { resource: 'accountUser', operation: 'get', userId: byResourceLocator('={{ $json.id }}') },
				items: [{ id: 'AUSR-0000-0001' }, { id: 'AUSR-0000-0002' }],
				continueOnFail: true,
			});
			expect(run.output).toHaveLength(2);
			expect(pairedIndexes(run.output)).toEqual([0, 1]);
			for (const item of run.output) {
				expect(item.json).toMatchObject({
					error: expect.stringMatching(/^The API did not accept the credential \(wrong or expired token or key\) \[item [01]\]$/),
					httpCode: '401',
				});
				expect(String(item.json.description)).toContain('Open the credential');
			}
			const everything = JSON.stringify(run.answer.data) + run.execution.rawData;
			expect(everything).not.toContain(REVOKED_TOKEN);
			expectNoSecrets(everything);
			// 401 is final: no retry.
			expect((await stack().double.requests()).map((r) => r.status)).toEqual([401, 401]);
		});

		test('401 with Continue On Fail off: the execution fails with the message', async () => {
			const run = await runNode(stack(), {
				credential: revoked,
				parameters: { resource: 'accountUser', operation: 'getAll', limit: 5 },
				items: [{}],
			});
			expect(run.answer.status).toBe(500);
			expect(run.execution.status).toBe('error');
			expect(run.error.message).toBe('The API did not accept the credential (wrong or expired token or key) [item 0]');
			expect(run.error.httpCode).toBe('401');
			expect(run.execution.rawData).not.toContain(REVOKED_TOKEN);
		});

		test('404: the unknown user gets an error item naming the API’s words; the known one is read', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.softwareOneApiKey,
				parameters: { resource: 'accountUser', operation: 'resendInvite', userId: byResourceLocator('={{ $json.id }}'), invitationKind: 'pending' },
				items: [{ id: 'AUSR-9999-9999' }, { id: 'AUSR-0000-0001' }],
				continueOnFail: true,
			});
			expect(run.output).toHaveLength(2);
			expect(pairedIndexes(run.output)).toEqual([0, 1]);
			expect(run.output[0].json).toMatchObject({ error: 'User AUSR-9999-9999 was not found [item 0]', httpCode: '404' });
			expect(String(run.output[0].json.description)).toContain('AUSR-9999-9999');
			expect(run.output[1].json).toMatchObject({ id: 'AUSR-0000-0001', invitationStatus: 'Invited' });
			const state = await stack().double.state();
			expect(state.softwareOne.invitationEmailsByUser['AUSR-9999-9999']).toBeUndefined();
			expect(state.softwareOne.invitationEmailsByUser['AUSR-0000-0001']).toBe(1);
		});

		test('404 with Continue On Fail off: the execution fails with the message and status', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.boldBearer,
				parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '4242' } }, sendEmail: true },
				items: [{}],
			});
			expect(run.answer.status).toBe(500);
			expect(run.error.message).toBe('Bold user 4242 was not found [item 0]');
			expect(run.error.httpCode).toBe('404');
			expect(String(run.error.description)).toContain('User not found');
			expect((await stack().double.state()).bold.emailsByUser).toEqual({});
		});

		test('409: creating an existing member gives an error item, nothing is created twice and the POST is not repeated', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.softwareOneBearer,
				parameters: createUser,
				items: [
					{ email: 'active.user@example.com', firstName: 'Adam' },
					{ email: 'fresh.face@example.com', firstName: 'Fresh' },
				],
				continueOnFail: true,
			});
			expect(run.output).toHaveLength(2);
			expect(pairedIndexes(run.output)).toEqual([0, 1]);
			expect(run.output[0].json).toMatchObject({ error: 'The user already exists [item 0]', httpCode: '409' });
			expect(String(run.output[0].json.description)).toContain('active.user@example.com');
			expect(run.output[1].json).toMatchObject({ email: 'fresh.face@example.com', invitationStatus: 'Invited' });
			const state = await stack().double.state();
			expect(state.softwareOne.duplicateCreates).toBe(1);
			expect(state.softwareOne.postsByEmail['active.user@example.com']).toBe(1);
			expect(state.softwareOne.createsByEmail).toEqual({ 'fresh.face@example.com': 1 });
		});

		test('409 with Continue On Fail off: the execution fails with the message', async () => {
			const run = await runNode(stack(), {
				credential: stack().credentials.softwareOneApiKey,
				parameters: createUser,
				items: [{ email: 'invited.user@example.com', firstName: 'Ivy' }],
			});
			expect(run.answer.status).toBe(500);
			expect(run.error.message).toBe('The user already exists [item 0]');
			expect(run.error.httpCode).toBe('409');
		});
	});

	describe('a credential for the other service', () => {
		let softwareOnePreset: CredentialRef;
		let boldPreset: CredentialRef;
		beforeAll(async () => {
			// Presets point at the vendors' real hosts: these runs must fail before any request.
			softwareOnePreset = await stack().client.createCredential({
				name: 'SoftwareOne production (preset)',
				type: 'userInvitationBearerTokenApi',
				data: { environment: 'softwareOneProduction', token: 's1-valid-token' },
			});
			boldPreset = await stack().client.createCredential({
				name: 'Bold (preset)',
				type: 'userInvitationApiKeyApi',
				data: { environment: 'bold', apiKey: 'bold-valid-key', headerName: 'Authorization', prefix: '' },
			});
		});

		test('Update Invitation with a SoftwareOne preset fails before any request, with and without Continue On Fail', async () => {
			const egressBefore = (await egressAttempts(stack().egressUrl)).length;
			const message =
				'Update Invitation needs a Bold Smart Lock credential, but the selected credential points at SoftwareOne Marketplace';

			const lenient = await runNode(stack(), {
				credential: softwareOnePreset,
				parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5' } }, sendSms: true },
				items: [{}, {}],
				continueOnFail: true,
			});
			expect(lenient.output).toHaveLength(2);
			expect(pairedIndexes(lenient.output)).toEqual([0, 1]);
			for (const item of lenient.output) expect(item.json.error).toBe(message);

			const strict = await runNode(stack(), {
				credential: softwareOnePreset,
				parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5' } }, sendSms: true },
				items: [{}],
			});
			expect(strict.answer.status).toBe(500);
			expect(strict.error.message).toBe(message);

			expect(await stack().double.requests()).toEqual([]);
			expect((await egressAttempts(stack().egressUrl)).length).toBe(egressBefore);
		});

		test('Create User with a Bold preset fails before any request', async () => {
			const egressBefore = (await egressAttempts(stack().egressUrl)).length;
			const run = await runNode(stack(), {
				credential: boldPreset,
				parameters: createUser,
				items: [{ email: 'x@example.com', firstName: 'X' }],
			});
			expect(run.answer.status).toBe(500);
			expect(run.error.message).toBe(
				'Create User needs a SoftwareOne Marketplace credential, but the selected credential points at Bold Smart Lock',
			);
			expect(await stack().double.requests()).toEqual([]);
			expect((await egressAttempts(stack().egressUrl)).length).toBe(egressBefore);
		});
	});

	// Positive control for the two "fails before any request" tests above: 127.0.0.2 is loopback but
	// not in NO_PROXY, so if n8n honours the proxy settings the request shows up at the sink.
	test('the egress guard is live: a host outside NO_PROXY is sent to the sink, not to the network', async () => {
		const outside = await stack().client.createCredential({
			name: 'Outside NO_PROXY',
			type: 'userInvitationBearerTokenApi',
			data: { environment: 'custom', customUrl: 'http://127.0.0.2:9', customService: 'softwareOne', token: 's1-valid-token' },
		});
		const run = await runNode(stack(), {
			credential: outside,
			parameters: { resource: 'accountUser', operation: 'getAll', limit: 1, options: { maxRetries: 0 } },
			items: [{}],
			continueOnFail: true,
		});
		expect(run.output[0].json.error).toBeDefined();
		const attempts = await egressAttempts(stack().egressUrl);
		expect(attempts.map((a) => a.target)).toContain('http://127.0.0.2:9/public/v1/accounts/account-users?limit=1&offset=0');
	});

	// n8n's request helper follows redirects and carries the credential's header along; the node
	// turns it off, so the token never reaches the address a server names.
	test('a redirect is reported, not followed: the token never reaches the other address', async () => {
		const elsewhere = await startRecordingServer(201);
		const redirecting = await startRecordingServer(307, `${elsewhere.url}/collect`);
		try {
			const credential = await stack().client.createCredential({
				name: 'SoftwareOne behind a redirect',
				type: 'userInvitationBearerTokenApi',
				data: { environment: 'custom', customUrl: redirecting.url, customService: 'softwareOne', token: 'redirect-me-8d2e4f' },
			});
			const run = await runNode(stack(), {
				credential,
				parameters: createUser,
				items: [{ email: 'redirected@example.com', firstName: 'Red' }],
				continueOnFail: true,
			});

			expect(run.output.map((item) => [item.json.error, item.json.httpCode])).toEqual([
				['The API answered with a redirect (307) instead of a result [item 0]', '307'],
			]);
			expect(run.output[0].json.description).toContain(`The server pointed to ${elsewhere.url}/collect.`);
			expect(redirecting.received.map((r) => r.method)).toEqual(['POST']);
			expect(elsewhere.received).toEqual([]);
		} finally {
			await Promise.all([redirecting.close(), elsewhere.close()]);
		}
	});

	test('no secret appears in the n8n log', () => {
		const log = fs.readFileSync(stack().n8n.logPath, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		expectNoSecrets(log);
		expect(log).not.toContain(REVOKED_TOKEN);
	});
});
