import type { INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	locator,
	page,
	runNode,
	runNodeOk,
	runNodeWithFakeTimers,
	SOFTWAREONE_BASE,
	softwareOneCredentials,
} from '../../../../helpers/context';

const USER = '/public/v1/accounts/account-users/AUSR-1234-5678';

const resend = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'resendInvite',
	userId: locator('AUSR-1234-5678'),
	...parameters,
});

const withStatus = (status: string, extra = {}) => ({
	statusCode: 200,
	body: accountUser({ invitation: { status }, ...extra }),
});

const lines = (run: { requests: Array<{ method: string; path: string; query: string }> }) =>
	run.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

describe('Resend Invite: Detect Automatically', () => {
	it('reads the user, then sends a new invitation when it expired', async () => {
		const run = await runNodeOk({
			parameters: resend(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('InvitationExpired'), withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/send-new-invite`]);
		expect(run.requests[1].url).toBe(`${SOFTWAREONE_BASE}${USER}/send-new-invite`);
		expect(run.requests[1].body).toBeUndefined();
		expect(run.output).toEqual([
			{ json: expect.objectContaining({ id: 'AUSR-1234-5678', invitationStatus: 'Invited' }), pairedItem: { item: 0 } },
		]);
	});

	it('reads the user, then re-sends the pending invitation', async () => {
		const run = await runNodeOk({
			parameters: resend(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/resend-invite`]);
	});

	it.each(['Active', undefined])(
		'sends nothing to a user whose invitation status is %s, and says why',
		async (status) => {
			const body = accountUser();
			if (status) (body.invitation as { status: string }).status = status;
			else delete body.invitation;
			const run = await runNode({
				parameters: resend(),
				credentials: softwareOneCredentials(),
				responses: [{ statusCode: 200, body }, withStatus('Invited')],
			});

			expect(lines(run)).toEqual([`GET ${USER}?select=+audit`]);
			expect(run.error?.message).toBe(
				`User AUSR-1234-5678 has invitation status "${status ?? 'none'}"; no invitation was sent [item 0]`,
			);
			expect(run.error?.description).toContain('A user in state Active has already joined.');
		},
	);
});

describe('Resend Invite: explicit invitation state', () => {
	it('expired: one POST to send-new-invite, no read first (its state shows whether it was sent)', async () => {
		const run = await runNodeOk({
			parameters: resend({ invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`POST ${USER}/send-new-invite`]);
	});

	it('pending: reads the audit first (the only trace of a re-send), then one POST to resend-invite', async () => {
		const run = await runNodeOk({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/resend-invite`]);
	});

	it('passes the API\'s refusal through when the state was chosen wrongly', async () => {
		const run = await runNode({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [
				withStatus('InvitationExpired'),
				{
					statusCode: 400,
					body: {
						title: 'Bad Request',
						status: 400,
						detail: 'The invitation of account user AUSR-1234-5678 is not pending (status InvitationExpired).',
					},
				},
			],
		});

		expect(run.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
		expect(run.error?.message).toBe('The API rejected the request as invalid [item 0]');
		expect(run.error?.description).toContain('is not pending (status InvitationExpired)');
	});
});

describe('Resend Invite: endpoint families', () => {
	it.each([
		['accountUsers', {}, '/public/v1/accounts/account-users/AUSR-1234-5678'],
		['accountScoped', { scopeAccountId: 'ACC-1234-5678' }, '/public/v1/accounts/ACC-1234-5678/users/AUSR-1234-5678'],
		[
			'accountsAccounts',
			{ scopeAccountId: 'ACC-1234-5678' },
			'/public/v1/accounts/accounts/ACC-1234-5678/users/AUSR-1234-5678',
		],
	])('%s: reads and sends on the same family', async (endpointFamily, extra, user) => {
		const run = await runNodeOk({
			parameters: resend({ endpointFamily, ...extra }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('InvitationExpired'), withStatus('Invited')],
		});

		expect(run.requests.map((r) => r.url)).toEqual([
			`${SOFTWAREONE_BASE}${user}?select=+audit`,
			`${SOFTWAREONE_BASE}${user}/send-new-invite`,
		]);
	});

	it('refuses a user ID that is not letters, digits and dashes, before any request', async () => {
		const run = await runNode({
			parameters: resend({ userId: locator('AUSR 1/2?x'), invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe('User "AUSR 1/2?x" is not valid [item 0]');
	});

	it('takes the user from the "From List" mode as well', async () => {
		const run = await runNodeOk({
			parameters: resend({ userId: locator('AUSR-2222-3333', 'list'), invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});

		expect(run.requests[0].path).toBe('/public/v1/accounts/account-users/AUSR-2222-3333/send-new-invite');
	});

	it('asks for the user when none is chosen, and sends nothing', async () => {
		const run = await runNode({
			parameters: resend({ userId: locator('  ', 'list') }),
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe('User is required but empty [item 0]');
		expect(run.requests).toHaveLength(0);
	});
});

describe('Resend Invite: Simplify', () => {
	it('returns the raw account user with Simplify off', async () => {
		const run = await runNodeOk({
			parameters: resend({ invitationKind: 'expired', simplify: false }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});

		expect(run.output[0].json).toEqual(accountUser({ invitation: { status: 'Invited' } }));
	});
});

describe('Resend Invite: never e-mails twice', () => {
	it('expired: after a dropped connection, a user now Invited means the send went through', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
			responses: [{ networkError: 'ECONNRESET' }, withStatus('Invited')],
		});

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([`POST ${USER}/send-new-invite`, `GET ${USER}`]);
		expect(run.output[0].json.invitationStatus).toBe('Invited');
	});

	it('expired: a user still expired means nothing was sent, so it sends once more', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 502, body: '' }, withStatus('InvitationExpired'), withStatus('Invited')],
		});

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([`POST ${USER}/send-new-invite`, `GET ${USER}`, `POST ${USER}/send-new-invite`]);
	});

	// A pending invitation keeps its state when re-sent: the node reads audit.updated.at before the send
	// and compares it after a lost answer. No clock is compared, so a user changed a second ago is fine.
	const audited = (at: string) => withStatus('Invited', { audit: { updated: { at } } });

	it('pending: an audit changed since the read before sending means the e-mail went out', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [audited('2026-06-01T09:59:59Z'), { networkError: 'ETIMEDOUT' }, audited('2026-06-01T10:00:01Z')],
		});

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/resend-invite`, `GET ${USER}?select=+audit`]);
	});

	it('pending: an unchanged audit means nothing was sent, so it sends once more (even if it changed a second before)', async () => {
		const run = await runNodeWithFakeTimers(
			{
				parameters: resend({ invitationKind: 'pending' }),
				credentials: softwareOneCredentials(),
				responses: [
					audited('2026-06-01T09:59:59Z'),
					{ statusCode: 502, body: '' },
					audited('2026-06-01T09:59:59Z'),
					withStatus('Invited'),
				],
			},
			Date.parse('2026-06-01T10:00:00Z'),
		);

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([
			`GET ${USER}?select=+audit`,
			`POST ${USER}/resend-invite`,
			`GET ${USER}?select=+audit`,
			`POST ${USER}/resend-invite`,
		]);
	});

	it('pending: without an audit it cannot tell, so it stops and asks the user to check', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { networkError: 'ECONNRESET' }, withStatus('Invited')],
		});

		expect(run.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
		expect(run.error?.message).toBe('The invitation e-mail to user AUSR-1234-5678 may have been sent [item 0]');
		expect(run.error?.description).toContain('Check with the user before sending again.');
	});

	it.each([400, 401, 403, 404, 409, 500])('a %s answer is final: no check, no second send', async (statusCode) => {
		const run = await runNodeWithFakeTimers({
			// A fixed family: with Auto-detect a 404 first checks once that the path is served (see hostileInput.test.ts).
			parameters: resend({ invitationKind: 'expired', endpointFamily: 'accountUsers' }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode, body: { title: 'No', status: statusCode } }, withStatus('Invited')],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.httpCode).toBe(String(statusCode));
	});
});

