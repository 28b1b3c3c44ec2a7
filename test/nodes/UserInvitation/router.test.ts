import type { INodeParameters, IPairedItemData } from 'n8n-workflow';
import {
	accountUser,
	BOLD_BASE,
	boldCredentials,
	locator,
	runNode,
	runNodeOk,
	softwareOneCredentials,
	type RecordedRequest,
} from '../../helpers/context';

const get = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'get',
	userId: locator('AUSR-0000-0000'),
	...parameters,
});

const ids = (count: number) => Array.from({ length: count }, (_, i) => `AUSR-0000-000${i}`);

/** One item per ID, each with its own user ID, as an expression would give. */
const perItem = (list: string[]) => ({
	items: list.map((id) => ({ id })),
	itemParameters: list.map((id) => ({ userId: locator(id) })),
});

const idOf = (request: RecordedRequest) => request.path.split('/').pop() as string;

/** Answers 404 for the IDs in `missing`, the user otherwise, after `delay(id)` ms. */
const server =
	(missing: string[] = [], delay: (id: string) => number = () => 0) =>
	(request: RecordedRequest) => {
		const id = idOf(request);
		if (missing.includes(id)) {
			return { statusCode: 404, delayMs: delay(id), body: { title: 'Not Found', detail: `Account user ${id} not found.` } };
		}
		return { delayMs: delay(id), body: accountUser({ id }) };
	};

describe('Router: Continue On Fail', () => {
	it('returns one error item per failing item, the others succeed, in input order with pairedItem', async () => {
		const list = ids(4);
		const run = await runNodeOk({
			parameters: get(),
			...perItem(list),
			itemParameters: [
				{ userId: locator(list[0]) },
				{ userId: locator('') },
				{ userId: locator(list[2]) },
				{ userId: locator(list[3]) },
			],
			continueOnFail: true,
			credentials: softwareOneCredentials(),
			respond: server([list[3]]),
		});

		expect(run.output).toEqual([
			{ json: expect.objectContaining({ id: list[0] }), pairedItem: { item: 0 } },
			{
				json: {
					error: 'User is required but empty [item 1]',
					description: 'Enter a value in "User", or map a field of the input item that is never empty.',
				},
				pairedItem: { item: 1 },
			},
			{ json: expect.objectContaining({ id: list[2] }), pairedItem: { item: 2 } },
			{
				json: {
					error: `User ${list[3]} was not found [item 3]`,
					description: expect.stringContaining(`Account user ${list[3]} not found.`),
					httpCode: '404',
				},
				pairedItem: { item: 3 },
			},
		]);
		// The item that failed validation sent nothing.
		expect(run.requests.map(idOf)).toEqual([list[0], list[2], list[3]]);
	});

	it('keeps going after a failure: every item is tried', async () => {
		const list = ids(6);
		const run = await runNodeOk({
			parameters: get({ options: { concurrency: 1 } }),
			...perItem(list),
			continueOnFail: true,
			credentials: softwareOneCredentials(),
			respond: server([list[1], list[2]]),
		});

		expect(run.requests.map(idOf)).toEqual(list);
		expect(run.output.map((item) => (item.json.error ? 'error' : item.json.id))).toEqual([
			list[0],
			'error',
			'error',
			list[3],
			list[4],
			list[5],
		]);
	});
});

describe('Router: without Continue On Fail', () => {
	it('throws the error of the first failing item in input order, even when a later one failed first', async () => {
		const list = ids(4);
		const run = await runNode({
			parameters: get(),
			...perItem(list),
			credentials: softwareOneCredentials(),
			// Item 1 fails slowly, item 3 fails at once.
			respond: server([list[1], list[3]], (id) => (id === list[1] ? 30 : 0)),
		});

		expect(run.error?.message).toBe(`User ${list[1]} was not found [item 1]`);
		expect(run.error?.description).toContain(`Account user ${list[1]} not found.`);
		expect(run.output).toEqual([]);
	});

	it('starts no new item after a failure', async () => {
		const list = ids(6);
		const run = await runNode({
			parameters: get({ options: { concurrency: 1 } }),
			...perItem(list),
			credentials: softwareOneCredentials(),
			respond: server([list[1]]),
		});

		expect(run.error?.message).toBe(`User ${list[1]} was not found [item 1]`);
		expect(run.requests.map(idOf)).toEqual([list[0], list[1]]);
	});

	it('sends nothing at all when any item has bad input: every item is checked before the first request', async () => {
		const list = ids(8);
		const run = await runNode({
			parameters: get({ options: { concurrency: 3 } }),
			...perItem(list),
			itemParameters: list.map((id, i) => ({ userId: locator(i === 3 ? '' : id) })),
			credentials: softwareOneCredentials(),
			respond: server([], () => 20),
		});

		expect(run.error?.message).toBe('User is required but empty [item 3]');
		expect(run.requests).toEqual([]);
	});
});

