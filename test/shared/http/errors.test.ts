import type { INode } from 'n8n-workflow';
import { apiError, redirectText, statusText, transportError, vendorDetails } from '../../../nodes/shared/http/errors';
import { scrubberFor } from '../../../nodes/shared/http/scrub';

describe('vendorDetails', () => {
	it('reads nothing from an empty body', () => {
		expect(vendorDetails(undefined)).toEqual([]);
		expect(vendorDetails('')).toEqual([]);
	});

	it('quotes a text body, cut at 500 characters', () => {
		expect(vendorDetails('x'.repeat(600))).toEqual(['x'.repeat(500)]);
	});

	it('does not repeat a Bold message that equals its errorMessage', () => {
		expect(vendorDetails({ message: 'User not found', errorMessage: 'User not found', errorCode: 'userNotFoundError', code: 404 })).toEqual([
			'User not found',
			'Error code: userNotFoundError',
		]);
	});

	it('gives both Bold texts when they differ', () => {
		expect(vendorDetails({ message: 'Invalid request', errorMessage: 'sendSms must be a boolean.', errorCode: 'x' })).toEqual([
			'Invalid request',
			'sendSms must be a boolean.',
			'Error code: x',
		]);
	});
});

describe('scrubberFor', () => {
	it('replaces every occurrence of every secret', () => {
		expect(scrubberFor(['SECRET', 'KEY']).text('a SECRET b SECRET c KEY')).toBe('a *** b *** c ***');
	});

	it('finds a secret as written, JSON-escaped and URL-encoded, whatever its characters and length', () => {
		const scrub = scrubberFor(['a"b\\c d', 'Z']);
		expect(scrub.text('1 a"b\\c d 2 a\\"b\\\\c d 3 a%22b%5Cc%20d 4 Z')).toBe('1 *** 2 *** 3 *** 4 ***');
	});

	it('scrubs parsed values deeply, keys too, without changing the original', () => {
		const original = { list: ['x SECRET'], nested: { SECRET: { deep: 'SECRET' } }, count: 3, flag: true };
		expect(scrubberFor(['SECRET']).value(original)).toEqual({
			list: ['x ***'],
			nested: { '***': { deep: '***' } },
			count: 3,
			flag: true,
		});
		expect(original.list[0]).toBe('x SECRET');
	});

	it('leaves text alone when there is no secret', () => {
		expect(scrubberFor(['', '']).text('unchanged')).toBe('unchanged');
	});
});

// What a workflow builder reads on a failed item: the message (with the item), the description
// (the vendor's words, then the fix) and the HTTP code, never a secret.
const node = { name: 'User Invitation' } as INode;
const SECRET = 'tok-3ecr3t';
const scrub = scrubberFor([SECRET]);

describe('vendorDetails: SoftwareOne problem details', () => {
	it('reads title, detail, the field errors and the trace ID, in that order', () => {
		expect(
			vendorDetails({
				title: 'One or more validation errors occurred.',
				detail: 'See errors.',
				errors: { email: ['is required', 'must be an e-mail'], 'user.firstName': 'is too long' },
				traceId: '00-abc-01',
			}),
		).toEqual([
			'One or more validation errors occurred.',
			'See errors.',
			'email: is required; must be an e-mail',
			'user.firstName: is too long',
			'Trace ID: 00-abc-01',
		]);
	});

	it('reads a list of errors, as messages or as whatever they are, skipping empty ones', () => {
		expect(vendorDetails({ errors: [{ message: 'first' }, 'second', { code: 7 }, '  ', null] })).toEqual(['first', 'second', '{"code":7}']);
	});

	it('gives a message that repeats the title only once, and a plain value as text', () => {
		expect(vendorDetails({ title: 'Conflict', message: 'Conflict', errorMessage: 'Conflict' })).toEqual(['Conflict']);
		expect(vendorDetails({ title: 'Conflict', message: 'Already there' })).toEqual(['Conflict', 'Already there']);
		expect(vendorDetails(null)).toEqual([]);
		expect(vendorDetails(503)).toEqual(['503']);
		expect(vendorDetails({ title: 0, detail: false })).toEqual(['0', 'false']);
	});
});

describe('statusText', () => {
	it('names each documented status, a server error and any other status', () => {
		expect(statusText(401).message).toBe('The API did not accept the credential (wrong or expired token or key)');
		expect(statusText(500)).toEqual({
			message: 'The API had a server error (500)',
			fix: 'This is on the service side. Run the workflow again later; the node already retried where that was safe.',
		});
		expect(statusText(599).message).toBe('The API had a server error (599)');
		expect(statusText(499)).toEqual({ message: 'The API answered with status 499', fix: 'See the details below.' });
	});
});

