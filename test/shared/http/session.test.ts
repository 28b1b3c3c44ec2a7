import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import {
	type ApiPath,
	type ApiQuery,
	ApiSession,
	type ApiRequest,
	type Connection,
	DEFAULT_RETRY_SETTINGS,
	type RetrySettings,
} from '../../../nodes/shared/http/session';
import {
	createContext,
	everyString,
	SECRET_API_KEY,
	SECRET_TOKEN,
	type MockContext,
	type Scripted,
} from '../../helpers/context';

const NOW = Date.parse('2026-03-01T12:00:00Z');

const connection: Connection = {
	credentialType: 'userInvitationBearerTokenApi',
	credential: { id: 'cred-1', name: 'SoftwareOne', type: 'userInvitationBearerTokenApi', data: { token: 'read-once' } },
	baseUrl: 'https://api.example.com',
	service: 'softwareOne',
	secrets: [SECRET_TOKEN, SECRET_API_KEY],
};

const GET: ApiRequest = { method: 'GET', path: '/public/v1/accounts/account-users/AUSR-1' as ApiPath, safety: 'idempotent', itemIndex: 0 };
const POST: ApiRequest = { method: 'POST', path: '/public/v1/accounts/account-users' as ApiPath, body: { a: 1 }, safety: 'unsafe', itemIndex: 0 };

type Outcome = { value?: unknown; error?: NodeApiError & { description?: string } };

/**
 * Sends requests through one ApiSession under jest's fake clock; `random` is pinned so that a
 * back-off without Retry-After waits exactly its ceiling.
 */
async function session(
	responses: Scripted[],
	requests: Array<ApiRequest | (() => Promise<ApiRequest>)>,
	settings: Partial<RetrySettings> = {},
	/** When (on the fake clock) the execution is cancelled, as n8n's getExecutionCancelSignal() tells it. */
	cancelAfterMs?: number,
): Promise<{ mock: MockContext; outcomes: Outcome[]; times: number[] }> {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: NOW });
	try {
		const mock = createContext({ responses, respond: { statusCode: 200, body: { ok: true } } });
		if (cancelAfterMs !== undefined) {
			const cancel = new AbortController();
			setTimeout(() => cancel.abort(), cancelAfterMs);
			Object.assign(mock.ctx, { getExecutionCancelSignal: () => cancel.signal });
		}
		const api = new ApiSession(mock.ctx, connection, { ...DEFAULT_RETRY_SETTINGS, ...settings }, () => 1);
		let done = false;
		const running = Promise.all(
			requests.map(async (entry) => {
				const request = typeof entry === 'function' ? await entry() : entry;
				try {
					return { value: await api.request(request) };
				} catch (error) {
					return { error: error as Outcome['error'] };
				}
			}),
		).finally(() => {
			done = true;
		});
		while (!done) await jest.advanceTimersByTimeAsync(25);
		const outcomes = await running;
		return { mock, outcomes, times: mock.requests.map((r) => r.at - NOW) };
	} finally {
		jest.useRealTimers();
	}
}

const later = (ms: number, request: ApiRequest) => async () => {
	await new Promise((resolve) => setTimeout(resolve, ms));
	return request;
};

const problem = (status: number, extra: IDataObject = {}) => ({ statusCode: status, body: { title: 'T', status, ...extra } });

describe('transport: the request it sends', () => {
	it('builds the URL from base, path and the raw query, and asks for JSON without failing on HTTP errors', async () => {
		const { mock } = await session([{ body: {} }], [{ ...GET, query: 'eq(a,"b")&limit=1' as ApiQuery }]);

		expect(mock.requests[0].url).toBe('https://api.example.com/public/v1/accounts/account-users/AUSR-1?eq(a,"b")&limit=1');
		expect(mock.requests[0].options).toMatchObject({
			method: 'GET',
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		});
		expect(mock.requests[0].options).not.toHaveProperty('body');
		expect(mock.requests[0].credentialType).toBe('userInvitationBearerTokenApi');
	});

	it('hands every request the credential read at the start of the run, so n8n does not decrypt it again', async () => {
		const { mock } = await session([{ body: {} }, { body: {} }], [GET, POST]);

		expect(mock.requests.map((request) => request.credential)).toEqual([connection.credential, connection.credential]);
	});

	it('parses a JSON body that came as text, and turns an empty 2xx into {}', async () => {
		const { outcomes } = await session(
			[{ body: '{"id":"AUSR-1"}', headers: { 'content-type': 'text/plain' } }, { statusCode: 204, body: '' }],
			[GET, GET],
		);

		expect(outcomes.map((o) => o.value)).toEqual([{ id: 'AUSR-1' }, {}]);
	});
});

