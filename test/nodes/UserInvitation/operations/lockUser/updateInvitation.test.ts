import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	BOLD_BASE,
	boldCredentials,
	MAP_AUTOMATICALLY,
	mapManually,
	runNode,
	runNodeOk,
	runNodeWithFakeTimers,
	type MockContextOptions,
} from '../../../../helpers/context';

/** "Now" for every expiration test: a fixed winter day, so the dates below stay in the future. */
const NOW = Date.parse('2026-01-15T12:00:00Z');

/**
 * Update Invitation for Bold user 5 (or `parameters.userId`) with `fields` mapped manually; the
 * send flags in `fields` are the node's Send Email and Send SMS switches.
 */
const update = (fields: INodeParameters, parameters: INodeParameters = {}): INodeParameters => {
	const { sendEmail, sendSms, ...mapped } = fields;
	const { userId = '5', ...rest } = parameters;
	return {
		authentication: 'bearerToken',
		resource: 'lockUser',
		operation: 'updateInvitation',
		invitation: mapManually({ userId, ...mapped }),
		...(sendEmail !== undefined && { sendEmail }),
		...(sendSms !== undefined && { sendSms }),
		...rest,
	};
};

const ok = { statusCode: 200, body: { id: 5 } };

async function runAt(options: MockContextOptions) {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: NOW });
	try {
		return await runNode(options);
	} finally {
		jest.useRealTimers();
	}
}

describe('Update Invitation: the request', () => {
	it.each<[string, INodeParameters]>([
		['language', { language: 'de' }],
		['a language outside the documented list (any ISO 639-1 code)', { language: 'pt' }],
		['e-mail address', { emailAddress: 'guest@example.com' }],
		['phone number', { phoneNumber: '+31850607337' }],
		['send e-mail', { sendEmail: true }],
		['send SMS', { sendSms: true }],
	])('PUTs only the %s', async (_, fields) => {
		const run = await runNodeOk({ parameters: update(fields), credentials: boldCredentials(), responses: [ok] });

		expect(run.requests).toHaveLength(1);
		expect(run.requests[0]).toMatchObject({
			method: 'PUT',
			url: `${BOLD_BASE}/v2/users/5/invitation`,
			credentialType: 'userInvitationBearerTokenApi',
		});
		expect(run.requests[0].body).toEqual(fields);
		expect(run.output).toEqual([{ json: { id: 5, ...fields }, pairedItem: { item: 0 } }]);
	});

	it('PUTs every field together', async () => {
		const fields = {
			language: 'nl',
			expiration: '2026-12-01T09:00:00+01:00',
			emailAddress: 'guest@example.com',
			phoneNumber: '+31850607337',
			sendEmail: true,
			sendSms: false,
		};
		const run = await runAt({ parameters: update(fields), credentials: boldCredentials(), responses: [ok] });

		expect(run.error).toBeUndefined();
		// A switch that is off is left out: "false" tells Bold nothing.
		const { sendSms: _off, ...sent } = fields;
		expect(run.requests[0].body).toEqual(sent);
	});

	it('trims the user ID and falls back to it when the API answers without an id', async () => {
		const run = await runNodeOk({
			parameters: update({ sendEmail: true }, { userId: ' 42 ' }),
			credentials: boldCredentials(),
			responses: [{ statusCode: 200, body: '' }],
		});

		expect(run.requests[0].path).toBe('/v2/users/42/invitation');
		expect(run.output[0].json).toEqual({ id: 42, sendEmail: true });
	});

	it('signs with the API key credential when Authentication is API Key', async () => {
		const run = await runNodeOk({
			parameters: update({ language: 'en' }, { authentication: 'apiKey' }),
			credentials: { environment: 'bold', apiKey: 'bold-key', headerName: 'Authorization', prefix: '' },
			responses: [ok],
		});

		expect(run.requests[0].credentialType).toBe('userInvitationApiKeyApi');
	});
});

