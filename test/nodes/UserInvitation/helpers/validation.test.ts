import type { INode } from 'n8n-workflow';
import { validExpiration, validText } from '../../../../nodes/UserInvitation/helpers/validation';

// Expiration dates: the zone arithmetic is n8n-workflow's (tryToParseDateTime, Luxon); these are
// the cases the node's own date code was tested on before it was replaced by n8n's.
const ctx = { getNode: () => ({ name: 'User Invitation' }) as INode };
const expiration = (value: unknown, zone: string): string | undefined => validExpiration(ctx, 0, value, zone, 0);

describe('validExpiration reads a wall time in the workflow time zone', () => {
	it.each([
		['2026-12-01T09:00:00', 'Europe/Amsterdam', '2026-12-01T09:00:00+01:00'],
		['2026-07-01T09:00:00', 'Europe/Amsterdam', '2026-07-01T09:00:00+02:00'],
		['2026-12-01T09:00:00', 'America/New_York', '2026-12-01T09:00:00-05:00'],
		['2026-07-01T09:00:00', 'America/New_York', '2026-07-01T09:00:00-04:00'],
		['2026-12-01T09:00:00', 'Asia/Kolkata', '2026-12-01T09:00:00+05:30'],
		['2026-12-01T09:00:00', 'America/St_Johns', '2026-12-01T09:00:00-03:30'],
		['2026-12-01T09:00:00', 'Asia/Kathmandu', '2026-12-01T09:00:00+05:45'],
		['2026-12-01T09:00:00', 'UTC', '2026-12-01T09:00:00+00:00'],
		['2026-12-01 09:00', 'UTC', '2026-12-01T09:00:00+00:00'],
		['2026-12-01', 'Europe/Amsterdam', '2026-12-01T00:00:00+01:00'],
		['2026-12-31T23:59:59', 'Pacific/Kiritimati', '2026-12-31T23:59:59+14:00'],
		['2026-12-01T00:00:00', 'Pacific/Pago_Pago', '2026-12-01T00:00:00-11:00'],
		// Either side of Amsterdam's spring-forward (01:00 UTC on 29 March 2026).
		['2026-03-29T01:59:59', 'Europe/Amsterdam', '2026-03-29T01:59:59+01:00'],
		['2026-03-29T03:00:00', 'Europe/Amsterdam', '2026-03-29T03:00:00+02:00'],
		// A wall time the clocks skip moves forward by the gap, as everywhere in n8n.
		['2026-03-29T02:30:00', 'Europe/Amsterdam', '2026-03-29T03:30:00+02:00'],
	])('%s in %s is %s', (wall, zone, expected) => {
		expect(expiration(wall, zone)).toBe(expected);
	});
});

describe('validExpiration keeps what already names its instant', () => {
	it('keeps a value with an offset exactly as given, whatever the zone', () => {
		expect(expiration(' 2026-12-01T09:00:00+05:30 ', 'UTC')).toBe('2026-12-01T09:00:00+05:30');
		expect(expiration('2026-12-01T09:00:00+05:30', 'Europe/Amsterdam')).toBe('2026-12-01T09:00:00+05:30');
	});

	it('accepts a Date and an object with toISO() (Luxon DateTime)', () => {
		expect(expiration(new Date('2026-12-01T08:00:00Z'), 'Europe/Amsterdam')).toBe('2026-12-01T08:00:00.000Z');
		expect(expiration({ toISO: () => '2026-12-01T09:00:00.000+01:00' }, 'UTC')).toBe('2026-12-01T09:00:00.000+01:00');
	});

	it('compares the instant, not the text, with the current time', () => {
		// 09:00 in Kolkata is 03:30 UTC: one minute later is already past it.
		const now = Date.parse('2026-12-01T03:31:00Z');
		expect(() => validExpiration(ctx, 2, '2026-12-01T09:00:00', 'Asia/Kolkata', now)).toThrow(
			'Expiration 2026-12-01T09:00:00+05:30 is in the past [item 2]',
		);
		expect(validExpiration(ctx, 2, '2026-12-01T09:00:00', 'Europe/Amsterdam', now)).toBe('2026-12-01T09:00:00+01:00');
	});
});

describe('validExpiration refuses what is not a date', () => {
	it.each([
		[42, 'Expiration is not a date [item 0]'],
		['   ', 'Expiration is not a date [item 0]'],
		['tomorrow', 'Expiration "tomorrow" is not an ISO 8601 date-time [item 0]'],
		['2026-12-01+01:00', 'Expiration "2026-12-01+01:00" is not an ISO 8601 date-time [item 0]'],
		['2026-12-01T10:00:00+25:00', 'Expiration "2026-12-01T10:00:00+25:00" has the offset +25:00, beyond ±14:00 [item 0]'],
		['2026-12-01T10:00:00+14:01', 'Expiration "2026-12-01T10:00:00+14:01" has the offset +14:01, beyond ±14:00 [item 0]'],
		['2026-12-01T10:00:00+0530', 'Expiration "2026-12-01T10:00:00+0530" has the zone "+0530", which is not written ±HH:MM or Z [item 0]'],
		['2026-12-01T10:00:00z', 'Expiration "2026-12-01T10:00:00z" has the zone "z", which is not written ±HH:MM or Z [item 0]'],
		// n8n's parser alone would roll these over into the next month.
		['2026-02-29T10:00:00', 'Expiration "2026-02-29T10:00:00" is not a real calendar date [item 0]'],
		['2026-04-31', 'Expiration "2026-04-31" is not a real calendar date [item 0]'],
		['2026-12-01T10:60:00', 'Expiration "2026-12-01T10:60:00" is not a real calendar date [item 0]'],
		// Date.parse accepts 30 February with an offset (and moves it to 2 March); the node does not.
		['2026-02-30T10:00:00+01:00', 'Expiration "2026-02-30T10:00:00+01:00" is not an ISO 8601 date-time [item 0]'],
	])('refuses %j', (value, message) => {
		expect(() => expiration(value, 'UTC')).toThrow(message);
	});

	it('treats an empty field as no expiration', () => {
		expect(expiration('', 'UTC')).toBeUndefined();
		expect(expiration(undefined, 'UTC')).toBeUndefined();
	});
});

describe('validText names the item for an input value, and no item for a node setting', () => {
	const refusal = (itemIndex: number | undefined) => {
		try {
			validText(ctx, itemIndex, 'Group ID', 'Admins', { pattern: /^UGR-\d{4}-\d{4}$/, expected: 'a group ID like UGR-1234-5678' });
		} catch (error) {
			const { message, description, context } = error as Error & { description?: string; context?: { itemIndex?: number } };
			return { message, description, itemIndex: context?.itemIndex };
		}
		throw new Error('validText accepted "Admins"');
	};

	it('an input item (the action node): "[item 3]" and the item index, as before', () => {
		expect(refusal(3)).toEqual({
			message: 'Group ID "Admins" is not valid [item 3]',
			description: 'Group ID must be a group ID like UGR-1234-5678.',
			itemIndex: 3,
		});
	});

	it('a setting outside any item (the trigger): the same words without an item', () => {
		expect(refusal(undefined)).toEqual({
			message: 'Group ID "Admins" is not valid',
			description: 'Group ID must be a group ID like UGR-1234-5678.',
			itemIndex: undefined,
		});
	});
});
