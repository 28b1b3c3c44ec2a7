import { type NodeContext, invalidInput } from '../validation';

/**
 * The one place where values become parts of a URL. Operations and the list search build every
 * path with `apiPath` from `segment`s, and every query with `apiQuery` from RQL built here: a value
 * that could leave its place (a dot segment, a quote that closes an RQL string, an `&` that starts a
 * new parameter) is refused with the field and item named, before any request.
 */

declare const pathBrand: unique symbol;
declare const queryBrand: unique symbol;
/** A path below the base URL, built only here (every value validated and encoded). */
export type ApiPath = string & { readonly [pathBrand]: true };
/** A query string without `?`, built only here. */
export type ApiQuery = string & { readonly [queryBrand]: true };

const SEGMENT_BRAND: unique symbol = Symbol('segment');
const RQL_BRAND: unique symbol = Symbol('rql');

/** One validated, encoded path segment. */
export interface Segment {
	readonly [SEGMENT_BRAND]: true;
	readonly encoded: string;
}

/** A piece of RQL built here: a condition, or a value ready to sit in one. */
export interface Rql {
	readonly [RQL_BRAND]: true;
	readonly text: string;
}

/** Where a value came from, to name it in the error. */
export interface Origin {
	ctx: NodeContext;
	/** Undefined for a node setting outside any input item (the trigger's). */
	itemIndex: number | undefined;
	/** The field as the user sees it, like "User" or "Email". */
	label: string;
}

export interface SegmentShape {
	pattern: RegExp;
	/** What a valid value looks like, said when the pattern does not match. */
	expected: string;
}

const MAX_SEGMENT_LENGTH = 200;
const MAX_RQL_TEXT_LENGTH = 320;
/** Control characters have no place in an id or a filter; in a URL they only hide what is sent. */
const CONTROL_CHARACTERS = { test: (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) };

function refuse(origin: Origin, message: string, fix: string): never {
	throw invalidInput(origin.ctx, origin.itemIndex, message, fix);
}