describe('transport: retries', () => {
	it.each([429, 503])('%i is retried after the seconds Retry-After names', async (status) => {
		const { mock, outcomes, times } = await session(
			[{ statusCode: status, headers: { 'Retry-After': '3' }, body: {} }, { body: { id: 1 } }],
			[POST],
		);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(mock.requests).toHaveLength(2);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(3000);
		expect(times[1] - times[0]).toBeLessThan(3100);
	});

	it('honours a Retry-After given as an HTTP date', async () => {
		const at = new Date(NOW + 8000).toUTCString();
		const { outcomes, times } = await session(
			[{ statusCode: 429, headers: { 'retry-after': at }, body: {} }, { body: { id: 1 } }],
			[GET],
		);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(times[1]).toBeGreaterThanOrEqual(8000);
		expect(times[1]).toBeLessThan(8100);
	});

	it('backs off exponentially when no Retry-After is given', async () => {
		const { times } = await session(
			[problem(503), problem(503), problem(503), { body: {} }],
			[GET],
			{ backoffBaseMs: 100 },
		);

		const waits = times.slice(1).map((t, i) => t - times[i]);
		expect(waits.map((wait) => Math.floor(wait / 50) * 50)).toEqual([100, 200, 400]);
	});

	it('one 429 pauses every request of the run, not only the one that got it', async () => {
		const { mock, times } = await session(
			[{ statusCode: 429, headers: { 'Retry-After': '5' }, body: {} }],
			[GET, later(1000, { ...GET, path: '/other' as ApiPath })],
		);

		const other = mock.requests.findIndex((r) => r.path === '/other');
		expect(times[other]).toBeGreaterThanOrEqual(5000);
	});

	it('429s to requests already in flight do not push the pause further out; the two leave apart', async () => {
		// Both requests leave at 0 ms; the second 429 arrives 300 ms after the first. One pause of 1 s
		// from the first answer is what the API asked for; the second answer carries no news. After
		// the pause the run is paced: the two retries do not leave at the same moment.
		const { times } = await session(
			[
				{ statusCode: 429, headers: { 'Retry-After': '1' }, body: {} },
				{ statusCode: 429, headers: { 'Retry-After': '1' }, body: {}, delayMs: 300 },
			],
			[GET, { ...GET, path: '/other' as ApiPath }],
		);

		expect(times.slice(0, 3)).toEqual([0, 0, 1000]);
		expect(times[3]).toBeGreaterThan(1000);
		expect(times[3]).toBeLessThanOrEqual(2000);
	});

	it.each([
		['502', { statusCode: 502, body: '' }],
		['504', { statusCode: 504, body: '' }],
		['a reset connection', { networkError: 'ECONNRESET' }],
		['a timeout', { networkError: 'ECONNABORTED', message: 'timeout of 30000ms exceeded' }],
		['an unreadable 200', { statusCode: 200, body: '{"broken": ' }],
	] as Array<[string, Scripted]>)('an idempotent request is retried after %s', async (_, failure) => {
		const { mock, outcomes } = await session([failure, { body: { id: 1 } }], [GET]);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(mock.requests).toHaveLength(2);
	});

	it.each([
		['502', { statusCode: 502, body: '' }],
		['504', { statusCode: 504, body: '' }],
		['a reset connection', { networkError: 'ECONNRESET' }],
		['a timeout', { networkError: 'ETIMEDOUT' }],
		['an unknown transport failure', { networkError: 'WHATEVER' }],
		['an unreadable 201', { statusCode: 201, body: '<html>' }],
	] as Array<[string, Scripted]>)('an unsafe request is not sent again blindly after %s', async (_, failure) => {
		const { mock, outcomes } = await session([failure, { body: { id: 1 } }], [POST]);

		expect(mock.requests).toHaveLength(1);
		expect(outcomes[0].error?.message).toMatch(/; the request may have been carried out \[item 0\]$/);
		expect(outcomes[0].error?.description).toBe(
			'The API may have processed the request before the connection failed. Check the result before running this item again.',
		);
	});

	it('an unsafe request asks reconcile first, and returns what it found', async () => {
		const reconcile = jest.fn(async () => ({ id: 'found' }));
		const { mock, outcomes } = await session([{ networkError: 'ECONNRESET' }], [{ ...POST, reconcile }]);

		expect(reconcile).toHaveBeenCalledTimes(1);
		expect(outcomes[0].value).toEqual({ id: 'found' });
		expect(mock.requests).toHaveLength(1);
	});

	it('an unsafe request is sent again only when reconcile finds nothing', async () => {
		const reconcile = jest.fn(async () => undefined);
		const { mock, outcomes } = await session([{ statusCode: 504, body: '' }, { body: { id: 2 } }], [{ ...POST, reconcile }]);

		expect(reconcile).toHaveBeenCalledTimes(1);
		expect(outcomes[0].value).toEqual({ id: 2 });
		expect(mock.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
	});

	it.each([
		['refused', 'ECONNREFUSED'],
		['unknown host', 'ENOTFOUND'],
	])('an unsafe request is retried when the connection was %s: nothing reached the server', async (_, code) => {
		const { mock, outcomes } = await session([{ networkError: code }, { body: { id: 1 } }], [POST]);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(mock.requests).toHaveLength(2);
	});

	it.each([400, 401, 403, 404, 405, 409, 422, 500])('%i is never retried', async (status) => {
		const { mock, outcomes } = await session([problem(status), { body: {} }], [GET]);

		expect(mock.requests).toHaveLength(1);
		expect(outcomes[0].error?.httpCode).toBe(String(status));
	});

	it('gives up after Max Retries and says how often it tried', async () => {
		const { mock, outcomes } = await session(
			Array.from({ length: 10 }, () => ({ statusCode: 429, headers: { 'Retry-After': '1' }, body: {} })),
			[GET],
			{ maxRetries: 2 },
		);

		expect(mock.requests).toHaveLength(3);
		expect(outcomes[0].error?.message).toBe('The API\'s rate limit was reached (too many requests) (after 3 attempts) [item 0]');
		expect(outcomes[0].error?.description).toContain('Lower Concurrency, raise Max Retries or Max Retry Wait');
	});

	it('with Max Retries 0 sends once', async () => {
		const { mock, outcomes } = await session([problem(503), { body: {} }], [GET], { maxRetries: 0 });

		expect(mock.requests).toHaveLength(1);
		expect(outcomes[0].error?.message).toBe('The API had a server error (503) [item 0]');
	});

	it('fails at once when Retry-After asks for longer than Max Retry Wait', async () => {
		const { mock, outcomes, times } = await session(
			[{ statusCode: 429, headers: { 'Retry-After': '120' }, body: {} }, { body: {} }],
			[GET],
			{ maxRetryWaitMs: 60_000 },
		);

		expect(mock.requests).toHaveLength(1);
		expect(times).toEqual([0]);
		expect(outcomes[0].error?.httpCode).toBe('429');
	});

	it('a Retry-After exactly as long as Max Retry Wait is waited for, and the request retried', async () => {
		const { mock, outcomes, times } = await session(
			[{ statusCode: 429, headers: { 'Retry-After': '5' }, body: {} }, { body: { id: 1 } }],
			[GET],
			{ maxRetryWaitMs: 5000 },
		);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(mock.requests).toHaveLength(2);
		expect(times[1]).toBeGreaterThanOrEqual(5000);
	});

	it('one 503 holds every request of the run for its Retry-After, not only the one that got it', async () => {
		const { mock, outcomes, times } = await session(
			[{ statusCode: 503, headers: { 'Retry-After': '5' }, body: {} }],
			[GET, later(1000, { ...GET, path: '/other' as ApiPath })],
		);

		const other = mock.requests.findIndex((r) => r.path === '/other');
		expect(times[other]).toBeGreaterThanOrEqual(5000);
		expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined]);
	});

	it('says that the asked wait was too long, instead of claiming it retried', async () => {
		// The user must be able to tell that Retry-After (120 s) exceeded Max Retry Wait (60 s).
		const { outcomes } = await session(
			[{ statusCode: 429, headers: { 'Retry-After': '120' }, body: {} }],
			[GET],
			{ maxRetryWaitMs: 60_000 },
		);
		const error = outcomes[0].error;

		expect(error?.message).not.toContain('after every retry');
		expect(`${error?.message}\n${error?.description}`).toMatch(/\b120 ?s/);
	});
});

