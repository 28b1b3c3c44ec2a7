import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	accountUser,
	boldCredentials,
	everyString,
	locator,
	mapManually,
	page,
	runNode,
	runNodeOk,
	type RecordedRequest,
	SECRET_TOKEN,
	softwareOneCredentials,
} from '../../helpers/context';

/**
 * One named test per defect of issue 11 (hostile input, hostile servers), as a user meets each:
 * the request that went out, or the error that came back instead.
 */

const softwareOne = (parameters: INodeParameters): INodeParameters => ({ resource: 'accountUser', ...parameters });
/** Update Invitation of Bold user 5; `updateFields` are the mapped Invitation fields and the send switches. */
const bold = ({ updateFields = {}, lockUserId = '5', ...parameters }: INodeParameters): INodeParameters => {
	const { sendEmail, sendSms, ...mapped } = updateFields as INodeParameters;
	return {
		resource: 'lockUser',
		operation: 'updateInvitation',
		invitation: { mappingMode: 'defineBelow', value: { userId: lockUserId, ...mapped } },
		...(sendEmail !== undefined && { sendEmail }),
		...(sendSms !== undefined && { sendSms }),
		...parameters,
	};
};
const inFuture = '2099-12-01T09:00:00';

describe('defect 1: ids made of dot segments never leave the user path', () => {
	it.each([
		['get', '..'],
		['get', '.'],
		['resendInvite', '..'],
		['resendInvite', '.'],
	])('%s with User "%s" is refused before any request, naming the field and item', async (operation, id) => {
		const run = await runNode({
			parameters: softwareOne({ operation, userId: locator(id), invitationKind: 'expired' }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe(`User "${id}" is not a valid ID [item 0]`);
	});

	it('an id that only looks like a dot segment once decoded is refused too (issue 26: letters, digits, dashes)', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('%2e%2e') }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe('User "%2e%2e" is not valid [item 0]');
	});
});

describe('issue 26: an account user ID has the documented shape, so no gateway can decode it into another path', () => {
	it.each([
		['a slash', 'AUSR-1/../../accounts'],
		['an encoded slash', 'AUSR-1%2F..%2Fx'],
		['a backslash', 'AUSR-1\\x'],
		['a space', 'AUSR 1234'],
		['a question mark', 'AUSR-1?x=1'],
		['a non-ASCII letter', 'AUSR-1234-567８'],
		['65 characters', `AUSR-${'1'.repeat(60)}`],
	])('%s: refused before any request, in every operation that takes a User', async (_case, id) => {
		for (const operation of ['get', 'resendInvite']) {
			const run = await runNode({
				parameters: softwareOne({ operation, userId: locator(id), invitationKind: 'expired' }),
				credentials: softwareOneCredentials(),
			});

			expect(run.requests).toHaveLength(0);
			expect(run.error?.message).toBe(`User ${JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id)} is not valid [item 0]`);
			expect(run.error?.description).toBe(
				'User must be an account user ID like AUSR-1234-5678: letters, digits and dashes only, at most 64 characters.',
			);
		}
	});

	it('the documented shape and 64 characters pass', async () => {
		const longest = `AUSR-${'1'.repeat(59)}`;
		const run = await runNodeOk({
			parameters: softwareOne({ operation: 'get', userId: locator(longest) }),
			credentials: softwareOneCredentials(),
			responses: [{ body: accountUser() }],
		});

		expect(run.requests[0].path).toBe(`/public/v1/accounts/account-users/${longest}`);
	});
});

describe('defect 2: no RQL injection', () => {
	it('an e-mail filter with a double quote is refused before any request', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'getAll', filters: { email: 'x"),ne(id,"y@example.com' } }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Email ".*" contains a character the API's query language cannot take \[item 0\]$/);
	});

	it('an invitation status from an expression that is not a listed value is refused', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'getAll', filters: { invitationStatus: 'Active)&limit=1000&x=(' } }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe('Invitation Status "Active)&limit=1000&x=(" is not one of the allowed values [item 0]');
		expect(run.error?.description).toBe('Use one of: Active, InvitationExpired, Invited.');
	});

	it('RQL syntax inside an e-mail stays inside the quoted string', async () => {
		const run = await runNodeOk({
			parameters: softwareOne({ operation: 'getAll', filters: { email: 'a),or(b@example.com' } }),
			credentials: softwareOneCredentials(),
			responses: [{ body: page([]) }],
		});

		const [rql] = run.requests[0].query.split('&');
		expect(rql).toBe('eq(user.email,"a%29%2Cor%28b%40example.com")');
	});
});

