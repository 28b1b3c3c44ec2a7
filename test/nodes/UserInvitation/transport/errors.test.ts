import { vendorDetails } from '../../../../nodes/UserInvitation/transport/errors';
import { scrubberFor } from '../../../../nodes/UserInvitation/transport/scrub';

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