describe('Update Invitation: validation before any request', () => {
	it('needs at least one field', async () => {
		const run = await runNode({ parameters: update({}), credentials: boldCredentials() });

		expect(run.error?.message).toBe('Nothing to update [item 0]');
		expect(run.error?.description).toBe(
			'Set at least one field besides User ID (for example Expiration), or turn on Send Email or Send SMS.',
		);
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['', 'User ID is required but empty [item 0]'],
		['abc', 'User ID "abc" is not valid [item 0]'],
		['5/../7', 'User ID "5/../7" is not valid [item 0]'],
		['-5', 'User ID "-5" is not valid [item 0]'],
	])('rejects the user ID %j', async (lockUserId, message) => {
		const run = await runNode({ parameters: update({ sendEmail: true }, { userId: lockUserId }), credentials: boldCredentials() });

		expect(run.error?.message).toBe(message);
		expect(run.requests).toHaveLength(0);
	});

	it.each(['xx', 'EN', 'eng', 'en-US', 'english'])('rejects the language %j: not an ISO 639-1 code', async (language) => {
		const run = await runNode({ parameters: update({ language }), credentials: boldCredentials() });

		expect(run.error?.message).toBe(`Language "${language}" is not an ISO 639-1 code [item 0]`);
		expect(run.error?.description).toBe('Use a two-letter lower-case language code such as en, de, fr, nl or es.');
		expect(run.requests).toHaveLength(0);
	});

	it.each(['0031850607337', '+31 85 060 7337', '31850607337', '+0850607337', '+1234567890123456', '+31-85'])(
		'rejects the phone number %j: not E.164',
		async (phoneNumber) => {
			const run = await runNode({ parameters: update({ phoneNumber }), credentials: boldCredentials() });

			expect(run.error?.message).toBe(`Phone Number "${phoneNumber}" is not valid [item 0]`);
			expect(run.error?.description).toBe(
				'Phone Number must be in international E.164 format: a + , the country code and the number, no spaces, like +31850607337.',
			);
			expect(run.requests).toHaveLength(0);
		},
	);

	it.each(['guest', 'guest@example', 'guest@@example.com'])('rejects the e-mail address %j', async (emailAddress) => {
		const run = await runNode({ parameters: update({ emailAddress }), credentials: boldCredentials() });

		expect(run.error?.message).toBe(`Email Address "${emailAddress}" is not valid [item 0]`);
		expect(run.requests).toHaveLength(0);
	});
});

