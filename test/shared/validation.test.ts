import type { INode } from 'n8n-workflow';
import {
	PATTERNS,
	validBoolean,
	validExpiration,
	validGroupIds,
	validLanguage,
	validNumber,
	validText,
} from '../../nodes/shared/validation';
import { refusal } from '../helpers/refusal';

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
		['2026-13-01', 'Expiration "2026-13-01" is not a real calendar date [item 0]'],
		['2026-12-01T10:60:00', 'Expiration "2026-12-01T10:60:00" is not a real calendar date [item 0]'],
		// Date.parse accepts 30 February with an offset (and moves it to 2 March); the node does not.
		['2026-02-30T10:00:00+01:00', 'Expiration "2026-02-30T10:00:00+01:00" is not an ISO 8601 date-time [item 0]'],
	])('refuses %j', (value, message) => {
		expect(() => expiration(value, 'UTC')).toThrow(message);
	});

	it('treats an empty field as no expiration', () => {
		expect(expiration('', 'UTC')).toBeUndefined();
		expect(expiration(null, 'UTC')).toBeUndefined();
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

// The other checks, each through what a user reads in n8n when an item is refused: the message
// (ending in the item), the description that says how to fix it, and the item the error points at.


describe('validText', () => {
	it('trims; an empty optional field is no value; numbers become their text', () => {
		expect(validText(ctx, 0, 'First Name', '  Ada  ')).toBe('Ada');
		expect(validText(ctx, 0, 'First Name', '   ')).toBeUndefined();
		expect(validText(ctx, 0, 'First Name', null)).toBeUndefined();
		expect(validText(ctx, 0, 'First Name', undefined)).toBeUndefined();
		expect(validText(ctx, 0, 'Phone Number', 612345678)).toBe('612345678');
	});

	it('a required field that is empty names the field, the item and the fix', () => {
		const error = refusal(() => validText(ctx, 3, 'Email', ' ', { required: true }));
		expect(error.message).toBe('Email is required but empty [item 3]');
		expect(error.description).toBe('Enter a value in "Email", or map a field of the input item that is never empty.');
		expect(error.context?.itemIndex).toBe(3);
	});

	it('accepts the longest allowed text (after trimming) and refuses one character more', () => {
		expect(validText(ctx, 0, 'Last Name', '  abcd  ', { maxLength: 4 })).toBe('abcd');
		const error = refusal(() => validText(ctx, 1, 'Last Name', 'abcde', { maxLength: 4 }));
		expect(error.message).toBe('Last Name is 5 characters long; the API accepts at most 4 [item 1]');
		expect(error.description).toBe('Shorten "Last Name" to 4 characters or fewer.');
	});

	it('a text that does not match says what a valid one looks like', () => {
		const rule = { pattern: PATTERNS.email, expected: 'an e-mail address like ada@example.com' };
		expect(validText(ctx, 0, 'Email', ' ada@example.com ', rule)).toBe('ada@example.com');
		const error = refusal(() => validText(ctx, 2, 'Email', 'ada@example', rule));
		expect(error.message).toBe('Email "ada@example" is not valid [item 2]');
		expect(error.description).toBe('Email must be an e-mail address like ada@example.com.');
		// Without a description of the form, the pattern itself is shown.
		expect(refusal(() => validText(ctx, 0, 'Code', 'x1', { pattern: /^\d+$/ })).description).toBe('Code must be in the form ^\\d+$.');
	});

	it.each([
		[['a', 'b'], 'Group must be one value, not a list [item 4]', '"Group" takes one value. If an expression returns a list, pick one entry, like {{ $json.list[0] }}, or split the list into items first.'],
		[{ id: 1 }, 'Group must be a text, not an object [item 4]', 'Map a text value to "Group", not a whole object.'],
		[true, 'Group must be a text, not a boolean [item 4]', 'Map a text value to "Group", not a whole object or a boolean.'],
		[Number.NaN, 'Group must be a text, not a number [item 4]', 'Map a text value to "Group", not a whole object or a number.'],
		[Number.POSITIVE_INFINITY, 'Group must be a text, not a number [item 4]', 'Map a text value to "Group", not a whole object or a number.'],
	])('refuses %j for a one-value field', (raw, message, description) => {
		const error = refusal(() => validText(ctx, 4, 'Group', raw));
		expect(error.message).toBe(message);
		expect(error.description).toBe(description);
	});
});

describe('validGroupIds', () => {
	it('splits on commas, semicolons and spaces, keeps the first of each ID, in order', () => {
		expect(validGroupIds(ctx, 0, ' UGR-1234-5678, UGR-2345-6789;UGR-1234-5678\nUGR-3456-7890 ')).toEqual([
			'UGR-1234-5678',
			'UGR-2345-6789',
			'UGR-3456-7890',
		]);
	});

	it('takes a list an expression returned, of IDs or of objects with an id', () => {
		expect(validGroupIds(ctx, 0, [{ id: 'UGR-1234-5678' }, ' UGR-2345-6789 ', '', null])).toEqual(['UGR-1234-5678', 'UGR-2345-6789']);
	});

	it.each([[''], [' , ; '], [[]], [null], [[null, { id: undefined }, ' ']]])('refuses %j as empty', (raw) => {
		const error = refusal(() => validGroupIds(ctx, 2, raw));
		expect(error.message).toBe('Group IDs is required but empty [item 2]');
		expect(error.description).toBe('Enter at least one user group ID, for example UGR-1234-5678; separate several with commas.');
	});

	it('names the one ID that is not a group ID, and where to find a real one', () => {
		const error = refusal(() => validGroupIds(ctx, 1, 'UGR-1234-5678, UGR-12'));
		expect(error.message).toBe('Group ID "UGR-12" is not valid [item 1]');
		expect(error.description).toBe('Group ID must be a SoftwareOne user group ID like UGR-1234-5678 (find it under Settings → User groups).');
	});
});

describe('validLanguage', () => {
	it('accepts an ISO 639-1 code, trimmed; empty is no language', () => {
		expect(validLanguage(ctx, 0, ' de ')).toBe('de');
		expect(validLanguage(ctx, 0, '')).toBeUndefined();
	});

	it('names the field when an expression gives a list', () => {
		expect(refusal(() => validLanguage(ctx, 0, ['en'])).message).toBe('Language must be one value, not a list [item 0]');
	});

	it('refuses a code that is not ISO 639-1, saying what to use', () => {
		const error = refusal(() => validLanguage(ctx, 5, 'xx'));
		expect(error.message).toBe('Language "xx" is not an ISO 639-1 code [item 5]');
		expect(error.description).toBe('Use a two-letter lower-case language code such as en, de, fr, nl or es.');
	});
});

describe('validBoolean', () => {
	it('an empty field is the default; true, false and those words in any case are read', () => {
		for (const empty of [undefined, null, '']) {
			expect(validBoolean(ctx, 0, 'Send Email', empty, true)).toBe(true);
			expect(validBoolean(ctx, 0, 'Send Email', empty, false)).toBe(false);
		}
		expect(validBoolean(ctx, 0, 'Send Email', false, true)).toBe(false);
		expect(validBoolean(ctx, 0, 'Send Email', true, false)).toBe(true);
		expect(validBoolean(ctx, 0, 'Send Email', ' TRUE ', false)).toBe(true);
		expect(validBoolean(ctx, 0, 'Send Email', 'False', true)).toBe(false);
	});

	it.each([
		['yes', 'Send Email "yes" is not true or false [item 1]'],
		['true!', 'Send Email "true!" is not true or false [item 1]'],
		['untrue', 'Send Email "untrue" is not true or false [item 1]'],
		[1, 'Send Email 1 is not true or false [item 1]'],
		[[true], 'Send Email (a list) is not true or false [item 1]'],
		[{ on: true }, 'Send Email (an object) is not true or false [item 1]'],
	])('refuses %j rather than reading it as false', (raw, message) => {
		const error = refusal(() => validBoolean(ctx, 1, 'Send Email', raw, false));
		expect(error.message).toBe(message);
		expect(error.description).toBe('Switch "Send Email" on or off, or let the expression return true or false.');
	});
});

describe('validNumber', () => {
	const whole = { min: 1, max: 50, integer: true };
	const seconds = { min: 0, max: 3600 };

	it('an empty field is the default; the bounds themselves are allowed; a numeric text is read', () => {
		for (const empty of [undefined, null, '']) expect(validNumber(ctx, 0, 'Concurrency', empty, 20, whole)).toBe(20);
		expect(validNumber(ctx, 0, 'Concurrency', 1, 20, whole)).toBe(1);
		expect(validNumber(ctx, 0, 'Concurrency', 50, 20, whole)).toBe(50);
		expect(validNumber(ctx, 0, 'Concurrency', ' 7 ', 20, whole)).toBe(7);
		expect(validNumber(ctx, 0, 'Concurrency', ' 17 ', 20, whole)).toBe(17);
		expect(validNumber(ctx, 0, 'Max Retry Wait (Seconds)', '7.25', 60, seconds)).toBe(7.25);
		expect(validNumber(ctx, 0, 'Max Retry Wait (Seconds)', '7.5', 60, seconds)).toBe(7.5);
		expect(validNumber(ctx, 0, 'Max Retry Wait (Seconds)', 0, 60, seconds)).toBe(0);
		expect(validNumber(ctx, 0, 'Max Retry Wait (Seconds)', 3600, 60, seconds)).toBe(3600);
	});

	it.each([
		[0, 'Concurrency 0 is out of range; it must be a whole number from 1 to at most 50 [item 0]'],
		[51, 'Concurrency 51 is out of range; it must be a whole number from 1 to at most 50 [item 0]'],
		[2.5, 'Concurrency 2.5 is out of range; it must be a whole number from 1 to at most 50 [item 0]'],
		['2.5', 'Concurrency 2.5 is out of range; it must be a whole number from 1 to at most 50 [item 0]'],
	])('refuses %j outside whole 1..50', (raw, message) => {
		const error = refusal(() => validNumber(ctx, 0, 'Concurrency', raw, 20, whole));
		expect(error.message).toBe(message);
		expect(error.description).toBe('Enter a whole number from 1 to at most 50 in "Concurrency".');
	});

	it.each([
		['abc', 'Timeout "abc" is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		['-1', 'Timeout "-1" is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		['1e3', 'Timeout "1e3" is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		['5 s', 'Timeout "5 s" is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		[Number.NaN, 'Timeout NaN is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		[Number.POSITIVE_INFINITY, 'Timeout Infinity is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		[true, 'Timeout true is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		[[5], 'Timeout (a list) is not a number; it must be a number from 0 to at most 3600 [item 6]'],
		[{ s: 5 }, 'Timeout (an object) is not a number; it must be a number from 0 to at most 3600 [item 6]'],
	])('refuses %j as not a number', (raw, message) => {
		const error = refusal(() => validNumber(ctx, 6, 'Timeout', raw, 30, seconds));
		expect(error.message).toBe(message);
		expect(error.description).toBe('Enter a number from 0 to at most 3600 in "Timeout".');
		expect(error.context?.itemIndex).toBe(6);
	});

	it('refuses a negative number and one above the ceiling, fractions allowed in between', () => {
		expect(refusal(() => validNumber(ctx, 0, 'Timeout', -0.5, 30, seconds)).message).toBe(
			'Timeout -0.5 is out of range; it must be a number from 0 to at most 3600 [item 0]',
		);
		expect(refusal(() => validNumber(ctx, 0, 'Timeout', 3600.5, 30, seconds)).message).toBe(
			'Timeout 3600.5 is out of range; it must be a number from 0 to at most 3600 [item 0]',
		);
	});
});

describe('validExpiration: zones at the limits', () => {
	it('keeps Z and ±14:00 as written, refuses a minute more or minutes past 59', () => {
		expect(expiration('2026-12-01T09:00:00Z', 'Europe/Amsterdam')).toBe('2026-12-01T09:00:00Z');
		expect(expiration('2026-12-01T09:00:00-14:00', 'UTC')).toBe('2026-12-01T09:00:00-14:00');
		expect(expiration('2026-12-01T09:00:00+14:00', 'UTC')).toBe('2026-12-01T09:00:00+14:00');
		expect(expiration('2026-12-01T09:00:00.123+01:00', 'UTC')).toBe('2026-12-01T09:00:00.123+01:00');
		expect(expiration('2026-12-01T09:00:00+05:59', 'UTC')).toBe('2026-12-01T09:00:00+05:59');
		expect(() => expiration('2026-12-01T09:00:00-14:01', 'UTC')).toThrow(
			'Expiration "2026-12-01T09:00:00-14:01" has the offset -14:01, beyond ±14:00 [item 0]',
		);
		expect(() => expiration('2026-12-01T09:00:00+05:60', 'UTC')).toThrow(
			'Expiration "2026-12-01T09:00:00+05:60" has the offset +05:60, beyond ±14:00 [item 0]',
		);
	});

	it('refuses hour 24 and second 60, and says how to write a valid one', () => {
		expect(() => expiration('2026-12-01T24:00:00', 'UTC')).toThrow('Expiration "2026-12-01T24:00:00" is not a real calendar date [item 0]');
		expect(() => expiration('2026-12-01T23:59:60', 'UTC')).toThrow('Expiration "2026-12-01T23:59:60" is not a real calendar date [item 0]');
		expect(refusal(() => expiration('soon', 'UTC')).description).toBe(
			'Pick a date in the date picker, or give an ISO 8601 date-time such as 2026-12-01T09:00:00+01:00: the offset written ±HH:MM within ±14:00, or Z for UTC. Without an offset it is read in the workflow\'s time zone.',
		);
	});

	it('an expiration at exactly the current instant is already past', () => {
		const at = Date.parse('2026-12-01T09:00:00Z');
		const error = refusal(() => validExpiration(ctx, 1, '2026-12-01T09:00:00Z', 'UTC', at));
		expect(error.message).toBe('Expiration 2026-12-01T09:00:00Z is in the past [item 1]');
		expect(error.description).toBe('Choose an expiration after the current time; an invitation cannot expire before it is used.');
		expect(validExpiration(ctx, 1, '2026-12-01T09:00:00Z', 'UTC', at - 1)).toBe('2026-12-01T09:00:00Z');
	});
});