describe('transport: error messages', () => {
	it.each([
		[400, 'The API rejected the request as invalid', 'Correct the fields named below and run the node again.'],
		[401, 'The API did not accept the credential (wrong or expired token or key)', 'Open the credential, paste a valid token or API key, and press Test.'],
		[403, 'The credential is not allowed to do this', 'Use a token or key whose account has the rights for this action'],
		[404, 'The API found nothing at this address (404)', 'Check the ID, and that the credential points at the environment where the record exists.'],
		[409, 'The API reported a conflict with an existing record (409)', 'Nothing was changed.'],
		[500, 'The API had a server error (500)', 'This is on the service side.'],
		[418, 'The API answered with status 418', 'See the details below.'],
	])('%i: %s', async (status, message, fix) => {
		const { outcomes } = await session([{ statusCode: status, body: '' }], [GET]);

		expect(outcomes[0].error).toBeInstanceOf(NodeApiError);
		expect(outcomes[0].error?.message).toBe(`${message} [item 0]`);
		expect(outcomes[0].error?.description).toContain(fix);
		expect(outcomes[0].error?.httpCode).toBe(String(status));
	});

	it.each([502, 503, 504])('%i after the last retry is a server error', async (status) => {
		const { outcomes } = await session([{ statusCode: status, body: '' }], [GET], { maxRetries: 0 });

		expect(outcomes[0].error?.message).toBe(`The API had a server error (${status}) [item 0]`);
	});

	it('SoftwareOne problem details: title, detail, the errors map by field, trace ID, then the fix', async () => {
		const { outcomes } = await session(
			[
				problem(400, {
					title: 'One or more validation errors occurred.',
					detail: 'See errors.',
					traceId: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
					errors: { 'user.email': ['Required.', 'Must be an e-mail.'], groups: 'At least one.' },
				}),
			],
			[POST],
		);

		expect(outcomes[0].error?.description).toBe(
			[
				'One or more validation errors occurred.',
				'See errors.',
				'user.email: Required.; Must be an e-mail.',
				'groups: At least one.',
				'Trace ID: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
				'Correct the fields named below and run the node again.',
			].join('\n'),
		);
	});

	it('SoftwareOne problem details with an errors list', async () => {
		const { outcomes } = await session(
			[problem(400, { title: 'Bad Request', errors: [{ message: 'Group UGR-0000-0000 does not exist.', id: 'E1' }, { id: 'E2' }] })],
			[POST],
		);

		expect(outcomes[0].error?.description?.split('\n')).toEqual([
			'Bad Request',
			'Group UGR-0000-0000 does not exist.',
			'{"id":"E2"}',
			'Correct the fields named below and run the node again.',
		]);
	});

	it('Bold error body: message, error code', async () => {
		const { outcomes } = await session(
			[{ statusCode: 400, body: { message: 'Invalid roles', code: 400, errorMessage: 'Invalid roles', errorCode: 'invalidRolesError' } }],
			[{ ...POST, method: 'PUT' }],
		);

		expect(outcomes[0].error?.description?.split('\n')).toEqual([
			'Invalid roles',
			'Error code: invalidRolesError',
			'Correct the fields named below and run the node again.',
		]);
	});

	it('an error body that is not JSON is quoted as text', async () => {
		const { outcomes } = await session([{ statusCode: 403, body: '<h1>Forbidden by WAF</h1>' }], [GET]);

		expect(outcomes[0].error?.description?.split('\n')[0]).toBe('<h1>Forbidden by WAF</h1>');
	});

	it('a 2xx body that is not JSON says so and points at the base URL', async () => {
		const { outcomes } = await session(
			Array.from({ length: 3 }, () => ({ statusCode: 200, body: '<!doctype html><title>Login</title>' })),
			[GET],
			{ maxRetries: 2 },
		);

		expect(outcomes[0].error?.message).toBe('The API answered with a body that is not valid JSON [item 0]');
		expect(outcomes[0].error?.description).toBe(
			"Status 200; the body starts with: <!doctype html><title>Login</title>. Check that the credential's base URL points at the API, not at a web page or proxy.",
		);
	});

	it('a timeout names the timeout and the fix', async () => {
		const { outcomes } = await session(
			Array.from({ length: 2 }, () => ({ networkError: 'ECONNABORTED' })),
			[GET],
			{ maxRetries: 1, timeoutMs: 12_000 },
		);

		expect(outcomes[0].error?.message).toBe('The API did not answer within 12 s [item 0]');
		expect(outcomes[0].error?.description).toBe(
			'Raise Timeout in the node options, or run again later. Network error code: ECONNABORTED.',
		);
	});

	it.each([
		['ECONNREFUSED', 'The API refused the connection'],
		['ECONNRESET', 'The API closed the connection before answering'],
		['ENOTFOUND', "The API's host name could not be found"],
		['EHOSTUNREACH', 'The connection to the API failed'],
	])('%s: our own words (not n8n\'s generic text), the code and the base URL to check', async (code, message) => {
		const { outcomes } = await session(
			Array.from({ length: 2 }, () => ({ networkError: code })),
			[GET],
			{ maxRetries: 1 },
		);

		expect(outcomes[0].error?.message).toBe(`${message} [item 0]`);
		expect(outcomes[0].error?.description).toBe(
			`Check the credential's base URL (https://api.example.com) and the network between n8n and the API. Network error code: ${code}.`,
		);
	});

	it('a network code that n8n\'s request helper wrapped in a cause is still found and named', async () => {
		// n8n wraps the socket error: the code sits one or two causes down, not on the error itself.
		const wrapped = () => {
			throw Object.assign(new Error('Request failed'), {
				code: 'not a network code',
				cause: { message: 'connect failed', cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) },
			});
		};
		const { outcomes } = await session([wrapped, wrapped], [GET], { maxRetries: 1 });

		expect(outcomes[0].error?.message).toBe('The API refused the connection [item 0]');
		expect(outcomes[0].error?.description).toContain('Network error code: ECONNREFUSED.');
	});

	it('a timeout that arrives without a code (only axios\'s message) is still told as a timeout', async () => {
		const timedOut = () => {
			throw new Error('timeout of 12000ms exceeded');
		};
		const { outcomes } = await session([timedOut, timedOut], [GET], { maxRetries: 1, timeoutMs: 12_000 });

		expect(outcomes[0].error?.message).toBe('The API did not answer within 12 s [item 0]');
		expect(outcomes[0].error?.description).toContain('Network error code: ECONNABORTED.');
	});

	it('an error whose cause points back at itself ends as an unknown connection failure', async () => {
		const looped = () => {
			const error = Object.assign(new Error('odd'), { cause: undefined as unknown });
			error.cause = error;
			throw error;
		};
		const { outcomes } = await session([looped, looped], [GET], { maxRetries: 1 });

		expect(outcomes[0].error?.message).toBe('The connection to the API failed [item 0]');
		expect(outcomes[0].error?.description).toContain('Network error code: UNKNOWN.');
	});

	it('a 3xx answer is an error with its status, never a result', async () => {
		const { outcomes } = await session([{ statusCode: 300, body: { choices: [] } }], [GET]);

		expect(outcomes[0].value).toBeUndefined();
		expect(outcomes[0].error?.httpCode).toBe('300');
	});

	it('a long page that is not JSON is quoted by its first 200 characters only', async () => {
		const page = `<html>${'x'.repeat(500)}</html>`;
		const { outcomes } = await session(
			Array.from({ length: 3 }, () => ({ statusCode: 200, body: page })),
			[GET],
			{ maxRetries: 2 },
		);

		expect(outcomes[0].error?.description).toBe(
			`Status 200; the body starts with: ${page.slice(0, 200)}. Check that the credential's base URL points at the API, not at a web page or proxy.`,
		);
	});

	it('"may have been carried out" errors carry the HTTP status when there was one, none after a dropped connection', async () => {
		const { outcomes } = await session([{ statusCode: 502, body: '' }, { networkError: 'ECONNRESET' }], [POST, POST]);

		expect(outcomes.map((o) => o.error?.message)).toEqual([
			expect.stringMatching(/; the request may have been carried out \[item 0\]$/),
			'The API closed the connection before answering; the request may have been carried out [item 0]',
		]);
		expect(outcomes[0].error?.httpCode).toBe('502');
		expect(outcomes[1].error?.httpCode ?? undefined).toBeUndefined();
	});

	it('an ambiguous failure of an unsafe request says what failed and that it may have been done', async () => {
		const { outcomes } = await session([{ networkError: 'ECONNRESET' }], [{ ...POST, ambiguousWarning: 'Check first.' }]);

		expect(outcomes[0].error?.message).toBe(
			'The API closed the connection before answering; the request may have been carried out [item 0]',
		);
		expect(outcomes[0].error?.description).toBe('Check first.');
	});

	it('names the item in the error context', async () => {
		const { outcomes } = await session([problem(404)], [{ ...GET, itemIndex: 4 }]);

		expect(outcomes[0].error?.context.itemIndex).toBe(4);
	});
});

