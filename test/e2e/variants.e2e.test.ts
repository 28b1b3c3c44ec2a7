// Parameter variants a workflow builder reaches for: the account-scoped endpoint families,
// adding without invitation, dates from expressions, and checks that stop a request early.
import { type Stack, describeE2e } from '../../tools/n8n';
import { GROUP, byResourceLocator, pairedIndexes, runNode } from './helpers';

const ACCOUNT = 'ACC-1234-5678';

describeE2e('parameter variants in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	test.each([
		['accountScoped', `/public/v1/accounts/${ACCOUNT}/users`],
		['accountsAccounts', `/public/v1/accounts/accounts/${ACCOUNT}/users`],
	])('endpoint family %s: Create, Get Many and Resend Invite (auto) use %s', async (endpointFamily, base) => {
		const scope = { endpointFamily, scopeAccountId: ACCOUNT };
		const created = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', ...scope, user: { mappingMode: 'defineBelow', value: { email: `scoped.${endpointFamily}@example.com`, firstName: 'Sco', lastName: 'Ped' } }, groupIds: GROUP },
			items: [{}],
		});
		expect(created.output[0].json).toMatchObject({ email: `scoped.${endpointFamily}@example.com`, accountId: ACCOUNT });

		const listed = await runNode(stack(), {
			credential: stack().credentials.softwareOneApiKey,
			parameters: { resource: 'accountUser', operation: 'getAll', ...scope, returnAll: true, filters: { invitationStatus: 'InvitationExpired' } },
			items: [{}],
		});
		expect(listed.output.map((item) => item.json.email)).toEqual(['expired.user@example.com']);

		const resent = await runNode(stack(), {
			credential: stack().credentials.softwareOneApiKey,
			parameters: { resource: 'accountUser', operation: 'resendInvite', ...scope, userId: byResourceLocator('AUSR-0000-0003') },
			items: [{}],
		});
		expect(resent.output[0].json).toMatchObject({ id: 'AUSR-0000-0003', invitationStatus: 'Invited' });

		const state = await stack().double.state();
		expect(state.requests.map((r) => r.path).every((p) => p.startsWith(base))).toBe(true);
		expect(state.softwareOne.invitationEmailsByUser['AUSR-0000-0003']).toBe(1);
	});

	test('an account-scoped family without a valid Account ID fails before any request', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'getAll', endpointFamily: 'accountScoped', scopeAccountId: 'my account', limit: 5 },
			items: [{}],
			continueOnFail: true,
		});
		expect(String(run.output[0].json.error)).toBe('Account ID "my account" is not valid [item 0]');
		expect(await stack().double.requests()).toEqual([]);
	});

	test('the API key credential sends its key in the header it names (X-API-Key), the bearer one in Authorization', async () => {
		await stack().double.config({ authHeaders: ['x-api-key'] });
		const outcome = async (credential: 'softwareOneApiKey' | 'softwareOneBearer') =>
			(
				await runNode(stack(), {
					credential: stack().credentials[credential],
					parameters: { resource: 'accountUser', operation: 'getAll', limit: 1 },
					items: [{}],
					continueOnFail: true,
				})
			).output[0].json;
		expect(await outcome('softwareOneApiKey')).toMatchObject({ id: 'AUSR-0000-0001' });
		expect(await outcome('softwareOneBearer')).toMatchObject({ httpCode: '401' });
	});

	test('e-mail addresses with + and upper case: Get Many finds the user, a dropped Create is reconciled', async () => {
		await stack().double.seed({ softwareOneUsers: [{ email: 'ann+onboarding@example.com', status: 'Invited' }] });
		const found = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'getAll', limit: 5, filters: { email: 'Ann+Onboarding@Example.com' } },
			items: [{}],
		});
		expect(found.output.map((item) => item.json.email)).toEqual(['ann+onboarding@example.com']);

		await stack().double.faults([{ method: 'POST', path: 'account-users$', kind: 'reset', afterProcessing: true, times: 1 }]);
		const created = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'Bob+Team@Example.com', firstName: 'Bob', lastName: 'Plus' } }, groupIds: GROUP },
			items: [{}],
		});
		expect(created.output[0].json).toMatchObject({ email: 'Bob+Team@Example.com', invitationStatus: 'Invited' });
		expect((await stack().double.state()).softwareOne.createsByEmail).toEqual({ 'bob+team@example.com': 1 });
	});

	test('Create User "Add Without Invitation" adds an active member and sends no e-mail', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: { mappingMode: 'defineBelow', value: { email: 'operator.added@example.com', firstName: 'Op', lastName: 'Added' } }, groupIds: GROUP, invitationStatus: 'Active' },
			items: [{}],
		});
		expect(run.output[0].json).toMatchObject({ email: 'operator.added@example.com', invitationStatus: 'Active' });
		const state = await stack().double.state();
		expect(state.softwareOne.createsByEmail).toEqual({ 'operator.added@example.com': 1 });
		expect(state.softwareOne.invitationEmailsByUser[String(run.output[0].json.id)]).toBeUndefined();
	});

	test('Update Invitation takes a Luxon date from an expression ($now.plus) with the workflow’s offset', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.boldBearer,
			parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: '={{ $now.plus({ days: 3 }).startOf("hour") }}' } } },
			items: [{}],
			settings: { timezone: 'America/New_York' },
		});
		expect(run.execution.status).toBe('success');
		const sent = String(run.output[0].json.expiration);
		expect(sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00(\.000)?-0[45]:00$/);
		const days = (Date.parse(sent) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(2.9);
		expect(days).toBeLessThan(3.1);
		expect((await stack().double.state()).bold.users.find((u) => u.id === 5)?.expiration).toBe(sent);
	});

	test('Update Invitation input checks: nothing to update, a past date, an unknown language — one error item each, no request', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.boldApiKey,
			parameters: {
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.userId }}', expiration: '={{ $json.expiration }}', language: '={{ $json.language }}' } },
			},
			items: [
				{ userId: '5' },
				{ userId: '5', expiration: '2020-01-01T09:00:00+01:00' },
				{ userId: '5', language: 'english' },
				{ userId: 'five', language: 'de' },
			],
			continueOnFail: true,
		});
		expect(pairedIndexes(run.output)).toEqual([0, 1, 2, 3]);
		expect(run.output.map((item) => item.json.error)).toEqual([
			'Nothing to update [item 0]',
			'Expiration 2020-01-01T09:00:00+01:00 is in the past [item 1]',
			'Language "english" is not an ISO 639-1 code [item 2]',
			'User ID "five" is not valid [item 3]',
		]);
		expect(await stack().double.requests()).toEqual([]);
	});
});
