import { offsetMinutesAt, toIsoWithOffset } from '../../../../nodes/UserInvitation/helpers/dates';

describe('offsetMinutesAt', () => {
	it.each([
		['2026-01-15T12:00:00Z', 'Europe/Amsterdam', 60],
		['2026-07-15T12:00:00Z', 'Europe/Amsterdam', 120],
		['2026-01-15T12:00:00Z', 'America/New_York', -300],
		['2026-07-15T12:00:00Z', 'America/New_York', -240],
		['2026-01-15T12:00:00Z', 'Asia/Kolkata', 330],
		['2026-01-15T12:00:00Z', 'America/St_Johns', -210],
		['2026-01-15T12:00:00Z', 'Asia/Kathmandu', 345],
		['2026-01-15T12:00:00Z', 'UTC', 0],
		// The instant of Amsterdam's spring-forward (01:00 UTC) and one second before it.
		['2026-03-29T00:59:59Z', 'Europe/Amsterdam', 60],
		['2026-03-29T01:00:00Z', 'Europe/Amsterdam', 120],
	])('%s in %s is %i minutes east of UTC', (iso, zone, minutes) => {
		expect(offsetMinutesAt(Date.parse(iso), zone)).toBe(minutes);
	});
});

describe('toIsoWithOffset', () => {
	it.each([
		['2026-12-01T09:00:00', 'Europe/Amsterdam', '2026-12-01T09:00:00+01:00'],
		['2026-07-01T09:00:00', 'Europe/Amsterdam', '2026-07-01T09:00:00+02:00'],
		['2026-12-01T09:00:00', 'America/New_York', '2026-12-01T09:00:00-05:00'],
		['2026-07-01T09:00:00', 'America/New_York', '2026-07-01T09:00:00-04:00'],
		['2026-12-01T09:00:00', 'Asia/Kolkata', '2026-12-01T09:00:00+05:30'],
		['2026-12-01T09:00:00', 'America/St_Johns', '2026-12-01T09:00:00-03:30'],
		['2026-12-01T09:00:00', 'UTC', '2026-12-01T09:00:00+00:00'],
		['2026-12-01 09:00', 'UTC', '2026-12-01T09:00:00+00:00'],
		['2026-12-31T23:59:59', 'Pacific/Kiritimati', '2026-12-31T23:59:59+14:00'],
		['2026-12-01T00:00:00', 'Pacific/Pago_Pago', '2026-12-01T00:00:00-11:00'],
	])('reads the wall time %s in %s', (wall, zone, expected) => {
		const result = toIsoWithOffset(wall, zone);
		expect(result).toEqual({ ok: true, iso: expected, utcMs: Date.parse(expected) });
	});

	it('keeps a value with an offset exactly as given, whatever the zone', () => {
		expect(toIsoWithOffset(' 2026-12-01T09:00:00+05:30 ', 'UTC')).toEqual({
			ok: true,
			iso: '2026-12-01T09:00:00+05:30',
			utcMs: Date.parse('2026-12-01T03:30:00Z'),
		});
		expect(toIsoWithOffset('2026-12-01T09:00:00+05:30', 'Europe/Amsterdam')).toEqual({
			ok: true,
			iso: '2026-12-01T09:00:00+05:30',
			utcMs: Date.parse('2026-12-01T03:30:00Z'),
		});
	});

	it('accepts a Date and an object with toISO() (Luxon DateTime)', () => {
		expect(toIsoWithOffset(new Date('2026-12-01T08:00:00Z'), 'Europe/Amsterdam')).toMatchObject({
			ok: true,
			iso: '2026-12-01T08:00:00.000Z',
		});
		expect(toIsoWithOffset({ toISO: () => '2026-12-01T09:00:00.000+01:00' }, 'UTC')).toMatchObject({
			ok: true,
			iso: '2026-12-01T09:00:00.000+01:00',
		});
	});

	it.each([
		[undefined, 'is not a date'],
		[42, 'is not a date'],
		['', 'is not a date'],
		['tomorrow', '"tomorrow" is not an ISO 8601 date-time'],
		['2026-02-29T10:00:00', '"2026-02-29T10:00:00" is not a real calendar date'],
		['2026-04-31', '"2026-04-31" is not a real calendar date'],
		['2026-12-01T10:60:00', '"2026-12-01T10:60:00" is not a real calendar date'],
		['2026-12-01T10:00:00+25:00', '"2026-12-01T10:00:00+25:00" has the offset +25:00, beyond ±14:00'],
		['2026-12-01T10:00:00+14:01', '"2026-12-01T10:00:00+14:01" has the offset +14:01, beyond ±14:00'],
		['2026-12-01T10:00:00+0530', '"2026-12-01T10:00:00+0530" has the zone "+0530", which is not written ±HH:MM or Z'],
		['2026-12-01T10:00:00z', '"2026-12-01T10:00:00z" has the zone "z", which is not written ±HH:MM or Z'],
	])('refuses %j: %s', (value, problem) => {
		expect(toIsoWithOffset(value, 'UTC')).toEqual({ ok: false, problem });
	});
});