/** Quotes a value for an error text without letting control characters through. */
function shown(value: string): string {
	return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/**
 * A path segment: never empty, `.` or `..` (the HTTP client would resolve those and leave the
 * user's path), of the documented shape where there is one, and always percent-encoded.
 */
export function segment(origin: Origin, raw: string, shape?: SegmentShape): Segment {
	const value = raw;
	if (value === '') refuse(origin, `${origin.label} is required but empty`, `Enter a value in "${origin.label}".`);
	if (value === '.' || value === '..') {
		refuse(
			origin,
			`${origin.label} ${shown(value)} is not a valid ID`,
			`"${origin.label}" must be the ID of one record; "." and ".." are path steps, not IDs.`,
		);
	}
	if (value.length > MAX_SEGMENT_LENGTH || CONTROL_CHARACTERS.test(value)) {
		refuse(
			origin,
			`${origin.label} ${shown(value)} is not a valid ID`,
			`"${origin.label}" must be one ID of at most ${MAX_SEGMENT_LENGTH} characters, without line breaks or control characters.`,
		);
	}
	if (shape && !shape.pattern.test(value)) {
		refuse(origin, `${origin.label} ${shown(value)} is not valid`, `${origin.label} must be ${shape.expected}.`);
	}
	return { [SEGMENT_BRAND]: true, encoded: encodeURIComponent(value) };
}

/** A fixed path with validated segments in its gaps: apiPath`/v2/users/${id}/invitation`. */
export function apiPath(fixed: TemplateStringsArray, ...segments: Segment[]): ApiPath {
	let path = fixed[0];
	segments.forEach((part, index) => {
		if (part?.[SEGMENT_BRAND] !== true) throw new TypeError('apiPath takes only segments built by segment()');
		path += part.encoded + fixed[index + 1];
	});
	return path as ApiPath;
}

/** Extends a path built here by one validated segment (a collection → one of its records). */
export function childPath(base: ApiPath, part: Segment): ApiPath {
	if (part?.[SEGMENT_BRAND] !== true) throw new TypeError('childPath takes only segments built by segment()');
	return `${base}/${part.encoded}` as ApiPath;
}

/** Extends a path built here by fixed steps (like /send-new-invite). */
export function subPath(base: ApiPath, fixed: `/${string}`): ApiPath {
	if (!/^(\/[a-z][a-z-]*)+$/.test(fixed)) throw new TypeError(`"${fixed}" is not a fixed path step`);
	return `${base}${fixed}` as ApiPath;
}

// ---------------------------------------------------------------- RQL

const rql = (text: string): Rql => ({ [RQL_BRAND]: true, text });

/**
 * An RQL string value in double quotes. RQL gives `"` and `\` no escape every server agrees on, so
 * a value with either is refused; every other character that means something in a query string
 * (`&`, `#`, `+`, `%`, `,`, `(`, `)`, spaces) is percent-encoded inside the quotes.
 */
export function rqlText(origin: Origin, value: string): Rql {
	if (/["\\]/.test(value) || CONTROL_CHARACTERS.test(value)) {
		refuse(
			origin,
			`${origin.label} ${shown(value)} contains a character the API's query language cannot take`,
			`Remove double quotes ("), backslashes (\\) and line breaks from "${origin.label}".`,
		);
	}
	if (value.length > MAX_RQL_TEXT_LENGTH) {
		refuse(
			origin,
			`${origin.label} is ${value.length} characters long; at most ${MAX_RQL_TEXT_LENGTH} can be searched for`,
			`Shorten "${origin.label}".`,
		);
	}
	const encoded = encodeURIComponent(value).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return rql(`"${encoded}"`);
}

/** An ilike pattern: `*` is RQL's wildcard, the term around it is quoted like rqlText. */
export function rqlContains(origin: Origin, term: string): Rql {
	const quoted = rqlText(origin, term).text;
	return rql(`"*${quoted.slice(1, -1)}*"`);
}

/** One of a fixed list of values (an options field, perhaps set by an expression). */
export function rqlEnum<T extends string>(origin: Origin, value: unknown, allowed: readonly T[]): Rql {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		refuse(
			origin,
			`${origin.label} ${typeof value === 'string' ? shown(value) : `(${typeof value})`} is not one of the allowed values`,
			`Use one of: ${allowed.join(', ')}.`,
		);
	}
	return rql(value);
}

/** An id of a documented shape (like ACC-1234-5678), written bare. */
export function rqlId(origin: Origin, value: string, shape: SegmentShape): Rql {
	if (!shape.pattern.test(value) || !/^[A-Za-z0-9-]+$/.test(value)) {
		refuse(origin, `${origin.label} ${shown(value)} is not valid`, `${origin.label} must be ${shape.expected}.`);
	}
	return rql(value);
}

/** The account-user properties the node filters on. */
export type RqlProperty = 'id' | 'user.email' | 'user.name' | 'invitation.status' | 'account.id';

export const rqlEq = (property: RqlProperty, value: Rql): Rql => rql(`eq(${property},${value.text})`);
export const rqlIlike = (property: RqlProperty, pattern: Rql): Rql => rql(`ilike(${property},${pattern.text})`);
export const rqlOr = (...conditions: Rql[]): Rql => rql(`or(${conditions.map((c) => c.text).join(',')})`);

/** Any of `values` (each built here: rqlId, rqlText), as the platform writes a list: in(id,(A,B)). */
export function rqlIn(property: RqlProperty, values: Rql[]): Rql {
	if (values.length === 0 || values.some((value) => value?.[RQL_BRAND] !== true)) throw new TypeError('rqlIn takes one or more values built here');
	return rql(`in(${property},(${values.map((value) => value.text).join(',')}))`);
}

/** The audit times a list can be compared on; whether the live API filters on them is unconfirmed. */
export type RqlTimeProperty = 'audit.created.at';

/**
 * `ge(audit.created.at,"2026-12-07T10:00:00.000Z")`: at or after an instant, written the way the
 * API writes its own times (ISO 8601, UTC, milliseconds), quoted and encoded as rqlText does.
 */
export function rqlAtOrAfter(property: RqlTimeProperty, epochMs: number): Rql {
	if (!Number.isSafeInteger(epochMs) || epochMs < 0) throw new RangeError(`${String(epochMs)} is not a time the node sends`);
	return rql(`ge(${property},"${encodeURIComponent(new Date(epochMs).toISOString())}")`);
}

/** All conditions at once; undefined when there are none. */
export function rqlAnd(conditions: Rql[]): Rql | undefined {
	if (conditions.length === 0) return undefined;
	return conditions.length === 1 ? conditions[0] : rql(`and(${conditions.map((c) => c.text).join(',')})`);
}

// ---------------------------------------------------------------- query

export interface QueryParts {
	/** Appended raw, first: SoftwareOne reads RQL from the query string, not from a named parameter. */
	rql?: Rql;
	limit?: number;
	offset?: number;
	/** Extra blocks to include, like audit. */
	select?: Array<'audit'>;
	/** Bold: the user group a new user joins (POST /v2/users) — a positive whole number. */
	userGroupId?: number;
	/** Bold: whether the user is that group's admin. */
	groupAdmin?: boolean;
	/**
	 * RQL's order (`order=id`, `-` for descending): a stable order keeps a list read page by page
	 * from reshuffling between pages. Only properties named here are sent.
	 */
	order?: Array<{ property: OrderProperty; descending?: boolean }>;
}

/** The properties a list is ordered by. */
export type OrderProperty = 'id';
const ORDER_PROPERTIES: readonly string[] = ['id'];

function pagingNumber(name: string, value: number, max: number): string {
	if (!Number.isInteger(value) || value < 0 || value > max) {
		throw new RangeError(`${name}=${String(value)} is not a paging value the node sends`);
	}
	return `${name}=${value}`;
}

/** The query string, without the `?`. */
export function apiQuery(parts: QueryParts): ApiQuery {
	const pieces: string[] = [];
	if (parts.rql) {
		if (parts.rql[RQL_BRAND] !== true) throw new TypeError('apiQuery takes only RQL built here');
		pieces.push(parts.rql.text);
	}
	// `+audit` as the API documents it: "add the audit block to the default fields".
	if (parts.select?.length) pieces.push(`select=${parts.select.map((block) => `+${block}`).join(',')}`);
	if (parts.order?.length) {
		const keys = parts.order.map(({ property, descending }) => {
			if (!ORDER_PROPERTIES.includes(property)) throw new TypeError(`order=${String(property)} is not an order the node sends`);
			return `${descending === true ? '-' : ''}${property}`;
		});
		pieces.push(`order=${keys.join(',')}`);
	}
	if (parts.limit !== undefined) pieces.push(pagingNumber('limit', parts.limit, 1000));
	if (parts.offset !== undefined) pieces.push(pagingNumber('offset', parts.offset, Number.MAX_SAFE_INTEGER));
	if (parts.userGroupId !== undefined) {
		if (!Number.isInteger(parts.userGroupId) || parts.userGroupId < 1) throw new RangeError(`userGroupId=${String(parts.userGroupId)} is not an id the node sends`);
		pieces.push(`userGroupId=${parts.userGroupId}`);
	}
	if (parts.groupAdmin !== undefined) pieces.push(`groupAdmin=${parts.groupAdmin === true ? 'true' : 'false'}`);
	return pieces.join('&') as ApiQuery;
}
