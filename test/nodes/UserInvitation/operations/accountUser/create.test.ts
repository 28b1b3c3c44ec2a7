import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	MAP_AUTOMATICALLY,
	mapManually,
	page,
	runNode,
	runNodeOk,
	runNodeWithFakeTimers,
	SOFTWAREONE_BASE,
	softwareOneCredentials,
} from '../../../../helpers/context';

const COLLECTION = '/public/v1/accounts/account-users';

const ADA = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };

/** Create User with the User fields mapped manually: Ada's, changed by `user`. */
const create = (parameters: INodeParameters = {}, user: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'create',
	user: mapManually({ ...ADA, ...user }),
	groupIds: 'UGR-1234-5678',
	...parameters,
});

const created = (overrides: IDataObject = {}) => ({ statusCode: 201, body: accountUser(overrides) });

/** Every object in the body has at least one key and no value is '' or null: the API rejects both. */
function expectNoEmptyValues(value: unknown, path = 'body'): void {
	if (value === null || value === '' || value === undefined) throw new Error(`${path} is empty`);
	if (Array.isArray(value)) return value.forEach((entry, i) => expectNoEmptyValues(entry, `${path}[${i}]`));
	if (typeof value === 'object') {
		const entries = Object.entries(value as IDataObject);
		if (entries.length === 0) throw new Error(`${path} is an empty object`);
		for (const [key, entry] of entries) expectNoEmptyValues(entry, `${path}.${key}`);
	}
}

