/**
 * The one secret scrubber: every text that leaves the node (error message, description, the
 * vendor body kept on an error, every output item) passes through here. It works on parsed values,
 * never on JSON text, so a secret with `"` or `\` is found, and a short secret cannot break a parse.
 */

export const MASK = '***';

/** The ways a secret can appear in a text the node did not write: as is, JSON-escaped, URL-encoded. */
function forms(secrets: readonly string[]): string[] {
	const all = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret === '') continue;
		all.add(secret);
		all.add(JSON.stringify(secret).slice(1, -1));
		all.add(encodeURIComponent(secret));
	}
	// Longest first: a secret that contains another is replaced whole.
	return [...all].sort((a, b) => b.length - a.length);
}

export interface Scrubber {
	text(value: string): string;
	/** A deep copy with every string (keys too) scrubbed. */
	value<T>(value: T): T;
}

export function scrubberFor(secrets: readonly string[]): Scrubber {
	const patterns = forms(secrets);
	const text = (value: string): string => {
		let result = value;
		for (const pattern of patterns) if (result.includes(pattern)) result = result.split(pattern).join(MASK);
		return result;
	};
	const value = <T>(input: T, seen = new WeakMap<object, unknown>()): T => {
		if (typeof input === 'string') return text(input) as T;
		if (input === null || typeof input !== 'object') return input;
		if (seen.has(input)) return seen.get(input) as T;
		if (Array.isArray(input)) {
			const copy: unknown[] = [];
			seen.set(input, copy);
			for (const entry of input) copy.push(value(entry, seen));
			return copy as T;
		}
		const prototype = Object.getPrototypeOf(input) as unknown;
		if (prototype !== Object.prototype && prototype !== null) return input;
		const copy: Record<string, unknown> = {};
		seen.set(input, copy);
		for (const [key, entry] of Object.entries(input)) copy[text(key)] = value(entry, seen);
		return copy as T;
	};
	if (patterns.length === 0) return { text: (v) => v, value: (v) => v };
	return { text, value: (input) => value(input) };
}

/** Scrubs an error's own texts in place (message, description) and returns it. */
export function scrubError<E extends Error>(error: E, scrubber: Scrubber): E {
	const details = error as E & { description?: unknown; context?: unknown };
	error.message = scrubber.text(error.message);
	if (typeof details.description === 'string') details.description = scrubber.text(details.description);
	if (typeof error.stack === 'string') error.stack = scrubber.text(error.stack);
	return error;
}
