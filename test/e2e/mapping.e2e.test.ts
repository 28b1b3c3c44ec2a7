// "Map Automatically" in real n8n: each input item's own fields become the request, with no
// expression, and a missing or misnamed field stops the run before anything is sent. Then the
// pacing under tight rate limits on default settings.
import { type Stack, describeE2e } from '../../tools/n8n';
import { GROUP, runNode } from './helpers';

const AUTO = { mappingMode: 'autoMapInputData', value: null };

describeE2e('Map Automatically and pacing in real n8n', (stack: () => Stack) => {
	beforeEach(async () => {
		await stack().double.reset();
	});

	test('Create User reads email, firstName, lastName and languageCode from each item', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: AUTO, groupIds: GROUP },
			items: [
				{ email: 'auto.ann@example.com', firstName: 'Ann', lastName: 'Auto', languageCode: 'nl', team: 'HR' },
				{ email: 'auto.bob@example.com', firstName: 'Bob', lastName: 'Auto' },
			],
		});

		expect(run.execution.status).toBe('success');
		expect(run.output.map((item) => item.json.email)).toEqual(['auto.ann@example.com', 'auto.bob@example.com']);
		const state = await stack().double.state();
		expect(state.softwareOne.createsByEmail).toEqual({ 'auto.ann@example.com': 1, 'auto.bob@example.com': 1 });
		expect(state.softwareOne.users.find((u) => u.email === 'auto.ann@example.com')?.settings).toEqual({ languageCode: 'nl' });
	});

	test.each([
		['missing', { email: 'c@example.com', firstName: 'Cy' }, 'The input item has no field "lastName" [item 1]'],
		['misnamed', { email: 'c@example.com', first_name: 'Cy', lastName: 'Case' }, 'The input item has no field "firstName", but one named "first_name" [item 1]'],
	])('a %s field fails the run with its name and the item, before any request', async (_, second, message) => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: AUTO, groupIds: GROUP },
			items: [{ email: 'ok@example.com', firstName: 'Ok', lastName: 'Fine' }, second],
		});

		expect(run.execution.status).toBe('error');
		expect(run.error.message).toBe(message);
		expect(await stack().double.requests()).toEqual([]);
	});

	// Dragging a field in writes {{ $json.… }}: the node reads those from the item itself (n8n's
	// expression engine is not started for them); the result must be what n8n would have evaluated.
	const DRAGGED = {
		mappingMode: 'defineBelow',
		value: { email: '={{ $json.mail }}', firstName: '={{ $json["first name"] }}', lastName: '={{ $json.hire.last }}', languageCode: 'de' },
	};

	test('Map Each Field Manually with dragged-in fields: each item gives its own values', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: DRAGGED, groupIds: GROUP },
			items: [
				{ mail: 'drag.ann@example.com', 'first name': 'Ann', hire: { last: 'Dragged' } },
				{ mail: 'drag.bob@example.com', 'first name': 'Bob', hire: { last: 'Über' } },
			],
		});

		expect(run.execution.status).toBe('success');
		expect(run.output.map((item) => [item.json.email, item.json.name])).toEqual([
			['drag.ann@example.com', 'Ann Dragged'],
			['drag.bob@example.com', 'Bob Über'],
		]);
		const users = (await stack().double.state()).softwareOne.users.filter((u) => u.email.startsWith('drag.'));
		expect(users.map((u) => [u.firstName, u.lastName, u.settings])).toEqual([
			['Ann', 'Dragged', { languageCode: 'de' }],
			['Bob', 'Über', { languageCode: 'de' }],
		]);
	});

	test('Map Each Field Manually with dragged-in fields: an item without the field fails the run with the field and the item, before any request', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: DRAGGED, groupIds: GROUP },
			items: [
				{ mail: 'drag.cy@example.com', 'first name': 'Cy', hire: { last: 'Case' } },
				{ 'first name': 'Di', hire: { last: 'Case' } },
			],
		});

		expect(run.execution.status).toBe('error');
		expect(run.error.message).toBe('Email is required but empty [item 1]');
		expect(await stack().double.requests()).toEqual([]);
	});

	test('Update Invitation reads userId and the fields Bold names from each item', async () => {
		const run = await runNode(stack(), {
			credential: stack().credentials.boldBearer,
			parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: AUTO, sendEmail: true },
			items: [{ userId: 5, language: 'de' }, { userId: '2', emailAddress: 'guest.two@example.com' }],
		});

		expect(run.execution.status).toBe('success');
		expect(run.output.map((item) => item.json)).toEqual([
			{ id: 5, language: 'de', sendEmail: true },
			{ id: 2, emailAddress: 'guest.two@example.com', sendEmail: true },
		]);
		expect((await stack().double.state()).bold.emailsByUser).toEqual({ 2: 1, 5: 1 });
	});

	test.each([
		[20, 5, 100],
		[5, 1, 25],
	])('%i requests/s, burst %i: all %i creates succeed on default settings, once each', async (rps, burst, count) => {
		await stack().double.config({ rateLimit: { rps, burst } });
		const emails = Array.from({ length: count }, (_, i) => `paced${rps}.${i}@example.com`);
		const run = await runNode(stack(), {
			credential: stack().credentials.softwareOneBearer,
			parameters: { resource: 'accountUser', operation: 'create', user: AUTO, groupIds: GROUP },
			items: emails.map((email) => ({ email, firstName: 'Paced', lastName: 'Hire' })),
		});

		expect(run.execution.status).toBe('success');
		expect(run.output.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(run.output.map((item) => item.json.email)).toEqual(emails);
		const state = await stack().double.state();
		expect(state.rateLimited).toBeGreaterThan(0);
		expect(state.softwareOne.createsByEmail).toEqual(Object.fromEntries(emails.map((email) => [email, 1])));
		expect(state.softwareOne.duplicateCreates).toBe(0);
		expect(Object.values(state.softwareOne.invitationEmailsByUser).filter((n) => n > 1)).toEqual([]);
	}, 120_000);
});
