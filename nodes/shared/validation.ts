import type { INode } from 'n8n-workflow';
import { NodeOperationError, tryToParseDateTime } from 'n8n-workflow';
import { ISO_639_1_CODES } from './languages';

/** Every check that runs before a request, in one place, so messages read the same everywhere. */

/** What the checks need of n8n's context: the node, to name it in errors. */
export type NodeContext = { getNode(): INode };

export const PATTERNS = {
	email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
	e164: /^\+[1-9]\d{1,14}$/,
	groupId: /^UGR-\d{4}-\d{4}$/,
	accountId: /^ACC-\d{4}-\d{4}$/,
	/** Documented as AUSR-1234-5678; kept open to other prefixes, never to other characters. */
	accountUserId: /^[A-Za-z0-9-]{1,64}$/,
	boldUserId: /^\d+$/,
};

export interface TextRule {
	required?: boolean;
	maxLength?: number;
	pattern?: RegExp;
	/** What a valid value looks like, said when the pattern does not match. */
	expected?: string;
	/** One line of visible text: no control characters, line breaks or text-direction marks. */
	plainText?: boolean;
}

/**
 * Characters that change how a text reads rather than what it says: C0 and C1 controls (line
 * breaks, tabs, escape), Unicode line and paragraph separators, and the bidirectional controls that
 * reorder what follows them (U+202E turns "Smith" into "htimS" on screen).
 */
function hasHiddenCharacter(value: string): boolean {
	for (const character of value) {
		const code = character.codePointAt(0) ?? 0;
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
		if (code === 0x2028 || code === 0x2029 || code === 0x061c || code === 0x200e || code === 0x200f) return true;
		if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
	}
	return false;
}

/**
 * First and last name: they go into the vendor's invitation e-mail as they are. 100 characters is
 * the limit the platform's own contact model gives names.
 */
export const PERSON_NAME_RULE: TextRule = { required: true, maxLength: 100, plainText: true };

/**
 * `itemIndex` undefined: the value is a node setting, not part of an input item (a trigger has no
 * input items), so the message names no item.
 */
export function invalidInput(
	ctx: NodeContext,
	itemIndex: number | undefined,
	message: string,
	fix: string,
): NodeOperationError {
	if (itemIndex === undefined) return new NodeOperationError(ctx.getNode(), message, { description: fix });
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description: fix,
	});
}

/**
 * One value for a single-value field: a text, or a finite number (an expression may give 5 for an
 * ID). A list or an object is an error, never unwrapped or turned into "[object Object]".
 */
function singleText(ctx: NodeContext, itemIndex: number | undefined, label: string, raw: unknown): string {
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'string') return raw;
	if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
	if (Array.isArray(raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`${label} must be one value, not a list`,
			itemIndex === undefined
				? `"${label}" takes one value. If an expression returns a list, make it return one entry.`
				: `"${label}" takes one value. If an expression returns a list, pick one entry, like {{ $json.list[0] }}, or split the list into items first.`,
		);
	}
	throw invalidInput(
		ctx,
		itemIndex,
		`${label} must be a text, not ${typeof raw === 'object' ? 'an object' : `a ${typeof raw}`}`,
		`Map a text value to "${label}", not ${typeof raw === 'object' ? 'a whole object' : `a whole object or a ${typeof raw}`}.`,
	);
}

/** Trims a text field and checks it; returns undefined for an empty optional field. */
export function validText(
	ctx: NodeContext,
	itemIndex: number | undefined,
	label: string,
	raw: unknown,
	rule: TextRule = {},
): string | undefined {
	const value = singleText(ctx, itemIndex, label, raw).trim();
	if (value === '') {
		if (!rule.required) return undefined;
		throw invalidInput(
			ctx,
			itemIndex,
			`${label} is required but empty`,
			itemIndex === undefined
				? `Enter a value in "${label}".`
				: `Enter a value in "${label}", or map a field of the input item that is never empty.`,
		);
	}
	if (rule.maxLength !== undefined && value.length > rule.maxLength) {
		throw invalidInput(
			ctx,
			itemIndex,
			`${label} is ${value.length} characters long; the API accepts at most ${rule.maxLength}`,
			`Shorten "${label}" to ${rule.maxLength} characters or fewer.`,
		);
	}
	if (rule.plainText && hasHiddenCharacter(value)) {
		// The value is not quoted: the characters in question would garble the message itself.
		throw invalidInput(
			ctx,
			itemIndex,
			`${label} contains a line break, control character or text-direction mark`,
			`Remove line breaks, tabs and invisible direction marks (such as U+202E) from "${label}": it is shown as it is, in the invitation e-mail too.`,
		);
	}
	if (rule.pattern && !rule.pattern.test(value)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`${label} "${value}" is not valid`,
			`${label} must be ${rule.expected ?? `in the form ${rule.pattern.source}`}.`,
		);
	}
	return value;
}

/** Group IDs from a comma-separated text, or from an array an expression returned. */
export function validGroupIds(ctx: NodeContext, itemIndex: number, raw: unknown): string[] {
	const list = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,;]+/))
		.map((entry) => (entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : entry))
		.map((entry) => String(entry ?? '').trim())
		.filter((entry) => entry !== '');
	if (list.length === 0) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Group IDs is required but empty',
			'Enter at least one user group ID, for example UGR-1234-5678; separate several with commas.',
		);
	}
	for (const id of list) {
		validText(ctx, itemIndex, 'Group ID', id, {
			pattern: PATTERNS.groupId,
			expected: 'a SoftwareOne user group ID like UGR-1234-5678 (find it under Settings → User groups)',
		});
	}
	return [...new Set(list)];
}