describe('defect 3: no secret in any text that leaves the node', () => {
	const leaks = (run: { output: unknown; error?: unknown }, secret: string) =>
		everyString(run.output).includes(secret) || everyString(run.error).includes(secret);

	it('a 2xx answer that is not JSON, echoing the request headers, is scrubbed', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678'), options: { maxRetries: 0 } }),
			credentials: softwareOneCredentials(),
			respond: { statusCode: 200, body: `<html>Authorization: Bearer ${SECRET_TOKEN}</html>` },
			continueOnFail: true,
		});

		expect(run.output[0].json.error).toBeDefined();
		expect(leaks(run, SECRET_TOKEN)).toBe(false);
	});

	it('a JSON result that echoes the token is scrubbed in the output item', async () => {
		const run = await runNodeOk({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678'), simplify: false }),
			credentials: softwareOneCredentials(),
			responses: [{ body: accountUser({ echo: { authorization: `Bearer ${SECRET_TOKEN}` } }) }],
		});

		expect(leaks(run, SECRET_TOKEN)).toBe(false);
		expect((run.output[0].json.echo as IDataObject).authorization).toBe('Bearer ***');
	});

	it.each([
		['with a double quote and a backslash', 'tok"en\\with-quote-and-backslash'],
		['of three characters', 'Zq7'],
	])('a secret %s is scrubbed from an API error', async (_, secret) => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678') }),
			credentials: softwareOneCredentials({ token: secret }),
			responses: [{ statusCode: 400, body: { title: 'Bad', detail: `You sent ${secret}`, errors: { token: [secret] } } }],
		});

		expect(leaks(run, secret)).toBe(false);
		expect(run.error?.message).toBe('The API rejected the request as invalid [item 0]');
	});

	it('a secret that a length cut would split is not half shown', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678'), options: { maxRetries: 0 } }),
			credentials: softwareOneCredentials(),
			respond: { statusCode: 200, body: `${'x'.repeat(190)}${SECRET_TOKEN}` },
			continueOnFail: true,
		});

		expect(leaks(run, SECRET_TOKEN.slice(0, 10))).toBe(false);
	});
});

describe('defect 4: the custom base URL is checked', () => {
	const custom = (customUrl: string) => softwareOneCredentials({ environment: 'custom', customUrl });
	const get = softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678') });

	it.each([
		['a query string', 'https://gw.example.com/?x=1', 'query'],
		['a fragment', 'https://gw.example.com/#top', 'fragment'],
		['a user name and password', 'https://me:pa55word@gw.example.com', 'user name or password'],
		['plain http to a remote host', 'http://gw.example.com', 'https'],
	])('refuses %s before any request', async (_, customUrl, word) => {
		const run = await runNode({ parameters: get, credentials: custom(customUrl) });

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toContain('base URL');
		expect(`${run.error?.message} ${run.error?.description}`).toContain(word);
		expect(everyString(run.error)).not.toContain('pa55word');
	});

	it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://10.1.2.3', 'http://192.168.0.9:8080', 'http://[::1]:4010'])(
		'accepts plain http to the loopback or private host %s',
		async (customUrl) => {
			const run = await runNodeOk({ parameters: get, credentials: custom(customUrl), responses: [{ body: accountUser() }] });

			expect(run.requests[0].url.startsWith(customUrl)).toBe(true);
		},
	);

	it('a network error names the origin only, not the path of the base URL', async () => {
		const run = await runNode({
			parameters: { ...get, options: { maxRetries: 0 } },
			credentials: custom('https://gw.example.com/tenant-secret-path'),
			respond: { networkError: 'ECONNREFUSED' },
			continueOnFail: true,
		});

		expect(String(run.output[0].json.description)).toContain('https://gw.example.com');
		expect(everyString(run.output)).not.toContain('tenant-secret-path');
	});
});