describe('apiError', () => {
	it('says what happened, after how many attempts, for which item; the vendor words, then the fix', () => {
		const error = apiError(node, 503, { title: 'Service Unavailable', detail: `token ${SECRET} expired` }, scrub, 4, 3);
		expect(error.message).toBe('The API had a server error (503) (after 3 attempts) [item 4]');
		expect(error.description).toBe(
			'Service Unavailable\ntoken *** expired\nThis is on the service side. Run the workflow again later; the node already retried where that was safe.',
		);
		expect(error.httpCode).toBe('503');
		// The body n8n shows under the error's details: kept, scrubbed, with the status.
		expect(error.errorResponse).toEqual({ httpCode: '503', title: 'Service Unavailable', detail: 'token *** expired' });
	});

	it('keeps server text within bounds: each text cut at 500 characters, 20 lines, a bounded body (issue 26)', () => {
		const huge = 'x'.repeat(1_000_000);
		const body = {
			title: huge,
			detail: `${SECRET}${huge}`,
			errors: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, [huge]])),
			nested: { a: { b: { c: { d: { e: huge } } } } },
		};
		const error = apiError(node, 400, body, scrub, undefined, 1);
		expect(error.description!.length).toBeLessThan(20 * 600);
		expect(error.description).not.toContain(SECRET);
		expect(error.description!.split('\n')[1]).toBe(`***${'x'.repeat(497)}…`);
		const kept = JSON.stringify(error.errorResponse);
		expect(kept.length).toBeLessThan(30_000);
		expect(kept).not.toContain(SECRET);
		expect((error.errorResponse as { title: string }).title).toHaveLength(501);
	});

	it('one attempt and no item: no attempt count, no item suffix; an operation\'s own words replace the status text', () => {
		const error = apiError(node, 404, undefined, scrub, undefined, 1, { message: 'No account user AUSR-1', fix: 'Check the ID.' });
		expect(error.message).toBe('No account user AUSR-1');
		expect(error.description).toBe('Check the ID.');
		expect(apiError(node, 409, '', scrub, 0, 1).message).toBe('The API reported a conflict with an existing record (409) [item 0]');
	});

	it('a text or list body is quoted in the description, and not spread into the kept body letter by letter', () => {
		const text = apiError(node, 502, 'Bad Gateway', scrub, 0, 1);
		expect(text.description).toBe('Bad Gateway\nThis is on the service side. Run the workflow again later; the node already retried where that was safe.');
		expect(text.errorResponse).toEqual({ httpCode: '502' });
		expect(apiError(node, 400, ['first', 'second'], scrub, 0, 1).errorResponse).toEqual({ httpCode: '400' });
	});

	it('scrubs a secret out of the message an operation wrote', () => {
		const error = apiError(node, 400, [], scrub, 0, 2, { message: `Refused ${SECRET}`, fix: `Do not send ${SECRET}` });
		expect(error.message).toBe('Refused *** (after 2 attempts) [item 0]');
		expect(error.description).toBe('Do not send ***');
		expect(error.errorResponse).toEqual({ httpCode: '400' });
	});
});

describe('transportError', () => {
	it('keeps the node\'s own message and fix, with the item, the code and any status', () => {
		const error = transportError(node, `Could not reach ${SECRET}`, 'Check the base URL.', 1, 'ECONNREFUSED', scrub, 502);
		expect(error.message).toBe('Could not reach *** [item 1]');
		expect(error.description).toBe('Check the base URL.');
		expect(error.httpCode).toBe('502');
		expect(error.errorResponse).toEqual({ failure: 'ECONNREFUSED', httpCode: '502' });
		const plain = transportError(node, 'The request timed out', 'Raise Timeout.', undefined, 'ETIMEDOUT', scrub);
		expect(plain.message).toBe('The request timed out');
		expect(plain.errorResponse).toEqual({ failure: 'ETIMEDOUT' });
		expect(plain.httpCode ?? null).toBeNull();
	});
});

describe('redirectText', () => {
	const base = 'https://api.example.test/base';
	const fixWith = (where: string) =>
		`The node does not follow redirects, so that the credential is never sent to another address.${where} Set the credential's base URL to the API's own address (for example https:// instead of http://) and run again.`;

	it('names the status, and where the server pointed, read against the base URL', () => {
		expect(redirectText(308, ' /v2/users ', base)).toEqual({
			message: 'The API answered with a redirect (308) instead of a result',
			fix: fixWith(' The server pointed to https://api.example.test/v2/users.'),
		});
	});

	it('says nothing of a target when there is no Location, or an empty one', () => {
		expect(redirectText(302, undefined, base).fix).toBe(fixWith(''));
		expect(redirectText(302, '  ', base).fix).toBe(fixWith(''));
		expect(redirectText(302, ['https://elsewhere.test/'], base).fix).toBe(fixWith(''));
	});

	it('quotes a Location that is no URL as sent, and a long one by its first 200 characters', () => {
		expect(redirectText(301, 'http://[bad', base).fix).toBe(fixWith(' The server pointed to http://[bad.'));
		const long = `https://elsewhere.test/${'x'.repeat(300)}`;
		expect(redirectText(301, long, base).fix).toBe(fixWith(` The server pointed to ${long.slice(0, 200)}.`));
	});
});
