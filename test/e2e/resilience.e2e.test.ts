// Rate limits, dropped connections and server errors from the API double, through real n8n:
// retries where they are safe, and never a second user, e-mail or SMS by accident.
import { type Stack, describeE2e } from '../../tools/n8n';
import { GROUP, byResourceLocator, pairedIndexes, runNode } from './helpers';

describeE2e('retries and ambiguous failures in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	test('429 with Retry-After: the read waits and succeeds', async () => {
		await stack().double.faults([{ method: 'GET', path: 'account-users/AUSR-0000-0001$', kind: 'status', status: 429, retryAfter: 1, times: 1 }]);
		const started = Date.now();
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'get', userId: byResourceLocator('AUSR-0000-0001') },
			items: [{}],
		});
		expect(run.output[0].json).toMatchObject({ id: 'AUSR-0000-0001' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect((await stack().double.requests()).map((r) => r.status)).toEqual([429, 200]);
	});

	test('a rate-limited burst of 20 Create User items: every user created exactly once, in input order', async () => {
		await stack().double.config({ rateLimit: { rps: 10, burst: 5 } });
		const emails = Array.from({ length: 20 }, (_, i) => `burst${String(i).padStart(2, '0')}@example.com`);
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneApiKey,
			parameters: { resource: 'accountUser', operation: 'create', user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: 'Burst', lastName: 'Test' } }, groupIds: GROUP },
			items: emails.map((email) => ({ email })),
		});
		expect(run.execution.status).toBe('success');
		expect(run.output.map((item) => item.json.email)).toEqual(emails);
		expect(pairedIndexes(run.output)).toEqual(emails.map((_, i) => i));
		const state = await stack().double.state();
		expect(state.rateLimited).toBeGreaterThan(0);
		expect(state.softwareOne.createsByEmail).toEqual(Object.fromEntries(emails.map((email) => [email, 1])));
		expect(state.softwareOne.duplicateCreates).toBe(0);
	});

	test('Create User: the connection drops after the user was created → the node finds the user, creates nothing twice', async () => {
		await stack().double.faults([{ method: 'POST', path: 'account-users$', kind: 'reset', afterProcessing: true, times: 1 }]);
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'dropped@example.com', firstName: 'Drop', lastName: 'Ped' } }, groupIds: GROUP },
			items: [{}],
		});
		expect(run.execution.status).toBe('success');
		expect(run.output[0].json).toMatchObject({ email: 'dropped@example.com', invitationStatus: 'Invited' });
		const state = await stack().double.state();
		expect(state.softwareOne.createsByEmail).toEqual({ 'dropped@example.com': 1 });
		expect(state.softwareOne.postsByEmail).toEqual({ 'dropped@example.com': 1 });
		expect(state.softwareOne.invitationEmailsByUser[String(run.output[0].json.id)]).toBe(1);
	});

	test.each([
		['expired', 'InvitationExpired', 'send-new-invite'],
		['pending', 'Invited', 'resend-invite'],
	])('Resend Invite (%s): the connection drops after the e-mail went out → exactly one e-mail', async (kind, status, endpoint) => {
		const [user] = (await stack().double.seed({ softwareOneUsers: [{ email: `drop.${kind}@example.com`, status }] })).softwareOneUsers;
		await stack().double.faults([{ method: 'POST', path: `${endpoint}$`, kind: 'reset', afterProcessing: true, times: 1 }]);
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'resendInvite', userId: byResourceLocator(user.id), invitationKind: kind },
			items: [{}],
		});
		expect(run.execution.status).toBe('success');
		expect(run.output[0].json).toMatchObject({ id: user.id, invitationStatus: 'Invited' });
		const state = await stack().double.state();
		expect(state.softwareOne.invitationEmailsByUser[user.id]).toBe(1);
		expect(state.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	test('Update Invitation with Send SMS: a dropped answer is reported, not retried (one SMS, not two)', async () => {
		await stack().double.faults([{ method: 'PUT', kind: 'reset', afterProcessing: true, times: 1 }]);
		const run = await runNode(stack(), {
			credential: stack().credentials.boldBearer,
			parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5' } }, sendSms: true },
			items: [{}],
			continueOnFail: true,
		});
		expect(run.output).toHaveLength(1);
		expect(String(run.output[0].json.error)).toMatch(/may have been carried out/);
		expect(String(run.output[0].json.description)).toMatch(/SMS may have been sent/);
		const state = await stack().double.state();
		expect(state.bold.smsByUser).toEqual({ 5: 1 });
		expect(state.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	test('Update Invitation without a send flag: a dropped connection is retried and succeeds', async () => {
		await stack().double.faults([{ method: 'PUT', kind: 'reset', times: 1 }]);
		const run = await runNode(stack(), {
			credential: stack().credentials.boldApiKey,
			parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', language: 'fr' } } },
			items: [{}],
		});
		expect(run.execution.status).toBe('success');
		expect(run.output[0].json).toEqual({ id: 5, language: 'fr' });
		const state = await stack().double.state();
		expect(state.bold.updatesByUser).toEqual({ 5: 1 });
		expect(state.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
	});

	test('503 that does not go away: the node gives up after Max Retries with a clear message', async () => {
		await stack().double.faults([{ method: 'GET', kind: 'status', status: 503 }]);
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'getAll', limit: 5, options: { maxRetries: 2 } },
			items: [{}],
		});
		expect(run.answer.status).toBe(500);
		expect(run.error.message).toBe('The API had a server error (503) (after 3 attempts) [item 0]');
		expect((await stack().double.requests()).map((r) => r.status)).toEqual([503, 503, 503]);
	});
});