describe('defect 5: Return All always ends', () => {
	/** Answers like `respond`, but gives up with a 400 after `limit` requests, so a node that never stops still ends. */
	const atMost = (limit: number, respond: (request: RecordedRequest) => { body: unknown }) => {
		let count = 0;
		return (request: RecordedRequest) => (++count > limit ? { statusCode: 400, body: { title: 'probe stopped' } } : respond(request));
	};

	const same = accountUser({ id: 'AUSR-0000-0001' });
	const fullPage = (from: number) =>
		Array.from({ length: 100 }, (_, i) => accountUser({ id: `AUSR-${String(from + i).padStart(9, '0')}` }));

	it('stops with a clear error when the server ignores offset and sends no total', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'getAll', returnAll: true }),
			credentials: softwareOneCredentials(),
			respond: atMost(10, () => ({ body: { data: Array.from({ length: 100 }, () => same) } })),
		});

		expect(run.requests.length).toBeLessThanOrEqual(2);
		expect(run.error?.message).toMatch(/same users again.*\[item 0\]$/);
	});

	it('stops when the server answers a different offset than the one asked for', async () => {
		let call = 0;
		const run = await runNode({
			parameters: softwareOne({ operation: 'getAll', returnAll: true }),
			credentials: softwareOneCredentials(),
			respond: atMost(10, () => {
				const data = fullPage(call * 100);
				call++;
				return { body: { $meta: { pagination: { offset: 0, limit: 100 } }, data } };
			}),
		});

		expect(run.requests.length).toBe(2);
		expect(run.error?.message).toMatch(/offset.*\[item 0\]$/);
	});

	it('stops at a hard cap of pages however the server answers', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'getAll', returnAll: true }),
			credentials: softwareOneCredentials(),
			respond: atMost(510, (request: RecordedRequest) => {
				const offset = Number(/offset=(\d+)/.exec(request.query)?.[1]);
				return { body: { data: fullPage(offset) } };
			}),
		});

		expect(run.requests.length).toBe(500);
		expect(run.error?.message).toMatch(/50000 users.*\[item 0\]$/);
	});
});