export function validLanguage(ctx: NodeContext, itemIndex: number, raw: unknown): string | undefined {
	const value = validText(ctx, itemIndex, 'Language', raw);
	if (value === undefined) return undefined;
	if (!ISO_639_1_CODES.has(value)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`Language "${value}" is not an ISO 639-1 code`,
			'Use a two-letter lower-case language code such as en, de, fr, nl or es.',
		);
	}
	return value;
}

/** ISO 8601 as the date picker and expressions give it: a date, a time, an optional offset. */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-](\d{2}):?(\d{2}))?$/i;

type Expiration = { ok: true; iso: string; utcMs: number } | { ok: false; problem: string };

/**
 * Bold wants ISO 8601 with an offset. A value with an offset is kept exactly as typed; a wall time
 * without one (what the date picker gives) is read in the workflow's time zone by n8n-workflow's
 * own date parser, as n8n reads dates everywhere (a wall time skipped by spring-forward moves
 * forward by the gap). The shape is checked here first, because that parser falls back to
 * Date.parse, which rolls 2026-02-29 over to 1 March.
 */
function toIsoWithOffset(value: unknown, timeZone: string): Expiration {
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		value = (value as { toISO: () => string }).toISO();
	} else if (value instanceof Date) {
		value = value.toISOString();
	}
	if (typeof value !== 'string' || value.trim() === '') return { ok: false, problem: 'is not a date' };
	const text = value.trim();
	const match = ISO_DATE_TIME.exec(text);
	const hasOffset = Boolean(match?.[7]);
	// Bold refuses every other spelling of a zone: check it here, not with a round trip and a 400.
	if (match && hasOffset) {
		const zone = match[7];
		if (zone !== 'Z' && !/^[+-]\d{2}:\d{2}$/.test(zone)) {
			return { ok: false, problem: `"${text}" has the zone "${zone}", which is not written ±HH:MM or Z` };
		}
		if (zone !== 'Z' && (Number(match[9]) > 59 || Number(match[8]) * 60 + Number(match[9]) > 14 * 60)) {
			return { ok: false, problem: `"${text}" has the offset ${zone}, beyond ±14:00` };
		}
	}
	if (!match || (hasOffset && match[4] === undefined) || Number(match[8] ?? 0) > 23 || Number(match[9] ?? 0) > 59) {
		return { ok: false, problem: `"${text}" is not an ISO 8601 date-time` };
	}
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
		const problem = hasOffset ? 'is not an ISO 8601 date-time' : 'is not a real calendar date';
		return { ok: false, problem: `"${text}" ${problem}` };
	}
	let parsed;
	try {
		parsed = tryToParseDateTime(text, timeZone);
	} catch {
		return { ok: false, problem: `"${text}" is not an ISO 8601 date-time` };
	}
	const iso = hasOffset ? text : parsed.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
	return { ok: true, iso, utcMs: parsed.toMillis() };
}

/** An expiration Bold accepts: ISO 8601 with an offset, in the future. */
export function validExpiration(
	ctx: NodeContext,
	itemIndex: number,
	raw: unknown,
	timeZone: string,
	now: number,
): string | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const result = toIsoWithOffset(raw, timeZone);
	if (!result.ok) {
		throw invalidInput(
			ctx,
			itemIndex,
			`Expiration ${result.problem}`,
			'Pick a date in the date picker, or give an ISO 8601 date-time such as 2026-12-01T09:00:00+01:00: the offset written ±HH:MM within ±14:00, or Z for UTC. Without an offset it is read in the workflow\'s time zone.',
		);
	}
	if (result.utcMs <= now) {
		throw invalidInput(
			ctx,
			itemIndex,
			`Expiration ${result.iso} is in the past`,
			'Choose an expiration after the current time; an invitation cannot expire before it is used.',
		);
	}
	return result.iso;
}

/**
 * A boolean field, perhaps set by an expression: true or false, or those words in any case.
 * Anything else (1, "yes", a list) is an error rather than a silent false.
 */
export function validBoolean(
	ctx: NodeContext,
	itemIndex: number | undefined,
	label: string,
	raw: unknown,
	fallback: boolean,
): boolean {
	if (raw === undefined || raw === null || raw === '') return fallback;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'string' && /^\s*(true|false)\s*$/i.test(raw)) return raw.trim().toLowerCase() === 'true';
	const shown = typeof raw === 'string' ? JSON.stringify(raw) : Array.isArray(raw) ? '(a list)' : typeof raw === 'object' ? '(an object)' : String(raw);
	throw invalidInput(
		ctx,
		itemIndex,
		`${label} ${shown} is not true or false`,
		`Switch "${label}" on or off, or let the expression return true or false.`,
	);
}

export interface NumberRule {
	min: number;
	max: number;
	integer?: boolean;
}

/** A number field, perhaps set by an expression: a number or a numeric text, within its bounds. */
export function validNumber(
	ctx: NodeContext,
	itemIndex: number | undefined,
	label: string,
	raw: unknown,
	fallback: number,
	rule: NumberRule,
): number {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value =
		typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
	const bounds = `a${rule.integer ? ' whole' : ''} number from ${rule.min} to at most ${rule.max}`;
	if (!Number.isFinite(value)) {
		const shown = typeof raw === 'string' ? JSON.stringify(raw) : Array.isArray(raw) ? '(a list)' : typeof raw === 'object' ? '(an object)' : String(raw);
		throw invalidInput(ctx, itemIndex, `${label} ${shown} is not a number; it must be ${bounds}`, `Enter ${bounds} in "${label}".`);
	}
	if (value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
		throw invalidInput(ctx, itemIndex, `${label} ${value} is out of range; it must be ${bounds}`, `Enter ${bounds} in "${label}".`);
	}
	return value;
}
