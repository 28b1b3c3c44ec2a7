/**
 * How a failed attempt may be repeated. The split follows what the server can have done:
 * - notProcessed: the server provably did nothing (refused connection, 429, 503) — always safe to send again;
 * - ambiguous: the request may have been carried out (reset, timeout, 502, 504, unreadable 2xx body) —
 *   only an idempotent request is sent again blindly; others go through the operation's reconciliation;
 * - final: every other answer (4xx, 500) — never retried;
 * - notSent: the request never left this machine (a header HTTP cannot carry): sending it again
 *   fails the same way, and nothing can have been done;
 * - cancelled: the execution was stopped; nothing is sent again, whatever the first attempt did.
 */
export type FailureKind = 'notProcessed' | 'ambiguous' | 'final' | 'notSent' | 'cancelled';

const NOT_PROCESSED_STATUSES = new Set([429, 503]);
const AMBIGUOUS_STATUSES = new Set([502, 504]);
const NOT_PROCESSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const AMBIGUOUS_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	// The session's own: an answer cut off at its size limit may still have done its work.
	'ERESPONSETOOLARGE',
]);
/** Node's own refusals, thrown before a byte goes out: a header name or value, a URL it cannot send. */
const NOT_SENT_CODES = new Set([
	'ERR_INVALID_CHAR',
	'ERR_INVALID_HTTP_TOKEN',
	'ERR_HTTP_INVALID_HEADER_VALUE',
	'ERR_INVALID_URL',
	'ERR_INVALID_PROTOCOL',
	'ERR_UNESCAPED_CHARACTERS',
	'ERR_INVALID_ARG_TYPE',
	'ERR_INVALID_ARG_VALUE',
]);
/** The HTTP client's word for an aborted request: here only the execution's cancellation aborts one. */
const CANCELLED_CODES = new Set(['ERR_CANCELED']);

export function classifyStatus(status: number): FailureKind {
	if (NOT_PROCESSED_STATUSES.has(status)) return 'notProcessed';
	if (AMBIGUOUS_STATUSES.has(status)) return 'ambiguous';
	return 'final';
}

export function classifyNetworkCode(code: string | undefined): FailureKind {
	if (code && NOT_PROCESSED_CODES.has(code)) return 'notProcessed';
	if (code && NOT_SENT_CODES.has(code)) return 'notSent';
	if (code && CANCELLED_CODES.has(code)) return 'cancelled';
	if (code && AMBIGUOUS_CODES.has(code)) return 'ambiguous';
	// An unknown transport failure may have reached the server: treat it as ambiguous, never as safe.
	return 'ambiguous';
}

/**
 * An HTTP-date in any of its three forms (RFC 9110 5.6.7): a month name, a time and a 4-digit year
 * (2 digits in the obsolete RFC 850 form). Anything else is not handed to Date.parse, whose legacy
 * parser reads "-5" or ".5" as a day in 2001.
 */
const HTTP_DATE =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? +(\d{1,2}[ -](Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ -]\d{2,4} +\d{2}:\d{2}:\d{2} +GMT|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{2}:\d{2}:\d{2} +\d{4})$/;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
	if (text === undefined || text.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text.trim()) * 1000);
	if (!HTTP_DATE.test(text.trim())) return undefined;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}

/** Exponential back-off with full jitter: attempt 1 waits up to base, attempt 2 up to 2×base, … */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