describe('defect 6: values from expressions are never coerced silently', () => {
	it.each([
		['true', true],
		['TRUE', true],
		[' False ', undefined],
		[true, true],
	])('Send Email %j is read as a boolean (sent only when on: %s)', async (sendEmail, expected) => {
		const run = await runNodeOk({
			parameters: bold({ updateFields: { sendEmail, language: 'de' } }),
			credentials: boldCredentials(),
			responses: [{ body: { id: 5 } }],
		});

		expect((run.requests[0].body as IDataObject).sendEmail).toBe(expected);
	});

	it.each([1, 'yes', ['true'], {}])('Send SMS %j is an error naming the field and item', async (sendSms) => {
		const run = await runNode({
			parameters: bold({ updateFields: { sendSms } }),
			credentials: boldCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Send SMS .* is not true or false \[item 0\]$/);
	});

	it.each([
		['Email', softwareOne({ operation: 'getAll', filters: { email: ['ada@example.com'] } })],
		['User', softwareOne({ operation: 'get', userId: locator(['AUSR-1234-5678'] as unknown as string) })],
		['User ID', bold({ invitation: { mappingMode: 'defineBelow', value: { userId: ['5'] } }, sendEmail: true })],
	])('a one-element list for %s is refused, not unwrapped', async (label, parameters) => {
		const run = await runNode({
			parameters,
			credentials: parameters.resource === 'lockUser' ? boldCredentials() : softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe(`${label} must be one value, not a list [item 0]`);
	});

	it.each([
		['Concurrency', { concurrency: 1000 }, 50],
		['Max Retries', { maxRetries: 21 }, 20],
		['Max Retry Wait (Seconds)', { maxRetryWait: 100000 }, 3600],
		['Timeout (Seconds)', { timeout: 100000 }, 600],
	])('%s above its ceiling is refused', async (label, options, max) => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678'), options }),
			credentials: softwareOneCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(new RegExp(`^${label.replace(/[()]/g, '\\$&')} .* at most ${max} \\[item 0\\]$`));
	});
});

describe('defect 7: Bold expirations the API refuses never go out', () => {
	it.each([
		['an offset without a colon', `${inFuture}+0100`],
		['a lower-case z', `${inFuture}z`],
		['an offset beyond +14:00', `${inFuture}+14:30`],
		['an offset beyond -14:00', `${inFuture}-15:00`],
	])('refuses %s before any request', async (_, expiration) => {
		const run = await runNode({
			parameters: bold({ updateFields: { expiration } }),
			credentials: boldCredentials(),
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Expiration .* \[item 0\]$/);
		expect(run.error?.description).toContain('±HH:MM');
	});

	it.each([`${inFuture}+14:00`, `${inFuture}-14:00`, `${inFuture}Z`, `${inFuture}.123+05:30`])('sends %s as written', async (expiration) => {
		const run = await runNodeOk({
			parameters: bold({ updateFields: { expiration } }),
			credentials: boldCredentials(),
			responses: [{ body: { id: 5 } }],
		});

		expect((run.requests[0].body as IDataObject).expiration).toBe(expiration);
	});
});

describe('defect 9: API error texts name the item, fit the operation and carry the status', () => {
	const created = {
		user: { mappingMode: 'defineBelow', value: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' } },
		groupIds: 'UGR-1234-5678',
	};

	it('a 404 on Create User says the endpoints are not served, not that a user is missing', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'create', endpointFamily: 'accountUsers', ...created }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 404, body: { title: 'Not Found', status: 404 } }],
		});

		expect(run.error?.message).toMatch(/^Create User: this environment does not serve the "Account Users" endpoints \(404\) \[item 0\]$/);
		expect(run.error?.description).toContain('Endpoints');
		expect(run.error?.description).toContain('the account-scoped families need the Account ID, the node\'s or the credential\'s');
		expect(run.error?.httpCode).toBe('404');
	});

	it('a 409 on Create User says the user exists, with the item', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'create', ...created }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 409, body: { title: 'Conflict', status: 409 } }],
		});

		expect(run.error?.message).toBe('The user already exists [item 0]');
		expect(run.error?.httpCode).toBe('409');
	});

	it('a 404 on Resend Invite names the user that does not exist', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'resendInvite', invitationKind: 'expired', userId: locator('AUSR-9999-9999') }),
			items: [{}, {}],
			itemParameters: [{ userId: locator('AUSR-1234-5678') }],
			credentials: softwareOneCredentials(),
			respond: (request: RecordedRequest) =>
				request.path.includes('AUSR-9999-9999')
					? { statusCode: 404, body: { title: 'Not Found', status: 404, detail: 'Account user AUSR-9999-9999 not found.' } }
					: { body: accountUser() },
			continueOnFail: true,
		});

		expect(run.output[1].json).toMatchObject({
			error: 'User AUSR-9999-9999 was not found [item 1]',
			httpCode: '404',
		});
	});

	it('"may have been carried out" errors carry the HTTP status', async () => {
		const run = await runNode({
			parameters: bold({ updateFields: { sendEmail: true } }),
			credentials: boldCredentials(),
			responses: [{ statusCode: 502, body: 'Bad gateway' }],
			continueOnFail: true,
		});

		expect(run.requests).toHaveLength(1);
		expect(run.output[0].json).toMatchObject({ httpCode: '502' });
		expect(String(run.output[0].json.error)).toMatch(/may have been carried out \[item 0\]$/);
	});
});

