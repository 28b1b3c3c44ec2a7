import { scrubSecrets, vendorDetails } from '../../../../nodes/UserInvitation/transport/errors';

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

describe('scrubSecrets', () => {
	it('replaces every occurrence of every secret', () => {
		expect(scrubSecrets('a SECRET b SECRET c KEY', ['SECRET', 'KEY'])).toBe('a *** b *** c ***');
	});
});
