import type { INodeParameters } from 'n8n-workflow';
import { accountUser, locator, page, runNode, runNodeOk, softwareOneCredentials } from '../../../../helpers/context';

const USER = '/public/v1/accounts/account-users/AUSR-1234-5678';
const COLLECTION = '/public/v1/accounts/account-users';

const remove = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'remove',
	userId: locator('AUSR-1234-5678'),
	...parameters,
});

const lines = (run: { requests: Array<{ method: string; path: string; query: string }> }) =>
	run.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

const withStatus = (status: string) => ({ statusCode: 200, body: accountUser({ invitation: { status } }) });
const notFound = { statusCode: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Account user not found.' } };

describe('Remove User', () => {
	it.each(['Invited', 'InvitationExpired'])('revokes an invitation in state %s: reads the user, then one DELETE (204, no body)', async (status) => {
		const run = await runNodeOk({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus(status), { statusCode: 204, body: '' }],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
		expect(run.requests[1].body).toBeUndefined();
		expect(run.output).toEqual([
			{
				json: { removed: true, id: 'AUSR-1234-5678', email: 'ada@example.com', statusBefore: status, groupIds: ['UGR-1234-5678'] },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('leaves an Active user alone by default, and says how to offboard them', async () => {
		const run = await runNode({ parameters: remove(), credentials: softwareOneCredentials(), responses: [withStatus('Active')] });
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.error?.message).toBe('User AUSR-1234-5678 has already joined (status Active); nothing was removed [item 0]');
		expect(run.error?.description).toContain('Any Status');
	});

	it('removes an Active user with "Any Status"', async () => {
		const run = await runNodeOk({
			parameters: remove({ removeWhen: 'any' }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Active'), { statusCode: 204 }],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
		expect(run.output[0].json).toMatchObject({ removed: true, statusBefore: 'Active' });
	});

	it('a lost answer, then a read that finds the user gone: removed once, reported as done', async () => {
		const run = await runNodeOk({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { networkError: 'ECONNRESET' }, notFound],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`, `GET ${USER}`]);
		expect(run.output[0].json).toMatchObject({ removed: true, id: 'AUSR-1234-5678', statusBefore: 'Invited' });
		expect(String(run.output[0].json.note)).toContain('lost');
	});

	it('a lost answer, the user still there, the DELETE sent again meets 404: already removed, not a failure', async () => {
		const run = await runNodeOk({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { networkError: 'ECONNRESET' }, withStatus('Invited'), notFound],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`, `GET ${USER}`, `DELETE ${USER}`]);
		expect(run.output[0].json).toMatchObject({ removed: true });
	});

	it('a 404 on the first DELETE is an error: the user was not there', async () => {
		const run = await runNode({ parameters: remove(), credentials: softwareOneCredentials(), responses: [withStatus('Invited'), notFound] });
		expect(run.error?.message).toMatch(/^User AUSR-1234-5678 was not found/);
	});

	it('by e-mail: one search, then the DELETE on the id it found', async () => {
		const run = await runNodeOk({
			parameters: remove({ userId: locator('ada@example.com', 'email') }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser()]) }, { statusCode: 204 }],
		});
		expect(lines(run)).toEqual([`GET ${COLLECTION}?eq(user.email,"ada%40example.com")&limit=1&offset=0`, `DELETE ${USER}`]);
	});

	it('by e-mail, nobody has it: a clear item error, nothing removed', async () => {
		const run = await runNode({
			parameters: remove({ userId: locator('nobody@example.com', 'email') }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([]) }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('No account user has the e-mail nobody@example.com [item 0]');
	});

	it('Dry Run: reads the user, sends no DELETE, returns what it would send', async () => {
		const run = await runNodeOk({
			parameters: remove({ options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited')],
		});
		expect(lines(run)).toEqual([`GET ${USER}`]);
		expect(run.output).toEqual([{ json: { dryRun: true, wouldSend: { method: 'DELETE', path: USER } }, pairedItem: { item: 0 } }]);
	});

	it('Dry Run still refuses an Active user with the default choice', async () => {
		const run = await runNode({ parameters: remove({ options: { dryRun: true } }), credentials: softwareOneCredentials(), responses: [withStatus('Active')] });
		expect(run.error?.message).toMatch(/has already joined/);
	});
});
