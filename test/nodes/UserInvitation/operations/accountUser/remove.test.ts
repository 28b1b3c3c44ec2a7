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

describe('Remove User: what a user reads when it goes wrong', () => {
	it('a 400 (a protected user): says the API refused, that nothing was removed, and passes the API\'s reason on', async () => {
		const run = await runNode({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { statusCode: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Last administrator.' } }],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
		expect(run.error?.message).toBe('The API refused to remove user AUSR-1234-5678 [item 0]');
		expect(run.error?.description).toContain('Last administrator.');
		expect(run.error?.description).toContain(
			'Nothing was removed. The API\'s answer (below) says why; a user may be protected, for example the last administrator of the account.',
		);
	});

	it('cancelled while the DELETE was out: the user may have been removed, and is told how to check', async () => {
		const run = await runNode({ parameters: remove(), credentials: softwareOneCredentials(), responses: [withStatus('Invited'), { networkError: 'ERR_CANCELED' }] });
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`]);
		expect(run.error?.message).toBe('The execution was cancelled before the API answered; the request may have been carried out [item 0]');
		expect(run.error?.description).toBe('User AUSR-1234-5678 may have been removed. Run Get User before trying again.');
	});

	it('a lost answer, then a read that fails (403): an error, not "removed", and the DELETE is not sent again', async () => {
		const run = await runNode({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { networkError: 'ECONNRESET' }, { statusCode: 403, body: { title: 'Forbidden', status: 403 } }],
		});
		expect(lines(run)).toEqual([`GET ${USER}`, `DELETE ${USER}`, `GET ${USER}`]);
		expect(run.output).toEqual([]);
		expect(run.error?.httpCode).toBe('403');
	});

	it('the note of a removal confirmed after a lost answer, and none after a plain one', async () => {
		const note = 'The answer to the removal was lost; a read afterwards showed the user gone, so it was removed once.';
		const retried = await runNodeOk({
			parameters: remove(),
			credentials: softwareOneCredentials(),
			responses: [withStatus('Invited'), { networkError: 'ECONNRESET' }, withStatus('Invited'), notFound],
		});
		expect(retried.output[0].json.note).toBe(note);
		const plain = await runNodeOk({ parameters: remove(), credentials: softwareOneCredentials(), responses: [withStatus('Invited'), { statusCode: 204 }] });
		expect(plain.output[0].json).not.toHaveProperty('note');
	});
});

describe('Remove User by e-mail: which user the look-up takes', () => {
	const byEmail = (email: string, parameters: INodeParameters = {}) => remove({ userId: locator(email, 'email'), ...parameters });
	const nobody = (email: string) => `No account user has the e-mail ${email} [item 0]`;
	const fix =
		'Nothing was changed. Check the address, and that the credential (and Account ID, if set) point at the account the user belongs to. Get Many Users lists who is there.';

	it('matches the e-mail whatever its case', async () => {
		const run = await runNodeOk({
			parameters: byEmail('Ada@Example.COM'),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser({ user: { email: 'ada@EXAMPLE.com' } })]) }, { statusCode: 204 }],
		});
		expect(run.requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
		expect(run.requests[1].path).toBe(USER);
	});

	it.each([
		['another address (a filter the server ignored)', { statusCode: 200, body: page([accountUser({ user: { email: 'grace@example.com' } })]) }],
		['a user without its user block', { statusCode: 200, body: page([{ ...accountUser(), user: undefined }]) }],
		['a member without an id', { statusCode: 200, body: page([{ ...accountUser(), id: undefined }]) }],
		['an answer without data', { statusCode: 200, body: {} }],
	])('takes nobody from %s: the item error says so, and nothing is removed', async (_, answer) => {
		const run = await runNode({ parameters: byEmail('ada@example.com'), credentials: softwareOneCredentials(), responses: [answer] });
		expect(run.requests.map((r) => r.method)).toEqual(['GET']);
		expect(run.error?.message).toBe(nobody('ada@example.com'));
		expect(run.error?.description).toBe(fix);
	});

	it('with an Account ID: takes only the membership in that account', async () => {
		const run = await runNodeOk({
			parameters: byEmail('ada@example.com', { scopeAccountId: 'ACC-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [
				{
					statusCode: 200,
					body: page([
						accountUser({ id: 'AUSR-1111-1111' }),
						{ ...accountUser({ id: 'AUSR-3333-3333' }), account: undefined },
						accountUser({ id: 'AUSR-2222-2222', account: { id: 'ACC-2222-3333' } }),
					]),
				},
				{ statusCode: 204 },
			],
		});
		expect(run.requests[0].query).toBe('and(eq(user.email,"ada%40example.com"),eq(account.id,ACC-2222-3333))&limit=1&offset=0');
		expect(lines(run)[1]).toBe('DELETE /public/v1/accounts/account-users/AUSR-2222-2222');
	});

	it('with an Account ID: a membership of another account (or of none named) is nobody', async () => {
		const run = await runNode({
			parameters: byEmail('ada@example.com', { scopeAccountId: 'ACC-2222-3333' }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser(), { ...accountUser(), account: undefined }]) }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe(nobody('ada@example.com'));
	});

	it('an id from the server that is not an account-user ID never goes into a path', async () => {
		const run = await runNode({
			parameters: byEmail('ada@example.com'),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 200, body: page([accountUser({ id: 'AUSR-1234-5678/../x' })]) }],
		});
		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('User "AUSR-1234-5678/../x" is not valid [item 0]');
	});
});