describe('Router: concurrency', () => {
	it.each([
		[{}, 60, 50],
		[{ concurrency: 20 }, 30, 20],
		[{ concurrency: 3 }, 10, 3],
		[{ concurrency: 1 }, 5, 1],
		[{ concurrency: 50 }, 12, 12],
	])('options %j with %i items: at most %i requests in flight', async (options, count, max) => {
		const list = ids(count).map((id, i) => `${id}-${i}`);
		const run = await runNodeOk({
			parameters: get({ options }),
			...perItem(list),
			credentials: softwareOneCredentials(),
			respond: server([], (id) => 5 + (list.indexOf(id) % 4) * 5),
		});

		expect(run.maxInFlight()).toBe(max);
		// Answers came back out of order; the output did not.
		expect(run.output.map((item) => item.json.id)).toEqual(list);
		expect(run.output.map((item) => (item.pairedItem as IPairedItemData).item)).toEqual(list.map((_, i) => i));
	});

	it('passes the Timeout option to every request, in milliseconds', async () => {
		const run = await runNodeOk({
			parameters: get({ options: { timeout: 7 } }),
			credentials: softwareOneCredentials(),
			respond: server(),
		});

		expect(run.requests[0].timeout).toBe(7000);
	});

	it('without the Max Retry Wait option, a Retry-After above its 60 s default fails the item at once', async () => {
		const run = await runNode({
			parameters: get(),
			continueOnFail: true,
			credentials: softwareOneCredentials(),
			respond: () => ({ statusCode: 429, headers: { 'Retry-After': '120' }, body: {} }),
		});

		expect(run.requests).toHaveLength(1);
		expect(run.output).toHaveLength(1);
		expect(`${run.output[0].json.error}\n${run.output[0].json.description}`).toMatch(/\b120 ?s/);
		expect(run.output[0].json.httpCode).toBe('429');
	});
});

describe('Router: credential and operation must fit', () => {
	const createUser = {
		resource: 'accountUser',
		operation: 'create',
		user: { mappingMode: 'defineBelow', value: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' } },
		groupIds: 'UGR-1234-5678',
	};
	const updateInvitation = { resource: 'lockUser', operation: 'updateInvitation', invitation: { mappingMode: 'defineBelow', value: { userId: '5' } }, sendEmail: true };

	it('fails a SoftwareOne operation with a Bold credential before any request', async () => {
		const run = await runNode({ parameters: createUser, items: [{}, {}], credentials: boldCredentials() });

		expect(run.error?.message).toBe(
			'Create User needs a SoftwareOne Marketplace credential, but the selected credential points at Bold Smart Lock',
		);
		expect(run.error?.description).toBe(
			'Select a credential whose Service is SoftwareOne Marketplace (or a Custom URL), or pick an operation that Bold Smart Lock offers.',
		);
		expect(run.requests).toHaveLength(0);
	});

	it.each(['softwareOneProduction', 'softwareOneTest'])(
		'fails Update Invitation with a SoftwareOne credential (%s) before any request',
		async (environment) => {
			const run = await runNode({ parameters: updateInvitation, credentials: softwareOneCredentials({ environment }) });

			expect(run.error?.message).toBe(
				'Update Invitation needs a Bold Smart Lock credential, but the selected credential points at SoftwareOne Marketplace',
			);
			expect(run.requests).toHaveLength(0);
		},
	);

	it('with Continue On Fail, returns the mismatch once per item and sends nothing', async () => {
		const run = await runNodeOk({
			parameters: createUser,
			items: [{}, {}],
			continueOnFail: true,
			credentials: boldCredentials(),
		});

		expect(run.output).toEqual([0, 1].map((item) => ({
			json: {
				error: 'Create User needs a SoftwareOne Marketplace credential, but the selected credential points at Bold Smart Lock',
				description: expect.any(String),
			},
			pairedItem: { item },
		})));
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['Create User', createUser, 'https://gateway.example.com/public/v1/accounts/account-users'],
		['Update Invitation', updateInvitation, 'https://gateway.example.com/v2/users/5/invitation'],
	])('a Custom URL credential allows %s, with the trailing slash dropped', async (_, parameters, url) => {
		const run = await runNodeOk({
			parameters,
			credentials: { environment: 'custom', customUrl: ' https://gateway.example.com/ ', token: 't0k3n' },
			responses: [{ statusCode: 200, body: { id: 5 } }],
		});

		expect(run.requests.map((r) => r.url)).toEqual([url]);
	});

	it.each(['', 'gateway.example.com', 'ftp://gateway.example.com'])(
		'refuses a Custom URL %j that is not http(s)',
		async (customUrl) => {
			const run = await runNode({
				parameters: updateInvitation,
				credentials: { environment: 'custom', customUrl, token: 't0k3n' },
			});

			expect(run.error?.message).toMatch(/^The credential's base URL (is not a URL|uses ftp: instead of https:)$/);
			expect(run.requests).toHaveLength(0);
		},
	);

	it('Bold preset sends to the Bold API', async () => {
		const run = await runNodeOk({
			parameters: updateInvitation,
			credentials: boldCredentials(),
			responses: [{ statusCode: 200, body: { id: 5 } }],
		});

		expect(run.requests[0].url).toBe(`${BOLD_BASE}/v2/users/5/invitation`);
	});

	it('SoftwareOne test preset sends to api.s1.show', async () => {
		const run = await runNodeOk({
			parameters: get(),
			credentials: softwareOneCredentials({ environment: 'softwareOneTest' }),
			respond: server(),
		});

		expect(run.requests[0].url).toBe('https://api.s1.show/public/v1/accounts/account-users/AUSR-0000-0000');
	});
});

describe('Router: an operation it does not know', () => {
	// An old workflow, or an expression, can name an operation this version does not have.
	it.each([
		['accountUser', 'archive'],
		['account', 'get'],
	])('refuses resource %s, operation %s by name, before any request', async (resource, operation) => {
		const run = await runNode({ parameters: { resource, operation }, credentials: softwareOneCredentials() });
		expect(run.error?.message).toBe(`The operation "${operation}" is not known`);
		expect(run.error?.description).toBe("Pick an operation from the node's Operation list.");
		expect(run.requests).toHaveLength(0);
	});
});