describe('transport: secrets never reach an error', () => {
	it.each([
		['a detail that echoes the token', problem(401, { detail: `Token ${SECRET_TOKEN} has expired.` })],
		['an errors map that echoes the API key', problem(400, { errors: { key: [`${SECRET_API_KEY} is not valid`] } })],
		['a Bold body that echoes the token', { statusCode: 403, body: { message: `Bearer ${SECRET_TOKEN}`, errorCode: 'x' } }],
		['a text body that echoes the token', { statusCode: 500, body: `upstream said: Authorization: Bearer ${SECRET_TOKEN}` }],
	] as Array<[string, Scripted]>)('%s', async (_, answer) => {
		const { outcomes } = await session([answer], [GET], { maxRetries: 0 });
		const error = outcomes[0].error;

		expect(error).toBeDefined();
		const text = everyString(error);
		expect(text).not.toContain(SECRET_TOKEN);
		expect(text).not.toContain(SECRET_API_KEY);
		expect(text).toContain('***');
	});
});

describe('transport: a path that cannot be built never holds a pacer slot', () => {
	it('with Concurrency 1, a refused path is followed by the next request', async () => {
		const { outcomes } = await session(
			[{ body: { id: 2 } }],
			[{ ...GET, path: '/public/v1/accounts/account-users/../x' as ApiPath }, later(10, GET)],
			{ concurrency: 1 },
		);

		expect(outcomes[0].error?.message).toBe('The path /public/v1/accounts/account-users/../x would not arrive as built');
		expect(outcomes[1].value).toEqual({ id: 2 });
	});
});

