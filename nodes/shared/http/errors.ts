import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { Scrubber } from './scrub';

const STATUS_MESSAGES: Record<number, { message: string; fix: string }> = {
	400: {
		message: 'The API rejected the request as invalid',
		fix: 'Correct the fields named below and run the node again.',
	},
	401: {
		message: 'The API did not accept the credential (wrong or expired token or key)',
		fix: 'Open the credential, paste a valid token or API key, and press Test.',
	},
	403: {
		message: 'The credential is not allowed to do this',
		fix: 'Use a token or key whose account has the rights for this action (SoftwareOne answers 403 to a token of the wrong account type).',
	},
	404: {
		message: 'The API found nothing at this address (404)',
		fix: 'Check the ID, and that the credential points at the environment where the record exists.',
	},
	409: {
		message: 'The API reported a conflict with an existing record (409)',
		fix: 'Nothing was changed. Check the existing record before trying again.',
	},
	429: {
		message: 'The API\'s rate limit was reached (too many requests)',
		fix: 'Lower Concurrency, raise Max Retries or Max Retry Wait in the node options, or run the workflow later.',
	},
};

export function statusText(status: number): StatusText {
	if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status];
	if (status >= 500) {
		return {
			message: `The API had a server error (${status})`,
			fix: 'This is on the service side. Run the workflow again later; the node already retried where that was safe.',
		};
	}
	return { message: `The API answered with status ${status}`, fix: 'See the details below.' };
}

/** The longest part of a redirect's Location an error quotes. */
const QUOTED_LOCATION = 200;

/**
 * A 3xx: the node never follows one (the token would go where the server says), so the user is
 * told where it pointed and to put that address into the credential. apiError scrubs the text.
 */
export function redirectText(status: number, location: unknown, baseUrl: string): StatusText {
	const target = typeof location === 'string' && location.trim() !== '' ? location.trim() : undefined;
	let where = '';
	if (target !== undefined) {
		let resolved = target;
		try {
			resolved = new URL(target, baseUrl).href;
		} catch {
			// Quoted as sent: a Location that is not a URL is itself the clue.
		}
		where = ` The server pointed to ${resolved.slice(0, QUOTED_LOCATION)}.`;
	}
	return {
		message: `The API answered with a redirect (${status}) instead of a result`,
		fix: `The node does not follow redirects, so that the credential is never sent to another address.${where} Set the credential's base URL to the API's own address (for example https:// instead of http://) and run again.`,
	};
}

/** The most of one server text (a title, a field message, a string in the kept body) an error keeps. */
export const MAX_SERVER_TEXT = 500;
/** The most lines of the vendor's words, and entries of one list or object in the kept body. */
const MAX_SERVER_ENTRIES = 20;
const MAX_SERVER_DEPTH = 4;

const cut = (text: string): string => (text.length > MAX_SERVER_TEXT ? `${text.slice(0, MAX_SERVER_TEXT)}…` : text);

/**
 * The body as an error keeps it: every string cut to MAX_SERVER_TEXT, lists and objects to their
 * first MAX_SERVER_ENTRIES entries, nesting to MAX_SERVER_DEPTH; a server's answer has no length
 * limit, an error must. Built from own entries only. Cut after scrubbing, never before.
 */
export function boundedBody(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return cut(value);
	if (value === null || typeof value !== 'object') return value;
	if (depth >= MAX_SERVER_DEPTH) return '…';
	if (Array.isArray(value)) return value.slice(0, MAX_SERVER_ENTRIES).map((entry) => boundedBody(entry, depth + 1));
	return Object.fromEntries(
		Object.entries(value)
			.slice(0, MAX_SERVER_ENTRIES)
			.map(([key, entry]) => [cut(key), boundedBody(entry, depth + 1)]),
	);
}

/** The vendor's own words, from a SoftwareOne problem details body or a Bold error body. */
export function vendorDetails(body: unknown): string[] {
	return vendorLines(body)
		.slice(0, MAX_SERVER_ENTRIES)
		.map(cut);
}

function vendorLines(body: unknown): string[] {
	if (body === null || body === undefined || body === '') return [];
	if (typeof body !== 'object') return [String(body).slice(0, 500)];
	const data = body as Record<string, unknown>;
	const lines: string[] = [];
	const add = (label: string, value: unknown) => {
		if (value !== undefined && value !== null && String(value).trim() !== '') {
			lines.push(label ? `${label}: ${String(value)}` : String(value));
		}
	};
	add('', data.title);
	add('', data.detail);
	if (data.message !== undefined && data.message !== data.title) add('', data.message);
	if (data.errorMessage !== undefined && data.errorMessage !== data.message) add('', data.errorMessage);
	const errors = data.errors;
	if (Array.isArray(errors)) {
		for (const entry of errors) {
			add('', typeof entry === 'object' && entry ? (entry as JsonObject).message ?? JSON.stringify(entry) : entry);
		}
	} else if (errors && typeof errors === 'object') {
		for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
			add(field, Array.isArray(messages) ? messages.join('; ') : messages);
		}
	}
	add('Error code', data.errorCode);
	add('Trace ID', data.traceId);
	return lines;
}

/** What an operation says for a status, instead of the words the status alone gives. */
export interface StatusText {
	message: string;
	fix: string;
}

const itemSuffix = (itemIndex: number | undefined) => (itemIndex === undefined ? '' : ` [item ${itemIndex}]`);

/**
 * A NodeApiError a workflow builder can act on: what happened, the vendor's words, how to fix it,
 * which item, and the HTTP status. The body is scrubbed before anything is read from it.
 */
export function apiError(
	node: INode,
	status: number,
	body: unknown,
	scrubber: Scrubber,
	itemIndex: number | undefined,
	attempts: number,
	/** Replaces the message and fix that the status alone would give. */
	summary?: StatusText,
): NodeApiError {
	const { message, fix } = summary ?? statusText(status);
	const clean = boundedBody(scrubber.value(body));
	const details = vendorDetails(clean);
	const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	const response: JsonObject = {
		httpCode: String(status),
		...(clean && typeof clean === 'object' && !Array.isArray(clean) ? (clean as JsonObject) : {}),
	};
	return new NodeApiError(node, response, {
		message: scrubber.text(`${message}${retried}${itemSuffix(itemIndex)}`),
		description: scrubber.text([...details, fix].join('\n')),
		httpCode: String(status),
		itemIndex,
	});
}

/** A failure without a readable answer (refused, reset, timeout, unreadable body); `httpCode` when there was a status. */
export function transportError(
	node: INode,
	what: string,
	fix: string,
	itemIndex: number | undefined,
	code: string,
	scrubber: Scrubber,
	httpCode?: number,
): NodeApiError {
	// Not under "code": NodeApiError would swap our message for its generic text about that code.
	const response: JsonObject = { failure: code };
	if (httpCode !== undefined) response.httpCode = String(httpCode);
	return new NodeApiError(node, response, {
		message: scrubber.text(`${what}${itemSuffix(itemIndex)}`),
		description: scrubber.text(fix),
		itemIndex,
		...(httpCode !== undefined && { httpCode: String(httpCode) }),
	});
}