describe('defect 8: the default Endpoints work where the seed family is gone', () => {
	const created = {
		user: { mappingMode: 'defineBelow', value: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' } },
		groupIds: 'UGR-1234-5678',
	};
	const NEWER = '/public/v1/accounts/accounts/ACC-1234-5678/users';
	/** The live platform by the vendor's client: the seed family answers 404, the newer account-scoped path serves. */
	const livePlatform = (request: RecordedRequest) => {
		if (!request.path.startsWith(NEWER)) return { statusCode: 404, body: { title: 'Not Found', status: 404 } };
		if (request.method === 'POST') return { statusCode: 201, body: accountUser({ id: 'AUSR-0000-0042' }) };
		if (request.path === NEWER) return { body: page([accountUser()]) };
		return { body: accountUser() };
	};

	it('Auto-detect is the default', async () => {
		const { UserInvitation } = await import('../../../nodes/UserInvitation/UserInvitation.node');
		const field = new UserInvitation().description.properties.find((p) => p.name === 'endpointFamily');
		expect(field?.default).toBe('auto');
	});

	it('Create User on a 404 for the seed path finds the served family once per run, creates on it and says which', async () => {
		const run = await runNodeOk({
			parameters: softwareOne({ operation: 'create', scopeAccountId: 'ACC-1234-5678', ...created }),
			items: [{}, {}],
			itemParameters: [undefined, { user: { mappingMode: 'defineBelow', value: { firstName: 'Ada', lastName: 'Lovelace', email: 'bob@example.com' } } }],
			credentials: softwareOneCredentials(),
			respond: livePlatform,
		});

		const posts = run.requests.filter((r) => r.method === 'POST');
		expect(posts.filter((r) => r.path === NEWER)).toHaveLength(2);
		// One probe per family and run, not one per item.
		const probes = run.requests.filter((r) => r.method === 'GET' && r.query === 'limit=1&offset=0');
		expect(probes.map((r) => r.path)).toEqual(['/public/v1/accounts/account-users', NEWER]);
		expect(run.output.map((item) => item.json.endpoints)).toEqual(['Account-Scoped (Newer Path)', 'Account-Scoped (Newer Path)']);
	});

	it('takes the account from Create User\'s Additional Fields when Account ID is empty', async () => {
		const run = await runNodeOk({
			parameters: softwareOne({ operation: 'create', ...created, additionalFields: { accountId: 'ACC-1234-5678' } }),
			credentials: softwareOneCredentials(),
			respond: livePlatform,
		});

		expect(run.requests.some((r) => r.method === 'POST' && r.path === NEWER)).toBe(true);
		expect(run.output[0].json.endpoints).toBe('Account-Scoped (Newer Path)');
	});

	it('without any account ID, a route-missing 404 says so and never reads as "user not found"', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-1234-5678') }),
			credentials: softwareOneCredentials(),
			respond: livePlatform,
		});

		expect(run.error?.message).toBe('No SoftwareOne endpoints answer at this base URL (404 from "Account Users") [item 0]');
		expect(run.error?.message).not.toContain('was not found');
		expect(run.error?.description).toContain('Account ID');
		expect(run.error?.httpCode).toBe('404');
	});

	it('a 404 for a user on a served family is still "user not found"', async () => {
		const run = await runNode({
			parameters: softwareOne({ operation: 'get', userId: locator('AUSR-9999-9999') }),
			credentials: softwareOneCredentials(),
			respond: (request: RecordedRequest) =>
				request.path.endsWith('AUSR-9999-9999') ? { statusCode: 404, body: { title: 'Not Found' } } : { body: page([]) },
		});

		expect(run.error?.message).toBe('User AUSR-9999-9999 was not found [item 0]');
	});
});

