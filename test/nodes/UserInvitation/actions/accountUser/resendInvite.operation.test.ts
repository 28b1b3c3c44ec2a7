import type { INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	locator,
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

		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/send-new-invite`]);
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

		expect(lines(run)).toEqual([`GET ${USER}`, `POST ${USER}/resend-invite`]);
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

			expect(lines(run)).toEqual([`GET ${USER}`]);
			expect(run.error?.message).toBe(
				`User AUSR-1234-5678 has invitation status "${status ?? 'none'}"; no invitation was sent [item 0]`,
			);
			expect(run.error?.description).toContain('A user in state Active has already joined.');
		},
	);
});

describe('Resend Invite: explicit invitation state', () => {
	it.each([
		['expired', 'send-new-invite'],
		['pending', 'resend-invite'],
	])('%s: one POST to %s, no read first', async (invitationKind, action) => {
		const run = await runNodeOk({
			parameters: resend({ invitationKind }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});

		expect(lines(run)).toEqual([`POST ${USER}/${action}`]);
	});

	it('passes the API\'s refusal through when the state was chosen wrongly', async () => {
		const run = await runNode({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [
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

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('The API rejected the request as invalid');
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
			`${SOFTWAREONE_BASE}${user}`,
			`${SOFTWAREONE_BASE}${user}/send-new-invite`,
		]);
	});

	it('encodes the user ID in the path', async () => {
		const run = await runNodeOk({
			parameters: resend({ userId: locator('AUSR 1/2?x'), invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});

		expect(run.requests[0].path).toBe('/public/v1/accounts/account-users/AUSR%201%2F2%3Fx/resend-invite');
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

	it('pending: reads the audit, and a fresh update means the e-mail went out', async () => {
		const now = Date.parse('2026-06-01T10:00:00Z');
		const run = await runNodeWithFakeTimers(
			{
				parameters: resend({ invitationKind: 'pending' }),
				credentials: softwareOneCredentials(),
				responses: [
					{ networkError: 'ETIMEDOUT' },
					withStatus('Invited', { audit: { updated: { at: '2026-06-01T10:00:01Z' } } }),
				],
			},
			now,
		);

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([`POST ${USER}/resend-invite`, `GET ${USER}?select=+audit`]);
	});

	it('pending: an old audit means nothing was sent, so it sends once more', async () => {
		const now = Date.parse('2026-06-01T10:00:00Z');
		const run = await runNodeWithFakeTimers(
			{
				parameters: resend({ invitationKind: 'pending' }),
				credentials: softwareOneCredentials(),
				responses: [
					{ networkError: 'ECONNRESET' },
					withStatus('Invited', { audit: { updated: { at: '2026-05-30T08:00:00Z' } } }),
					withStatus('Invited'),
				],
			},
			now,
		);

		expect(run.error).toBeUndefined();
		expect(lines(run)).toEqual([
			`POST ${USER}/resend-invite`,
			`GET ${USER}?select=+audit`,
			`POST ${USER}/resend-invite`,
		]);
	});

	it('pending: without an audit it cannot tell, so it stops and asks the user to check', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'pending' }),
			credentials: softwareOneCredentials(),
			responses: [{ networkError: 'ECONNRESET' }, withStatus('Invited')],
		});

		expect(run.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
		expect(run.error?.message).toBe('The invitation e-mail to user AUSR-1234-5678 may have been sent [item 0]');
		expect(run.error?.description).toContain('Check with the user before sending again.');
	});

	it.each([400, 401, 403, 404, 409, 500])('a %s answer is final: no check, no second send', async (statusCode) => {
		const run = await runNodeWithFakeTimers({
			parameters: resend({ invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode, body: { title: 'No', status: statusCode } }, withStatus('Invited')],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.httpCode).toBe(String(statusCode));
	});
});
