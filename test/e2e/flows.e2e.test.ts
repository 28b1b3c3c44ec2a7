// The example workflows in examples/, run as they are (credential ids and webhook paths filled in),
// and the time-zone handling of a picked expiration date.
import { N8nClient, type Stack, describeE2e, loadExample } from '../../tools/n8n';
import { delta, expectNoSecrets, runNode } from './helpers';

/** "+01:00" for Europe/Amsterdam in winter: the offset a zone has at a given wall time. */
function offsetAt(isoWithoutOffset: string, timeZone: string): string {
	const asUtc = new Date(`${isoWithoutOffset}Z`);
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(asUtc);
	const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

describeE2e('example workflows in real n8n', (stack: () => Stack) => {
	const exampleCredentials = () => ({
		'SoftwareOne (bearer token)': stack().credentials.softwareOneBearer,
		'Bold Smart Lock (bearer token)': stack().credentials.boldBearer,
	});

	beforeEach(async () => {
		await stack().double.reset();
	});

	test('hr-onboarding.json: each new hire from the HR webhook becomes one invited user', async () => {
		const { workflow, webhookPaths } = loadExample('hr-onboarding.json', { credentials: exampleCredentials() });
		const saved = await stack().client.createActiveWorkflow(workflow);
		const path = webhookPaths['New Hire (HR Webhook)'];
		const hires = [
			{ email: 'hanna.hire@example.com', firstName: 'Hanna', lastName: 'Hire', languageCode: 'de' },
			{ email: 'ivan.intern@example.com', firstName: 'Ivan', lastName: 'Intern', groupIds: 'UGR-1234-5678, UGR-2345-6789' },
			{ email: 'jade.joiner@example.com', firstName: 'Jade', lastName: 'Joiner', groupIds: ['UGR-2345-6789'] },
		];
		const answers = [];
		for (const hire of hires) answers.push(await stack().client.webhook(path, hire));

		for (const [i, answer] of answers.entries()) {
			expect(answer.status).toBe(200);
			expect(answer.data).toMatchObject({ email: hires[i].email, invitationStatus: 'Invited' });
		}
		expect(answers[0].data.groupIds).toEqual(['UGR-1234-5678']);
		expect(answers[1].data.groupIds).toEqual(['UGR-1234-5678', 'UGR-2345-6789']);
		expect(answers[2].data.groupIds).toEqual(['UGR-2345-6789']);
		const state = await stack().double.state();
		expect(state.softwareOne.createsByEmail).toEqual({
			'hanna.hire@example.com': 1,
			'ivan.intern@example.com': 1,
			'jade.joiner@example.com': 1,
		});
		expect(state.softwareOne.invitationEmailsByUser).toMatchObject({ [answers[0].data.id]: 1, [answers[1].data.id]: 1 });
		expect(state.softwareOne.users.find((u) => u.email === 'hanna.hire@example.com')?.settings).toEqual({ languageCode: 'de' });

		// A hire with a broken address fails the execution before any request; the HR system gets a 500.
		const before = (await stack().double.requests()).length;
		const bad = await stack().client.webhook(path, { email: 'not-an-address', firstName: 'No', lastName: 'Mail' });
		expect(bad.status).toBe(500);
		const ids = (await stack().client.executionIds(saved.id)).map((e) => e.id);
		const failed = await stack().client.waitForExecution(ids.sort((a, b) => Number(b) - Number(a))[0]);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error.message).toBe('Email "not-an-address" is not valid [item 0]');
		expect((await stack().double.requests()).length).toBe(before);
	});

	test('resend-expired-invitations.json: one new invitation per expired user, none for anyone else, nothing on a second run', async () => {
		const expiredSeed = Array.from({ length: 104 }, (_, i) => ({ email: `lapsed${i}@example.com`, status: 'InvitationExpired' }));
		await stack().double.seed({
			softwareOneUsers: [
				...expiredSeed,
				{ email: 'still.pending@example.com', status: 'Invited' },
				{ email: 'already.joined@example.com', status: 'Active' },
			],
		});
		const before = await stack().double.state();
		const expiredIds = before.softwareOne.users.filter((u) => u.status === 'InvitationExpired').map((u) => String(u.id));
		expect(expiredIds.length).toBe(105); // 104 seeded + the double's own expired.user@example.com

		const { workflow } = loadExample('resend-expired-invitations.json', { credentials: exampleCredentials() });
		const saved = await stack().client.createWorkflow(workflow);
		const execution = await stack().client.waitForExecution(await stack().client.runManually(saved.id, 'Every Morning'));
		expect(execution.status).toBe('success');

		const resent = N8nClient.nodeItems(execution, 'Resend Invite');
		expect(resent).toHaveLength(expiredIds.length);
		expect(resent.every((item) => item.json.invitationStatus === 'Invited')).toBe(true);
		expect(resent.map((item) => String(item.json.id)).sort()).toEqual([...expiredIds].sort());

		const after = await stack().double.state();
		const sent = delta(before.softwareOne.invitationEmailsByUser, after.softwareOne.invitationEmailsByUser);
		expect(Object.keys(sent).sort()).toEqual([...expiredIds].sort());
		expect(Object.values(sent).every((count) => count === 1)).toBe(true);
		const newInvites = after.requests.filter((r) => r.method === 'POST').map((r) => r.path);
		expect(newInvites.every((p) => p.endsWith('/send-new-invite'))).toBe(true);
		expect(newInvites).toHaveLength(expiredIds.length);

		// The next morning nobody is expired any more: no e-mail at all.
		const second = await stack().client.waitForExecution(await stack().client.runManually(saved.id, 'Every Morning'));
		expect(second.status).toBe('success');
		const final = await stack().double.state();
		expect(final.softwareOne.invitationEmailsByUser).toEqual(after.softwareOne.invitationEmailsByUser);
		expectNoSecrets(execution.rawData + second.rawData);
	});

	test('extend-bold-invitation.json: sets a new expiry with the workflow’s offset and texts the invitation once', async () => {
		const { workflow, webhookPaths } = loadExample('extend-bold-invitation.json', { credentials: exampleCredentials() });
		await stack().client.createActiveWorkflow(workflow);
		const path = webhookPaths['Extend Request (Webhook)'];

		const summer = await stack().client.webhook(path, { userId: 5, phoneNumber: '+31612345678', expiration: '2030-07-15T09:00:00' });
		expect(summer.status).toBe(200);
		expect(summer.data).toEqual({ id: 5, expiration: '2030-07-15T09:00:00+02:00', phoneNumber: '+31612345678', sendSms: true });

		// Without an expiration the example picks 09:00 in 14 days, in the workflow's zone (Europe/Amsterdam).
		const fallback = await stack().client.webhook(path, { userId: 2 });
		expect(fallback.status).toBe(200);
		const expiration = String(fallback.data.expiration);
		const wall = expiration.slice(0, 19);
		expect(wall).toMatch(/^\d{4}-\d{2}-\d{2}T09:00:00$/);
		expect(expiration.slice(19)).toBe(offsetAt(wall, 'Europe/Amsterdam'));
		const days = (Date.parse(expiration) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(13);
		expect(days).toBeLessThan(15);

		const state = await stack().double.state();
		expect(state.bold.smsByUser).toEqual({ 5: 1, 2: 1 });
		expect(state.bold.emailsByUser).toEqual({});
		expect(state.bold.users.find((u) => u.id === 5)).toMatchObject({
			expiration: '2030-07-15T09:00:00+02:00',
			phoneNumber: '+31612345678',
		});
		expect(state.bold.users.find((u) => u.id === 2)?.expiration).toBe(expiration);
	});

	test.each([
		['Europe/Amsterdam', '2030-01-15T09:00:00', '2030-01-15T09:00:00+01:00'],
		['Europe/Amsterdam', '2030-07-15T09:00:00', '2030-07-15T09:00:00+02:00'],
		['America/New_York', '2030-01-15T09:00:00', '2030-01-15T09:00:00-05:00'],
		['Asia/Kolkata', '2030-01-15T09:00:00', '2030-01-15T09:00:00+05:30'],
	])('Update Invitation: a date picked without offset in a %s workflow reaches Bold as %s → %s', async (timezone, picked, sent) => {
		const run = await runNode(stack(), {
			credential: stack().credentials.boldBearer,
			parameters: { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: picked } } },
			items: [{}],
			settings: { timezone },
		});
		expect(run.output).toHaveLength(1);
		expect(run.output[0].json).toEqual({ id: 5, expiration: sent });
		const state = await stack().double.state();
		expect(state.bold.users.find((u) => u.id === 5)?.expiration).toBe(sent);
		expect(state.bold.updatesByUser).toEqual({ 5: 1 });
		expect(state.bold.emailsByUser).toEqual({});
		expect(state.bold.smsByUser).toEqual({});
	});
});