describe('transport: Retry-After that is neither seconds nor a date', () => {
	it.each(['-5', '.5'])('%s: the back-off is used, not a date in 2001 (which would mean no wait at all)', async (value) => {
		const { outcomes, times } = await session(
			[{ statusCode: 503, headers: { 'Retry-After': value }, body: {} }, { body: { id: 1 } }],
			[GET],
			{ backoffBaseMs: 2000 },
		);

		expect(outcomes[0].value).toEqual({ id: 1 });
		expect(times[1]).toBeGreaterThanOrEqual(2000);
	});
});

describe('transport: a cancelled execution stops at once', () => {
	it('a retry wait (Retry-After 30 s) ends when the execution is cancelled, and nothing more is sent', async () => {
		const { mock, outcomes } = await session(
			[{ statusCode: 503, headers: { 'Retry-After': '30' }, body: {} }],
			[GET, later(20_000, GET)],
			{ maxRetryWaitMs: 60_000 },
			1000,
		);

		expect(mock.requests).toHaveLength(1);
		expect(outcomes.map((o) => o.error?.message)).toEqual([
			'The execution was cancelled before the API answered [item 0]',
			'The execution was cancelled before the API answered [item 0]',
		]);
		expect(outcomes[0].error?.description).toBe('Nothing more was sent for this item. Run the workflow again when you want it to finish.');
	});

	it('a back-off wait ends too', async () => {
		const { mock, outcomes } = await session(
			[{ networkError: 'ECONNRESET' }],
			[GET],
			{ backoffBaseMs: 40_000, maxRetryWaitMs: 60_000 },
			500,
		);

		expect(mock.requests).toHaveLength(1);
		expect(outcomes[0].error?.message).toBe('The execution was cancelled before the API answered [item 0]');
	});

	it('ERR_CANCELED (the HTTP client aborted for the execution) is never retried, nor reconciled', async () => {
		const reconcile = jest.fn(async () => undefined);
		const { mock, outcomes } = await session(
			[{ networkError: 'ERR_CANCELED' }, { networkError: 'ERR_CANCELED' }],
			[GET, { ...POST, reconcile, ambiguousWarning: 'The user may have been created.' }],
		);

		expect(mock.requests).toHaveLength(2);
		expect(reconcile).not.toHaveBeenCalled();
		expect(outcomes[0].error?.message).toBe('The execution was cancelled before the API answered [item 0]');
		expect(outcomes[1].error?.message).toBe(
			'The execution was cancelled before the API answered; the request may have been carried out [item 0]',
		);
		expect(outcomes[1].error?.description).toBe('The user may have been created.');
	});
});

