// Issue 11 in real n8n against the double: dot-segment ids, RQL injection and values from
// expressions that used to be coerced silently, and the default Endpoints on a platform that no
// longer serves the seed paths (defects 1, 2, 6 and 8).
import { type Stack, describeE2e } from '../../tools/n8n';
import { runNode } from './helpers';

describeE2e('hostile input in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	const requestsSent = async () => ((await stack().double.state()).requests as unknown[]).length;

	test('defect 1: ids "." and ".." are refused before any request, for Get and Resend Invite', async () => {
		for (const operation of ['get', 'resendInvite']) {
			const run = await runNode(stack(), {
				credential: stack().credentials.softwareOneBearer,
				parameters: {
					resource: 'accountUser',
					operation,
					invitationKind: 'expired',
					userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				},
				items: [{ id: '..' }, { id: '.' }],
				continueOnFail: true,
			});
			expect(run.output.map((item) => item.json.error)).toEqual([
				'User ".." is not a valid ID [item 0]',
				'User "." is not a valid ID [item 1]',
			]);
		}
		expect(await requestsSent()).toBe(0);
	});

	test('defect 2: a quote in the e-mail filter and a status that is not listed are refused, nothing is sent', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: {
				resource: 'accountUser',
				operation: 'getAll',
				filters: { email: '={{ $json.email }}', invitationStatus: '={{ $json.status }}' },
			},
			items: [
				{ email: 'x"),ne(id,"y@example.com', status: 'Invited' },
				{ email: 'active.user@example.com', status: 'Active)&limit=1000&x=(' },
			],
			continueOnFail: true,
		});
		expect(String(run.output[0].json.error)).toMatch(/^Email ".*" contains a character the API's query language cannot take \[item 0\]$/);
		expect(run.output[1].json.error).toBe('Invitation Status "Active)&limit=1000&x=(" is not one of the allowed values [item 1]');
		expect(await requestsSent()).toBe(0);
	});

	test('defect 6: Send Email "true" from an expression sends the e-mail; Send SMS 1 is refused', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.boldApiKey,
			parameters: {
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.userId }}' } },
				sendEmail: '={{ $json.email }}',
				sendSms: '={{ $json.sms }}',
			},
			items: [
				{ userId: 5, email: 'true', sms: false },
				{ userId: 2, email: false, sms: 1 },
			],
			continueOnFail: true,
		});
		// A switch that is off is not sent (Bold's default is off).
		expect(run.output[0].json).toEqual({ id: 5, sendEmail: true });
		expect(run.output[1].json.error).toBe('Send SMS 1 is not true or false [item 1]');
		const state = await stack().double.state();
		expect(state.bold.emailsByUser).toEqual({ 5: 1 });
		expect(state.bold.smsByUser).toEqual({});
	});

	test('defect 8: the default Endpoints find the family a platform still serves and say which', async () => {
		await stack().double.config({ families: ['accountsAccounts'] });
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: {
				resource: 'accountUser',
				operation: 'create',
				user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: 'Auto', lastName: 'Detect' } },
				groupIds: 'UGR-1234-5678',
				additionalFields: { accountId: 'ACC-1234-5678' },
			},
			items: [{ email: 'auto.one@example.com' }, { email: 'auto.two@example.com' }],
		});
		expect(run.output.map((item) => [item.json.email, item.json.endpoints])).toEqual([
			['auto.one@example.com', 'Account-Scoped (Newer Path)'],
			['auto.two@example.com', 'Account-Scoped (Newer Path)'],
		]);
		const state = await stack().double.state();
		expect(state.softwareOne.createsByEmail).toEqual({ 'auto.one@example.com': 1, 'auto.two@example.com': 1 });
	});

	test('defect 8: without an account ID, the error says the path is not served, not that the user is missing', async () => {
		await stack().double.config({ families: ['accountsAccounts'] });
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'get', userId: { __rl: true, mode: 'id', value: 'AUSR-0000-0001' } },
			items: [{}],
			continueOnFail: true,
		});
		expect(run.output[0].json).toMatchObject({
			error: 'No SoftwareOne endpoints answer at this base URL (404 from "Account Users") [item 0]',
			httpCode: '404',
		});
		expect(String(run.output[0].json.description)).toContain('Account ID');
	});
});
