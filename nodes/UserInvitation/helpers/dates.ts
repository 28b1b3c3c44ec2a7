/** Anything that looks like a zone at the end, written well or not. */
const ZONE_LIKE_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;
/** The zones Bold accepts: Z, or ±HH:MM within ±14:00. */
const ACCEPTED_ZONE = /(Z|[+-](\d{2}):(\d{2}))$/;

function zoneProblem(text: string): string | undefined {
	const match = ACCEPTED_ZONE.exec(text);
	const written = ZONE_LIKE_SUFFIX.exec(text)?.[1] ?? '';
	if (!match) return `"${text}" has the zone "${written}", which is not written ±HH:MM or Z`;
	if (match[1] === 'Z') return undefined;
	const hours = Number(match[2]);
	const minutes = Number(match[3]);
	if (minutes > 59 || hours * 60 + minutes > 14 * 60) return `"${text}" has the offset ${match[1]}, beyond ±14:00`;
	return undefined;
}
const WALL_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** Minutes east of UTC that `timeZone` has at the instant `utcMs`. */
export function offsetMinutesAt(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((wallAsUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function formatWithOffset(utcMs: number, offsetMinutes: number): string {
	const wall = new Date(utcMs + offsetMinutes * 60_000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	return (
		`${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
		`T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
		`${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`
	);
}

/**
 * The instant a wall time names in a zone, resolved as n8n's date library (Luxon) does: an hour
 * that occurs twice takes the first fitting offset; an hour skipped by spring-forward moves forward
 * by the size of the gap (02:30 on a skipped night becomes 03:30 in the new offset).
 */
function wallTimeToUtc(wallAsUtc: number, timeZone: string): number {
	const first = offsetMinutesAt(wallAsUtc, timeZone);
	let guess = wallAsUtc - first * 60_000;
	const second = offsetMinutesAt(guess, timeZone);
	if (first === second) return guess;
	guess -= (second - first) * 60_000;
	const third = offsetMinutesAt(guess, timeZone);
	if (second === third) return guess;
	return wallAsUtc - Math.min(second, third) * 60_000;
}

export type ExpirationResult =
	| { ok: true; iso: string; utcMs: number }
	| { ok: false; problem: string };

/**
 * Turns what the n8n date picker or an expression gives into ISO 8601 with an offset, as Bold requires.
 * A value that already has an offset is kept exactly as typed; a wall time without one is read in
 * the workflow's time zone (the picker yields "2026-12-01T09:00:00" with no zone).
 */
export function toIsoWithOffset(value: unknown, timeZone: string): ExpirationResult {
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		value = (value as { toISO: () => string }).toISO();
	} else if (value instanceof Date) {
		value = value.toISOString();
	}
	if (typeof value !== 'string' || value.trim() === '') {
		return { ok: false, problem: 'is not a date' };
	}
	const text = value.trim();
	if (ZONE_LIKE_SUFFIX.test(text)) {
		const problem = zoneProblem(text);
		if (problem) return { ok: false, problem };
		const utcMs = Date.parse(text);
		if (Number.isNaN(utcMs) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
			return { ok: false, problem: `"${text}" is not an ISO 8601 date-time` };
		}
		return { ok: true, iso: text, utcMs };
	}
	const match = WALL_TIME.exec(text);
	if (!match) return { ok: false, problem: `"${text}" is not an ISO 8601 date-time` };
	const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
	const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wallAsUtc);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
		return { ok: false, problem: `"${text}" is not a real calendar date` };
	}
	const utcMs = wallTimeToUtc(wallAsUtc, timeZone);
	return { ok: true, iso: formatWithOffset(utcMs, offsetMinutesAt(utcMs, timeZone)), utcMs };
}