describe('Update Invitation: expiration', () => {
	/** What n8n itself (Luxon, as in $now and the date picker) makes of a wall time in a zone. */
	const luxon = (wall: string, zone: string) =>
		DateTime.fromISO(wall, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true });

	it.each([
		['Europe/Amsterdam, winter', 'Europe/Amsterdam', '2026-12-01T09:00:00', '2026-12-01T09:00:00+01:00'],
		['Europe/Amsterdam, summer', 'Europe/Amsterdam', '2026-07-01T09:00:00', '2026-07-01T09:00:00+02:00'],
		['America/New_York, winter', 'America/New_York', '2026-12-01T09:00:00', '2026-12-01T09:00:00-05:00'],
		['America/New_York, summer', 'America/New_York', '2026-07-01T09:00:00', '2026-07-01T09:00:00-04:00'],
		['Asia/Kolkata (half-hour offset)', 'Asia/Kolkata', '2026-12-01T09:00:00', '2026-12-01T09:00:00+05:30'],
		['UTC', 'UTC', '2026-12-01T09:00:00', '2026-12-01T09:00:00+00:00'],
		['a picker value with milliseconds', 'Europe/Amsterdam', '2026-12-01T09:00:00.000', '2026-12-01T09:00:00+01:00'],
		['a date without a time (midnight)', 'Europe/Amsterdam', '2026-12-01', '2026-12-01T00:00:00+01:00'],
		['a time without seconds', 'Asia/Kolkata', '2026-12-01T09:15', '2026-12-01T09:15:00+05:30'],
		['the last minute before spring-forward', 'Europe/Amsterdam', '2026-03-29T01:59:00', '2026-03-29T01:59:00+01:00'],
		['the first minute after spring-forward', 'Europe/Amsterdam', '2026-03-29T03:00:00', '2026-03-29T03:00:00+02:00'],
		// A wall time that spring-forward skips does not exist: n8n (Luxon) moves it forward by the gap.
		['a wall time skipped by spring-forward', 'Europe/Amsterdam', '2026-03-29T02:30:00', '2026-03-29T03:30:00+02:00'],
		// West of UTC too: forward by the gap, never back to 01:30-05:00.
		['a wall time skipped by spring-forward in New York', 'America/New_York', '2026-03-08T02:30:00', '2026-03-08T03:30:00-04:00'],
		['the day after fall-back', 'Europe/Amsterdam', '2026-10-26T02:30:00', '2026-10-26T02:30:00+01:00'],
	])('a picked date without offset is read in the workflow time zone: %s', async (_, zone, picked, expected) => {
		const run = await runAt({
			parameters: update({ expiration: picked }),
			timezone: zone,
			credentials: boldCredentials(),
			responses: [ok],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests[0].body).toEqual({ expiration: expected });
		// The same instant n8n's own date handling gives for that wall time in that zone.
		expect(Date.parse(expected)).toBe(Date.parse(luxon(picked, zone)!));
	});

	it.each([
		['Europe/Amsterdam', '2026-10-25T02:30:00'],
		['America/New_York', '2026-11-01T01:30:00'],
	])('a wall time that occurs twice at fall-back (%s) keeps the wall time with one of its two offsets', async (zone, picked) => {
		const run = await runAt({
			parameters: update({ expiration: picked }),
			timezone: zone,
			credentials: boldCredentials(),
			responses: [ok],
		});

		const sent = (run.requests[0].body as IDataObject).expiration as string;
		const wall = DateTime.fromISO(picked, { zone });
		expect(sent.slice(0, 19)).toBe(picked);
		expect([wall.minus({ days: 1 }).offset, wall.plus({ days: 1 }).offset]).toContain(
			DateTime.fromISO(sent, { setZone: true }).offset,
		);
	});

	it.each([
		'2026-12-01T09:00:00+05:00',
		'2026-12-01T09:00:00-03:30',
		'2026-12-01T09:00:00Z',
		'2026-12-01T09:00:00.250+01:00',
	])('a typed date with its own offset is kept exactly as typed: %s', async (typed) => {
		const run = await runAt({
			parameters: update({ expiration: typed }),
			timezone: 'Europe/Amsterdam',
			credentials: boldCredentials(),
			responses: [ok],
		});

		expect(run.requests[0].body).toEqual({ expiration: typed });
	});

	it('a Luxon DateTime from an expression ($now.plus(...)) is sent with its offset', async () => {
		const value = DateTime.fromMillis(NOW, { zone: 'Europe/Amsterdam' }).plus({ days: 7 });
		const run = await runAt({
			parameters: update({}),
			itemParameters: [{ invitation: mapManually({ userId: '5', expiration: value as unknown as string }) }],
			timezone: 'Europe/Amsterdam',
			credentials: boldCredentials(),
			responses: [ok],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests[0].body).toEqual({ expiration: '2026-01-22T13:00:00.000+01:00' });
	});

	it.each([
		['a date in the past', '2025-06-01T09:00:00+02:00', 'Expiration 2025-06-01T09:00:00+02:00 is in the past [item 0]'],
		['this very moment', '2026-01-15T12:00:00Z', 'Expiration 2026-01-15T12:00:00Z is in the past [item 0]'],
		['a past picked date', '2026-01-15T12:59:00', 'Expiration 2026-01-15T12:59:00+01:00 is in the past [item 0]'],
	])('rejects %s', async (_, expiration, message) => {
		const run = await runAt({
			parameters: update({ expiration }),
			timezone: 'Europe/Amsterdam',
			credentials: boldCredentials(),
		});

		expect(run.error?.message).toBe(message);
		expect(run.error?.description).toBe(
			'Choose an expiration after the current time; an invitation cannot expire before it is used.',
		);
		expect(run.requests).toHaveLength(0);
	});

	it.each([
		['next tuesday', 'Expiration "next tuesday" is not an ISO 8601 date-time [item 0]'],
		['01/12/2026', 'Expiration "01/12/2026" is not an ISO 8601 date-time [item 0]'],
		['2026-02-30T10:00:00', 'Expiration "2026-02-30T10:00:00" is not a real calendar date [item 0]'],
		['2026-12-01T25:00:00', 'Expiration "2026-12-01T25:00:00" is not a real calendar date [item 0]'],
		['2026-13-01T10:00:00+01:00', 'Expiration "2026-13-01T10:00:00+01:00" is not an ISO 8601 date-time [item 0]'],
		['   ', 'Expiration is not a date [item 0]'],
	])('rejects the garbage value %j', async (expiration, message) => {
		const run = await runAt({ parameters: update({ expiration }), credentials: boldCredentials() });

		expect(run.error?.message).toBe(message);
		expect(run.error?.description).toContain('Pick a date in the date picker');
		expect(run.requests).toHaveLength(0);
	});
});

describe('Update Invitation: sends at most once', () => {
	it('without a send flag the PUT only sets values, so a dropped connection is retried', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: update({ language: 'fr' }),
			credentials: boldCredentials(),
			responses: [{ networkError: 'ECONNRESET' }, ok],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
	});

	it.each([
		['sendEmail', 'e-mail', { networkError: 'ECONNRESET' }],
		['sendSms', 'SMS', { statusCode: 504, body: '' }],
		['sendEmail', 'e-mail', { statusCode: 502, body: '' }],
	])('with %s on, a failure that may have sent is not retried and warns about the %s', async (flag, what, failure) => {
		const run = await runNodeWithFakeTimers({
			parameters: update({ [flag]: true }),
			credentials: boldCredentials(),
			responses: [failure, ok],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toMatch(/; the request may have been carried out \[item 0\]$/);
		expect(run.error?.description).toBe(
			`The connection failed after the update of user 5 was sent, so the invitation ${what} may have been sent. Check with the user before running this item again.`,
		);
	});

	it('with a send flag on, a 503 (nothing was done) is still retried', async () => {
		const run = await runNodeWithFakeTimers({
			parameters: update({ sendSms: true }),
			credentials: boldCredentials(),
			responses: [{ statusCode: 503, body: { message: 'Busy', code: 503 } }, ok],
		});

		expect(run.error).toBeUndefined();
		expect(run.requests).toHaveLength(2);
	});
});

describe('Update Invitation: API errors in Bold\'s words', () => {
	it.each([
		[400, 'The API rejected the request as invalid [item 0]', 'Invalid roles', 'invalidRolesError'],
		[401, 'The API did not accept the credential (wrong or expired token or key) [item 0]', 'Invalid authentication token', 'invalidTokenError'],
		[403, 'The credential is not allowed to do this [item 0]', 'Insufficient rights', 'forbiddenError'],
		[404, 'Bold user 5 was not found [item 0]', 'User not found', 'userNotFoundError'],
	])('%s', async (statusCode, message, vendor, errorCode) => {
		const run = await runNode({
			parameters: update({ sendEmail: true }),
			credentials: boldCredentials(),
			responses: [{ statusCode, body: { message: vendor, code: statusCode, errorMessage: vendor, errorCode } }],
		});

		expect(run.requests).toHaveLength(1);
		expect(run.error?.message).toBe(message);
		expect(run.error?.description?.split('\n').slice(0, 2)).toEqual([vendor, `Error code: ${errorCode}`]);
		expect(run.error?.httpCode).toBe(String(statusCode));
	});
});

describe('Update Invitation: Map Automatically', () => {
	const auto = (parameters: INodeParameters = {}) => update({}, { invitation: MAP_AUTOMATICALLY, ...parameters });

	it('reads userId and the fields Bold names from each item, with no expression', async () => {
		const run = await runAt({
			parameters: auto(),
			items: [
				{ userId: 5, language: 'de', expiration: '2026-12-01T09:00:00+01:00', note: 'ignored' },
				{ userId: '2', emailAddress: 'guest@example.com', phoneNumber: '+31850607337' },
			],
			credentials: boldCredentials(),
			respond: ok,
		});

		expect(run.requests.map((request) => [request.path, request.body])).toEqual([
			['/v2/users/5/invitation', { language: 'de', expiration: '2026-12-01T09:00:00+01:00' }],
			['/v2/users/2/invitation', { emailAddress: 'guest@example.com', phoneNumber: '+31850607337' }],
		]);
	});

	it('a missing userId: an error naming the field and the item, before any request', async () => {
		const run = await runNode({
			parameters: auto({ sendEmail: true }),
			items: [{ userId: 5 }, { id: 2 }],
			credentials: boldCredentials(),
		});

		expect(run.error?.message).toBe('The input item has no field "userId" [item 1]');
		expect(run.requests).toHaveLength(0);
	});

	it('a misnamed field: an error that says which to rename, before any request', async () => {
		const run = await runNode({
			parameters: auto(),
			items: [{ userId: 5, email_address: 'guest@example.com' }],
			credentials: boldCredentials(),
		});

		expect(run.error?.message).toBe('The input item has no field "emailAddress", but one named "email_address" [item 0]');
		expect(run.requests).toHaveLength(0);
	});
});