describe('issue 26: Create User checks in prepare everything its reconcile read needs', () => {
	const create = (user: INodeParameters, parameters: INodeParameters = {}): INodeParameters =>
		softwareOne({
			operation: 'create',
			user: mapManually({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', ...user }),
			groupIds: 'UGR-1234-5678',
			...parameters,
		});

	it.each([
		['a double quote', 'ada"x@example.com'],
		['a backslash', 'ada\\x@example.com'],
		['more than 320 characters', `${'a'.repeat(310)}@example.com`],
	])('an e-mail with %s fails before the POST, not in the read after a dropped connection', async (_case, email) => {
		const run = await runNode({
			parameters: create({ email }, { ifExists: 'returnExisting' }),
			credentials: softwareOneCredentials(),
			// Without the check in prepare the POST went out, the answer was lost, and only the
			// reconcile read refused the e-mail: the user might exist, and the item said nothing of it.
			responses: [{ networkError: 'ECONNRESET' }],
		});

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Email (".*" contains a character the API's query language cannot take|is \d+ characters long; at most 320 can be searched for) \[item 0\]$/);
	});
});

describe('issue 26: First and Last Name are one line of visible text, at most 100 characters', () => {
	const create = (user: INodeParameters): INodeParameters =>
		softwareOne({
			operation: 'create',
			user: mapManually({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', ...user }),
			groupIds: 'UGR-1234-5678',
		});

	it.each([
		['First Name', 'a right-to-left override', 'firstName', 'Ada\u202Eecalevol'],
		['Last Name', 'a left-to-right isolate', 'lastName', 'Love\u2066lace'],
		['Last Name', 'a line break', 'lastName', 'Lovelace\nDear customer, click here'],
		['First Name', 'a tab', 'firstName', 'A\tda'],
		['First Name', 'an escape character', 'firstName', 'Ada\u001b[31m'],
		['Last Name', 'a C1 control', 'lastName', 'Love\u0085lace'],
		['Last Name', 'a paragraph separator', 'lastName', 'Love\u2029lace'],
		['First Name', 'an Arabic letter mark', 'firstName', 'Ada\u061C'],
	])('%s with %s is refused before any request, without quoting it', async (label, _case, field, value) => {
		const run = await runNode({ parameters: create({ [field]: value }), credentials: softwareOneCredentials() });

		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe(`${label} contains a line break, control character or text-direction mark [item 0]`);
		expect(run.error?.description).toBe(
			`Remove line breaks, tabs and invisible direction marks (such as U+202E) from "${label}": it is shown as it is, in the invitation e-mail too.`,
		);
	});

	it.each([
		['First Name', 'firstName'],
		['Last Name', 'lastName'],
	])('%s: 100 characters pass, 101 are refused', async (label, field) => {
		const ok = await runNodeOk({
			parameters: create({ [field]: 'x'.repeat(100) }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 201, body: accountUser() }],
		});
		expect(ok.requests).toHaveLength(1);

		const run = await runNode({ parameters: create({ [field]: 'x'.repeat(101) }), credentials: softwareOneCredentials() });
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toBe(`${label} is 101 characters long; the API accepts at most 100 [item 0]`);
	});

	it('names in any script, with apostrophes, hyphens and spaces, pass as they are', async () => {
		const run = await runNodeOk({
			parameters: create({ firstName: 'Zoë Anne-Marie', lastName: "O'Brien 李 محمد" }),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 201, body: accountUser() }],
		});

		expect((run.requests[0].body as { user: IDataObject }).user).toMatchObject({ firstName: 'Zoë Anne-Marie', lastName: "O'Brien 李 محمد" });
	});
});