describe('transport: a request Node refuses to send is not a network failure', () => {
	it.each(['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN'])(
		'%s on a create: sent once, never reconciled, never "may have been created"',
		async (code) => {
			const reconcile = jest.fn(async () => undefined);
			const { mock, outcomes } = await session(
				[{ networkError: code, message: 'Invalid character in header content ["Authorization"]' }],
				[{ ...POST, reconcile, ambiguousWarning: 'The user may have been created.' }],
			);

			expect(mock.requests).toHaveLength(1);
			expect(reconcile).not.toHaveBeenCalled();
			expect(outcomes[0].error?.message).toBe(
				'The request could not be sent: a header or the address has a character HTTP does not allow [item 0]',
			);
			expect(outcomes[0].error?.description).toBe(
				`Nothing was sent. Open the credential and remove spaces, line breaks and other control characters from the token or API key, Header Name and Prefix. Network error code: ${code}.`,
			);
		},
	);
});

describe('transport: Timeout is a deadline for the whole attempt, and cancellation ends one in flight', () => {
	it('an answer that takes longer than Timeout ends the attempt at Timeout, as a timeout', async () => {
		const { outcomes } = await session([{ body: { late: true }, delayMs: 5000 }], [GET], { timeoutMs: 1000, maxRetries: 0 });

		expect(outcomes[0].value).toBeUndefined();
		expect(outcomes[0].error?.message).toBe('The API did not answer within 1 s [item 0]');
		expect(outcomes[0].error?.description).toBe('Raise Timeout in the node options, or run again later. Network error code: ETIMEDOUT.');
	});

	it('a request in flight when the execution is cancelled ends then, without its answer', async () => {
		const { outcomes } = await session([{ body: { late: true }, delayMs: 20_000 }], [GET], {}, 500);

		expect(outcomes[0].value).toBeUndefined();
		expect(outcomes[0].error?.message).toBe('The execution was cancelled before the API answered [item 0]');
	});
});