describe('Resend Invite: what a user reads after a lost answer, and Dry Run', () => {
	const audited = (at: string) => withStatus('Invited', { audit: { updated: { at } } });
	const COLLECTION = '/public/v1/accounts/account-users';

	it('pending: an audit read before the send but missing after it: cannot tell, stops and asks the user to check', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [audited('2026-06-01T09:59:59Z'), { networkError: 'ECONNRESET' }, withStatus('Invited'), withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/resend-invite`, `GET ${USER}?select=+audit`]);
		expect(run.error?.message).toBe('The invitation e-mail to user AUSR-1234-5678 may have been sent [item 0]');
	});

	it('cancelled while the send was out: the e-mail may have been sent, and the user is told what to check', async () => {
		const run = await runNode({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [audited('2026-06-01T09:59:59Z'), { networkError: 'ERR_CANCELED' }],
		});

		expect(lines(run)).toEqual([`GET ${USER}?select=+audit`, `POST ${USER}/resend-invite`]);
		expect(run.error?.message).toBe('The execution was cancelled before the API answered; the request may have been carried out [item 0]');
		expect(run.error?.description).toBe(
			"The invitation e-mail to user AUSR-1234-5678 may have been sent. Check the user's invitation state before sending again.",
		);
	});

	it('expired, Dry Run: no user read precedes the send, so one read of the collection finds the path the send would use', async () => {
		const run = await runNodeOk({
			parameters: resend({ invitationKind: 'expired', options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([]) }],
		});

		expect(lines(run)).toEqual([`GET ${COLLECTION}?limit=1&offset=0`]);
		expect(run.output[0].json).toEqual({ dryRun: true, wouldSend: { method: 'POST', path: `${USER}/send-new-invite` } });
	});

	it('expired, Dry Run, the family not served: the probe\'s 404 names Resend Invite and the Endpoints choice', async () => {
		const run = await runNode({
			parameters: resend({ invitationKind: 'expired', endpointFamily: 'accountUsers', options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 404, body: { title: 'Not Found', status: 404 } }],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('Resend Invite: this environment does not serve the "Account Users" endpoints (404) [item 0]');
		expect(run.error?.description).toContain('Change "Endpoints" to another family');
	});
});

describe('Resend Invite, pending, several items: the audit mark', () => {
	it('users the batch read without their audit mark are read again with it before each send (it is what a lost answer is checked against)', async () => {
		const OTHER = '/public/v1/accounts/account-users/AUSR-2222-3333';
		const run = await runNodeOk({
			parameters: resend({ invitationKind: 'pending' }),
			itemParameters: [{ userId: locator('AUSR-1234-5678') }, { userId: locator('AUSR-2222-3333') }],
			items: [{}, {}],
			credentials: softwareOneCredentials(),
			respond: withStatus('Invited'),
			responses: [{ statusCode: 200, body: page([accountUser(), accountUser({ id: 'AUSR-2222-3333' })]) }],
		});

		expect(lines(run)[0]).toMatch(/^GET \/public\/v1\/accounts\/account-users\?in\(id,/);
		// The items run side by side: which item's request goes first is not fixed.
		expect(lines(run).slice(1).sort()).toEqual([`GET ${USER}?select=+audit`, `GET ${OTHER}?select=+audit`, `POST ${USER}/resend-invite`, `POST ${OTHER}/resend-invite`].sort());
	});
});