describe('Create User: the request', () => {
	it('POSTs every CreateAccountUserDto field the user set, and nothing else', async () => {
		const run = await runNodeOk({
			parameters: create(
				{
					groupIds: 'UGR-1234-5678, UGR-2345-6789',
					invitationStatus: 'Active',
					additionalFields: { accountId: 'ACC-2222-3333' },
				},
				{ cultureCode: 'en-US', languageCode: 'en', phonePrefix: '+31', phoneNumber: '612345678' },
			),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect(run.requests).toHaveLength(1);
		const [request] = run.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SOFTWAREONE_BASE}${COLLECTION}`);
		expect(request.credentialType).toBe('userInvitationBearerTokenApi');
		expect(request.body).toEqual({
			user: {
				email: 'ada@example.com',
				firstName: 'Ada',
				lastName: 'Lovelace',
				phone: { prefix: '+31', number: '612345678' },
				settings: { cultureCode: 'en-US', languageCode: 'en' },
			},
			groups: [{ id: 'UGR-1234-5678' }, { id: 'UGR-2345-6789' }],
			account: { id: 'ACC-2222-3333' },
			invitation: { status: 'Active' },
		});
	});

	it('sends only user, groups and invitation when no additional field is set', async () => {
		const run = await runNodeOk({ parameters: create(), credentials: softwareOneCredentials(), responses: [created()] });

		expect(run.requests[0].body).toEqual({
			user: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
			groups: [{ id: 'UGR-1234-5678' }],
			invitation: { status: 'Invited' },
		});
		expectNoEmptyValues(run.requests[0].body);
	});

	it('leaves out a phone or settings key that is empty, and empty additional fields altogether', async () => {
		const run = await runNodeOk({
			parameters: create(
				{ additionalFields: { accountId: '' } },
				{ phonePrefix: '+44', phoneNumber: '  ', cultureCode: '', languageCode: 'de' },
			),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		const body = run.requests[0].body as IDataObject;
		expect(body.user).toEqual({
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			phone: { prefix: '+44' },
			settings: { languageCode: 'de' },
		});
		expect(body).not.toHaveProperty('account');
		expectNoEmptyValues(body);
	});

	it('trims the text fields', async () => {
		const run = await runNodeOk({
			parameters: create({}, { email: '  ada@example.com ', firstName: ' Ada', lastName: 'Lovelace  ' }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect((run.requests[0].body as IDataObject).user).toEqual({
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
		});
	});

	it.each([
		['commas', 'UGR-1234-5678,UGR-2345-6789', ['UGR-1234-5678', 'UGR-2345-6789']],
		['commas and spaces', ' UGR-1234-5678 ,  UGR-2345-6789 ', ['UGR-1234-5678', 'UGR-2345-6789']],
		['semicolons and new lines', 'UGR-1234-5678;\nUGR-2345-6789', ['UGR-1234-5678', 'UGR-2345-6789']],
		['a repeated ID', 'UGR-1234-5678, UGR-1234-5678', ['UGR-1234-5678']],
		['an array from an expression', ['UGR-1234-5678', 'UGR-2345-6789'], ['UGR-1234-5678', 'UGR-2345-6789']],
		['an array of group objects', [{ id: 'UGR-1234-5678' }, { id: 'UGR-2345-6789', name: 'x' }], ['UGR-1234-5678', 'UGR-2345-6789']],
	])('reads groups from %s', async (_, groupIds, expected) => {
		const run = await runNodeOk({
			parameters: create({ groupIds: groupIds as INodeParameters['groupIds'] }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect((run.requests[0].body as IDataObject).groups).toEqual(expected.map((id) => ({ id })));
	});

	it.each(['Invited', 'Active'])('sends invitation status %s', async (status) => {
		const run = await runNodeOk({
			parameters: create({ invitationStatus: status }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect((run.requests[0].body as IDataObject).invitation).toEqual({ status });
	});

	it.each([
		['accountScoped', '/public/v1/accounts/ACC-9876-5432/users'],
		['accountsAccounts', '/public/v1/accounts/accounts/ACC-9876-5432/users'],
	])('POSTs to the %s family with the account in the path', async (endpointFamily, path) => {
		const run = await runNodeOk({
			parameters: create({ endpointFamily, scopeAccountId: ' ACC-9876-5432 ' }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect(run.requests[0].method).toBe('POST');
		expect(run.requests[0].url).toBe(`${SOFTWAREONE_BASE}${path}`);
	});

	it.each(['accountScoped', 'accountsAccounts'])(
		'refuses the %s family without a valid account ID and sends nothing',
		async (endpointFamily) => {
			const run = await runNode({
				parameters: create({ endpointFamily, scopeAccountId: 'acc-1' }),
				credentials: softwareOneCredentials(),
			});

			expect(run.error?.message).toBe('Account ID "acc-1" is not valid [item 0]');
			expect(run.error?.description).toContain('like ACC-1234-5678');
			expect(run.error?.description).toContain('switch Endpoints to "Account Users"');
			expect(run.requests).toHaveLength(0);
		},
	);
});

describe('Create User: the output', () => {
	it('returns the simplified user by default', async () => {
		const run = await runNodeOk({ parameters: create(), credentials: softwareOneCredentials(), responses: [created()] });

		expect(run.output).toEqual([
			{
				json: {
					id: 'AUSR-1234-5678',
					userId: 'USR-1111-2222',
					name: 'Ada Lovelace',
					email: 'ada@example.com',
					invitationStatus: 'Invited',
					invitationUrl: 'https://portal.example/invite/abc',
					accountId: 'ACC-1234-5678',
					accountName: 'Contoso',
					groupIds: ['UGR-1234-5678'],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('returns the API response unchanged with Simplify off', async () => {
		const run = await runNodeOk({
			parameters: create({ simplify: false }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect(run.output).toEqual([{ json: accountUser(), pairedItem: { item: 0 } }]);
	});

	it('creates one user per input item, in input order, each paired with its item', async () => {
		const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
		const run = await runNodeOk({
			parameters: create(),
			items: emails.map((email) => ({ email })),
			itemParameters: emails.map((email) => ({ user: mapManually({ ...ADA, email }) })),
			credentials: softwareOneCredentials(),
			// Answers arrive in reverse order; the output must still follow the input.
			respond: (request) => {
				const email = ((request.body as IDataObject).user as IDataObject).email as string;
				return {
					statusCode: 201,
					delayMs: (3 - emails.indexOf(email)) * 5,
					body: accountUser({ id: `AUSR-${email[0]}`, user: { email } }),
				};
			},
		});

		expect(run.output.map((item) => [item.json.id, item.json.email, item.pairedItem])).toEqual([
			['AUSR-a', 'a@example.com', { item: 0 }],
			['AUSR-b', 'b@example.com', { item: 1 }],
			['AUSR-c', 'c@example.com', { item: 2 }],
		]);
	});
});

describe('Create User: validation before any request', () => {
	it.each([
		['e-mail', { email: '' }, 'Email is required but empty [item 0]', 'Enter a value in "Email"'],
		['first name', { firstName: '  ' }, 'First Name is required but empty [item 0]', 'Enter a value in "First Name"'],
		['last name', { lastName: '' }, 'Last Name is required but empty [item 0]', 'Enter a value in "Last Name"'],
		['group IDs', { groupIds: ' , ' }, 'Group IDs is required but empty [item 0]', 'at least one user group ID'],
	])('rejects a missing %s', async (_, fields, message, fix) => {
		const { groupIds, ...user } = fields as INodeParameters;
		const parameters = groupIds === undefined ? create({}, user) : create({ groupIds });
		const run = await runNode({ parameters, credentials: softwareOneCredentials() });

		expect(run.error?.message).toBe(message);
		expect(run.error?.description).toContain(fix);
		expect(run.requests).toHaveLength(0);
	});

	it.each(['ada', 'ada@', 'ada@example', 'ada @example.com', 'ada@@example.com'])(
		'rejects the e-mail address %j',
		async (email) => {
			const run = await runNode({ parameters: create({}, { email }), credentials: softwareOneCredentials() });

			expect(run.error?.message).toBe(`Email "${email.trim()}" is not valid [item 0]`);
			expect(run.error?.description).toBe('Email must be an e-mail address like name@example.com.');
			expect(run.requests).toHaveLength(0);
		},
	);

	it.each(['UGR-123-5678', 'ugr-1234-5678', 'GRP-1234-5678', 'UGR-1234-5678-9'])(
		'rejects the group ID %j, naming it',
		async (bad) => {
			const run = await runNode({
				parameters: create({ groupIds: `UGR-1234-5678, ${bad}` }),
				credentials: softwareOneCredentials(),
			});

			expect(run.error?.message).toBe(`Group ID "${bad}" is not valid [item 0]`);
			expect(run.error?.description).toContain('a SoftwareOne user group ID like UGR-1234-5678');
			expect(run.requests).toHaveLength(0);
		},
	);

	it.each(['ACC-12-34', 'acc-1234-5678', 'UGR-1234-5678'])('rejects the account ID %j', async (accountId) => {
		const run = await runNode({
			parameters: create({ additionalFields: { accountId } }),
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe(`Account ID "${accountId}" is not valid [item 0]`);
		expect(run.error?.description).toBe('Account ID must be a SoftwareOne account ID like ACC-1234-5678.');
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['Phone Prefix', 'phonePrefix', 10],
		['Phone Number', 'phoneNumber', 15],
		['Culture Code', 'cultureCode', 5],
		['Language Code', 'languageCode', 5],
	])('accepts %s at its maximum length and rejects one character more', async (label, field, max) => {
		const ok = await runNodeOk({
			parameters: create({}, { [field]: '1'.repeat(max) }),
			credentials: softwareOneCredentials(),
			responses: [created()],
		});
		expect(ok.requests).toHaveLength(1);

		const run = await runNode({
			parameters: create({}, { [field]: '1'.repeat(max + 1) }),
			credentials: softwareOneCredentials(),
		});
		expect(run.error?.message).toBe(`${label} is ${max + 1} characters long; the API accepts at most ${max} [item 0]`);
		expect(run.error?.description).toBe(`Shorten "${label}" to ${max} characters or fewer.`);
		expect(run.requests).toHaveLength(0);
	});

	it('names the failing item and keeps its index in the error context', async () => {
		const run = await runNode({
			parameters: create(),
			items: [{}, {}],
			itemParameters: [undefined, { user: mapManually({ ...ADA, email: 'not-an-address' }) }],
			credentials: softwareOneCredentials(),
			responses: [created()],
		});

		expect(run.error?.message).toBe('Email "not-an-address" is not valid [item 1]');
		expect(run.error?.context?.itemIndex).toBe(1);
	});
});

describe('Create User: API answers', () => {
	it('reports a duplicate membership (409) in plain words, without retrying', async () => {
		const run = await runNode({
			parameters: create(),
			credentials: softwareOneCredentials(),
			responses: [
				{
					statusCode: 409,
					body: {
						type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
						title: 'Conflict',
						status: 409,
						detail: 'User ada@example.com is already a member of account ACC-1234-5678.',
						traceId: '00-abc-def-00',
					},
				},
			],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe('The user already exists [item 0]');
		expect(run.error?.description).toBe(
			[
				'Conflict',
				'User ada@example.com is already a member of account ACC-1234-5678.',
				'Trace ID: 00-abc-def-00',
				'Nothing was created. Use Get Many Users to find the existing user, or change the e-mail address.',
			].join('\n'),
		);
		expect(run.error?.httpCode).toBe('409');
	});

	const conflict = {
		statusCode: 409,
		body: { title: 'Conflict', status: 409, detail: 'User ada@example.com is already a member of account ACC-1234-5678.' },
	};

	it('with "Return the Existing User", a 409 becomes the existing membership, found by e-mail', async () => {
		const existing = accountUser({ id: 'AUSR-0000-0042', invitation: { status: 'Invited' } });
		const run = await runNodeOk({
			parameters: create({ ifExists: 'returnExisting' }),
			credentials: softwareOneCredentials(),
			responses: [conflict, { statusCode: 200, body: page([existing]) }],
		});

		expect(run.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
		expect(run.requests[1].url).toBe(
			`${SOFTWAREONE_BASE}${COLLECTION}?eq(user.email,"ada%40example.com")&limit=1&offset=0`,
		);
		expect(run.output).toEqual([
			expect.objectContaining({ json: expect.objectContaining({ id: 'AUSR-0000-0042', invitationStatus: 'Invited' }) }),
		]);
	});

	it('with "Return the Existing User", a 409 whose user cannot be found is still the 409 error', async () => {
		const run = await runNode({
			parameters: create({ ifExists: 'returnExisting' }),
			credentials: softwareOneCredentials(),
			responses: [conflict, { statusCode: 200, body: page([]) }],
		});

		expect(run.error?.message).toBe('The user already exists [item 0]');
		expect(run.error?.httpCode).toBe('409');
	});

	it('lists the fields a 400 names', async () => {
		const run = await runNode({
			parameters: create(),
			credentials: softwareOneCredentials(),
			responses: [
				{
					statusCode: 400,
					body: {
						title: 'One or more validation errors occurred.',
						status: 400,
						errors: { 'user.email': ['The Email field is not a valid e-mail address.'], groups: ['Unknown group.'] },
					},
				},
			],
		});

		expect(run.error?.message).toBe('The API rejected the request as invalid [item 0]');
		expect(run.error?.description).toContain('user.email: The Email field is not a valid e-mail address.');
		expect(run.error?.description).toContain('groups: Unknown group.');
		expect(run.error?.description).toContain('Correct the fields named below');
	});
});

describe('Create User: never creates twice', () => {
	it('after a dropped connection, returns the user the first attempt created instead of posting again', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: create({}, { email: 'ada+new@example.com' }),
			credentials: softwareOneCredentials(),
			responses: [
				{ networkError: 'ECONNRESET' },
				{ statusCode: 200, body: page([accountUser({ user: { email: 'ADA+new@example.com' } })]) },
			],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
			`POST ${COLLECTION}?`,
			`GET ${COLLECTION}?eq(user.email,"ada%2Bnew%40example.com")&limit=1&offset=0`,
		]);
		expect(run.output[0].json.id).toBe('AUSR-1234-5678');
	});

	it('posts again when the check finds no such user (the first attempt did nothing)', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: create(),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 504, body: '' }, { statusCode: 200, body: page([]) }, created()],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
		expect(run.requests[2].body).toEqual(run.requests[0].body);
	});

	it('does not take a membership of another account as proof that the user was created', async () => {
		// The request asked for ACC-2222-3333;
		// a membership of the same person in ACC-1234-5678 is not the one this request would have made.
		const run = await runNodeWithFakeTimers({
			parameters: create({ additionalFields: { accountId: 'ACC-2222-3333' } }),
			credentials: softwareOneCredentials(),
			responses: [
				{ networkError: 'ECONNRESET' },
				{ statusCode: 200, body: page([accountUser({ account: { id: 'ACC-1234-5678' } })]) },
				created({ account: { id: 'ACC-2222-3333', name: 'Fabrikam' } }),
			],
		});

		expect(run.output[0]?.json.accountId).toBe('ACC-2222-3333');
	});
});

describe('Create User: Map Automatically', () => {
	const auto = (parameters: INodeParameters = {}) => create({ user: MAP_AUTOMATICALLY, ...parameters });

	it('reads each item\'s documented fields directly and sends them', async () => {
		const run = await runNodeOk({
			parameters: auto(),
			items: [
				{ email: 'a@example.com', firstName: 'Ann', lastName: 'Able', phonePrefix: '+31', phoneNumber: 612345678, department: 'HR' },
				{ email: 'b@example.com', firstName: 'Bob', lastName: 'Baker', languageCode: 'nl' },
			],
			credentials: softwareOneCredentials(),
			respond: { statusCode: 201, body: accountUser() },
		});

		expect(run.requests.map((request) => (request.body as IDataObject).user)).toEqual([
			{ email: 'a@example.com', firstName: 'Ann', lastName: 'Able', phone: { prefix: '+31', number: '612345678' } },
			{ email: 'b@example.com', firstName: 'Bob', lastName: 'Baker', settings: { languageCode: 'nl' } },
		]);
	});

	it('a missing required field: an error naming the field and the item, before any request', async () => {
		const run = await runNode({
			parameters: auto(),
			items: [
				{ email: 'a@example.com', firstName: 'Ann', lastName: 'Able' },
				{ email: 'b@example.com', firstName: 'Bob' },
			],
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe('The input item has no field "lastName" [item 1]');
		expect(run.error?.description).toBe(
			'Map Automatically reads email, firstName, lastName (required) and phonePrefix, phoneNumber, cultureCode, languageCode from each input item. Add "lastName" to the item in a step before this node, or choose "Map Each Field Manually".',
		);
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['Email', 'email'],
		['first_name', 'firstName'],
		['phone-number', 'phoneNumber'],
	])('a field named %j instead of %j: an error that says which to rename', async (wrong, right) => {
		const item: IDataObject = { email: 'a@example.com', firstName: 'Ann', lastName: 'Able' };
		item[wrong] = item[right] ?? '612345678';
		delete item[right];
		const run = await runNode({ parameters: auto(), items: [item], credentials: softwareOneCredentials() });

		expect(run.error?.message).toBe(`The input item has no field "${right}", but one named "${wrong}" [item 0]`);
		expect(run.error?.description).toContain(`rename "${wrong}" to "${right}"`);
		expect(run.requests).toHaveLength(0);
	});

	it('validates the mapped values exactly as typed ones', async () => {
		const run = await runNode({
			parameters: auto(),
			items: [{ email: 'not-an-address', firstName: 'Ann', lastName: 'Able' }],
			credentials: softwareOneCredentials(),
		});

		expect(run.error?.message).toBe('Email "not-an-address" is not valid [item 0]');
		expect(run.requests).toHaveLength(0);
	});

	it('with Continue On Fail, only the item with the missing field fails', async () => {
		const run = await runNode({
			parameters: auto(),
			items: [{ email: 'a@example.com', firstName: 'Ann', lastName: 'Able' }, { firstName: 'Nobody' }],
			continueOnFail: true,
			credentials: softwareOneCredentials(),
			respond: { statusCode: 201, body: accountUser() },
		});

		expect(run.requests).toHaveLength(1);
		expect(run.output[1]).toEqual({ json: expect.objectContaining({ error: 'The input item has no field "email" [item 1]' }), pairedItem: { item: 1 } });
	});
});

describe('Create User: what a user reads when the answer never comes, and in Dry Run', () => {
	it('cancelled while the POST was out: the user may have been created, and is told how to check', async () => {
		const run = await runNode({ parameters: create(), credentials: softwareOneCredentials(), responses: [{ networkError: 'ERR_CANCELED' }] });

		expect(run.requests.map((r) => r.method)).toEqual(['POST']);
		expect(run.error?.message).toBe('The execution was cancelled before the API answered; the request may have been carried out [item 0]');
		expect(run.error?.description).toBe('The user ada@example.com may have been created. Run Get Many Users with this e-mail before trying again.');
	});

	it('Dry Run, the family not served: the probe\'s 404 names Create User and the Endpoints choice; nothing is created', async () => {
		const run = await runNode({
			parameters: create({ endpointFamily: 'accountUsers', options: { dryRun: true } }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 404, body: { title: 'Not Found', status: 404 } }],
		});

		expect(run.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([`GET ${COLLECTION}?limit=1&offset=0`]);
		expect(run.error?.message).toBe('Create User: this environment does not serve the "Account Users" endpoints (404) [item 0]');
		expect(run.error?.description).toContain('Change "Endpoints" to another family');
	});
});
