import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { type ApiContext, type Connection } from './connection';
import type { ApiPath, ApiQuery } from './url';
import { apiError, redirectText, type StatusText, transportError } from './errors';
import { scrubberFor, type Scrubber } from './scrub';
import { DryRunStop } from './dryRun';
import { Pacer, type PacingClock, SYSTEM_CLOCK } from './pacing';
import {
	backoffDelay,
	classifyNetworkCode,
	classifyStatus,
	type FailureKind,
	parseRetryAfter,
} from './retryPolicy';

export { serviceMismatch, resolveConnection, type Connection } from './connection';
export type { StatusText } from './errors';
export type { ApiPath, ApiQuery } from './url';
export { scrubError, scrubberFor, type Scrubber } from './scrub';


export interface RetrySettings {
	maxRetries: number;
	maxRetryWaitMs: number;
	timeoutMs: number;
	/** First back-off step for failures that carry no Retry-After. */
	backoffBaseMs: number;
	/** Most requests in flight at once; the pacer may allow fewer after rate limits. */
	concurrency: number;
	/** Most bytes an answer may have once decompressed; MAX_RESPONSE_BYTES when not given. */
	maxResponseBytes?: number;
	/**
	 * Date.now() by which the caller must be done (the trigger's poll budget): no retry waits past it,
	 * and no request's timeout reaches beyond it. Undefined: no such bound.
	 */
	deadline?: number;
}

/**
 * The most an answer may hold, counted after decompression: a gzip body of a few kilobytes can
 * inflate to gigabytes. The largest real answer (a page of 100 account users) is well under 1 MB.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 5,
	maxRetryWaitMs: 60_000,
	timeoutMs: 30_000,
	backoffBaseMs: 500,
	concurrency: 50,
};

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, from http/url.ts. */
	path: ApiPath;
	/** Query string appended as is (SoftwareOne RQL is not a key=value pair), from http/url.ts. */
	query?: ApiQuery;
	/** An object; a list only where the API takes one (SoftwareOne's PUT …/groups). */
	body?: IDataObject | IDataObject[];
	/**
	 * idempotent: may be sent again after any transient failure.
	 * unsafe: creates, sends e-mail or SMS; sent again only when the server provably did nothing,
	 * or when `reconcile` has checked that the first attempt left no trace.
	 */
	safety: 'idempotent' | 'unsafe';
	/** After an ambiguous failure: the result if the first attempt did its work, undefined to send again. */
	reconcile?: () => Promise<IDataObject | undefined>;
	/** Answers that the operation can turn into a result (Create User: 409 → the existing user); `with` gets the answer's body. */
	recover?: { statuses: number[]; with: (body: unknown) => Promise<IDataObject | undefined> };
	/** Said when an unsafe request failed ambiguously and cannot be reconciled. */
	ambiguousWarning?: string;
	/** What the operation says for a final status, in its own words (Create: 404 = path not served). */
	statusTexts?: Partial<Record<number, StatusText>>;
	itemIndex?: number;
}

/** The longest body text kept for an error; cut only after scrubbing. */
const MAX_BODY_TEXT = 20_000;
/** How much of an unreadable body an error quotes. */
const QUOTED_BODY_TEXT = 200;

type ParsedBody = { ok: true; value: unknown } | { ok: false; text: string };

type Attempt =
	| { kind: 'answer'; status: number; body: ParsedBody; headers: IDataObject }
	| { kind: 'network'; code: string; message: string };

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);
/** Our code for an answer cut off at maxResponseBytes. */
const TOO_LARGE = 'ERESPONSETOOLARGE';

/** A response body as n8n hands it over with `encoding: 'stream'` (a Node Readable). */
interface BodyStream {
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
	destroy(error?: Error): void;
}

function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function' &&
		typeof (body as Partial<BodyStream>).destroy === 'function'
	);
}

/** Why an attempt was stopped before its answer was complete. */
type StopReason = 'deadline' | 'cancelled' | 'tooLarge';
const STOP_CODES: Record<StopReason, string> = { deadline: 'ETIMEDOUT', cancelled: 'ERR_CANCELED', tooLarge: TOO_LARGE };

/**
 * Waits `ms`, or less when `signal` aborts. n8n-workflow's sleep clears its timer when given a
 * signal (n8n 2.x); an older sleep ignores it and its timer simply runs out later, to no effect.
 */
async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	const timer = new AbortController();
	let onAbort = () => {};
	try {
		await Promise.race([
			sleep(ms, timer.signal).catch(() => undefined),
			new Promise<void>((resolve) => {
				onAbort = resolve;
				signal.addEventListener('abort', onAbort, { once: true });
			}),
		]);
	} finally {
		signal.removeEventListener('abort', onAbort);
		timer.abort();
	}
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'The API refused the connection',
	ECONNRESET: 'The API closed the connection before answering',
	EPIPE: 'The API closed the connection before answering',
	ENOTFOUND: 'The API\'s host name could not be found',
	EAI_AGAIN: 'The API\'s host name could not be looked up',
};

function networkCodeOf(error: unknown): string {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; cause?: unknown; message?: unknown };
		if (typeof candidate.code === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+|UND_[A-Z_]+)$/.test(candidate.code)) {
			return candidate.code;
		}
		if (typeof candidate.message === 'string' && /timeout of \d+ms exceeded/.test(candidate.message)) {
			return 'ECONNABORTED';
		}
		current = candidate.cause;
	}
	return 'UNKNOWN';
}

/** Bodies are parsed as JSON whatever the content type says; text stays text. */
function parseBody(body: unknown): ParsedBody {
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) as unknown };
	} catch {
		return { ok: false, text: body.slice(0, MAX_BODY_TEXT) };
	}
}

/**
 * One per node run: owns the credential choice, the retry rules and the pacing shared by all
 * items, so that a 429 told to one request slows every other request down too.
 */
export class ApiSession {
	private readonly pacer: Pacer;

	/** Removes the credential's secrets from every text this session hands out. */
	readonly scrubber: Scrubber;

	private readonly basePath: string;

	/** The execution's cancellation (Stop, or n8n's own execution timeout); undefined outside a run. */
	private readonly cancelSignal: AbortSignal | undefined;

	/** Dry Run: every request but a GET is stopped before it is sent (DryRunStop says what it was). */
	dryRun = false;

	constructor(
		private readonly ctx: ApiContext,
		readonly connection: Connection,
		readonly settings: RetrySettings = DEFAULT_RETRY_SETTINGS,
		private readonly random: () => number = Math.random,
		clock: PacingClock = SYSTEM_CLOCK,
	) {
		this.pacer = new Pacer(settings.concurrency, clock);
		this.scrubber = scrubberFor(connection.secrets);
		this.basePath = new URL(connection.baseUrl).pathname.replace(/\/+$/, '');
		const withSignal = ctx as Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>;
		this.cancelSignal =
			typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal.call(ctx) : undefined;
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	async request<T = IDataObject>(request: ApiRequest): Promise<T> {
		if (this.dryRun && request.method !== 'GET') {
			const path = request.query ? `${request.path}?${request.query}` : request.path;
			throw new DryRunStop({ method: request.method, path, body: request.body === undefined ? undefined : this.scrubber.value(request.body) });
		}
		const { maxRetries } = this.settings;
		// `attempt` counts the tries that use up Max Retries; a 429 while the rest of the run gets
		// through is the pacer's doing and is not counted. `sent` is what the user is told.
		let progressAtLastTry = this.pacer.progress;
		// Built before the pacer hands out a slot: a path that cannot be sent must not hold one.
		const url = this.urlFor(request);
		for (let attempt = 1, sent = 1; ; attempt++, sent++) {
			if (this.cancelSignal?.aborted) throw this.cancelledError(request, sent > 1);
			const turn = await this.pacer.turn();
			let result: Attempt = { kind: 'network', code: STOP_CODES.cancelled, message: 'cancelled' };
			const sendsNow = !this.cancelSignal?.aborted;
			try {
				if (sendsNow) result = await this.send(request, url);
			} finally {
				// Exactly once per turn, whatever happened: a turn never finished holds its slot for good.
				this.pacer.finish(turn, result.kind === 'answer' ? result.status : 0);
			}
			const failure = this.judge(result);
			if (failure.kind === 'success') return failure.value as T;
			if (failure.kind === 'cancelled' || this.cancelSignal?.aborted) throw this.cancelledError(request, sendsNow || sent > 1);
			if (failure.kind === 'notSent') throw this.describe(result, request, sent);

			// The error is built only where it is thrown: most failed attempts are retried.
			if (failure.kind === 'final') {
				if (result.kind === 'answer' && request.recover?.statuses.includes(result.status)) {
					const recovered = await request.recover.with(result.body.ok ? result.body.value : undefined);
					if (recovered !== undefined) return recovered as unknown as T;
				}
				throw this.describe(result, request, sent);
			}

			if (failure.kind === 'ambiguous' && request.safety === 'unsafe') {
				if (!request.reconcile) {
					throw this.ambiguousError(result, request);
				}
				const done = await request.reconcile();
				if (done !== undefined) return done as unknown as T;
			}
			const rateLimited = result.kind === 'answer' && result.status === 429;
			if (rateLimited && this.pacer.madeProgressSince(progressAtLastTry)) attempt--;
			progressAtLastTry = this.pacer.progress;
			if (attempt > maxRetries) throw this.describe(result, request, sent);

			const waitMs = this.retryDelay(result, attempt);
			if (waitMs > this.settings.maxRetryWaitMs) throw this.waitTooLongError(result, request, sent, waitMs);
			if (this.settings.deadline !== undefined && Date.now() + waitMs >= this.settings.deadline) throw this.describe(result, request, sent);
			if (rateLimited) {
				// The pacer slows the whole run down and re-queues this request behind its rate.
				this.pacer.rateLimited(turn, waitMs);
				continue;
			}
			if (result.kind === 'answer' && classifyStatus(result.status) === 'notProcessed') {
				// "Busy" (503): every request of this run waits, not just this one.
				this.pacer.pauseFrom(turn.sentAt, waitMs);
				continue;
			}
			// A cancelled execution stops waiting at once; the loop's first line then ends the request.
			await waitUnlessAborted(waitMs, this.cancelSignal);
		}
	}

	/**
	 * The full URL, checked once more as the HTTP client will read it: a path that a URL parser
	 * would change (a dot segment, a stray `?` or `#`) never goes out.
	 */
	private urlFor(request: ApiRequest): string {
		const url = `${this.connection.baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
		const parsed = new URL(url);
		if (parsed.pathname !== `${this.basePath}${request.path}` || parsed.hash !== '' || /[?#]/.test(request.path)) {
			throw new TypeError(`The path ${request.path} would not arrive as built`);
		}
		return url;
	}

	/** Timeout, cut to what is left before the deadline. */
	private timeoutNow(): number {
		const { deadline, timeoutMs } = this.settings;
		return deadline === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
	}

	/**
	 * One attempt, ended by a wall-clock deadline of Timeout from sending to the last byte of the
	 * answer (the HTTP client's own timeout only notices a silent socket, not one that drips), by the
	 * execution's cancellation, or by an answer larger than maxResponseBytes, whichever comes first.
	 */
	private async send(request: ApiRequest, url: string): Promise<Attempt> {
		const stopper = new AbortController();
		// Listening before anything can stop the attempt: a stop that came first would never be heard.
		const stoppedEarly = new Promise<undefined>((resolve) => {
			stopper.signal.addEventListener('abort', () => resolve(undefined), { once: true });
		});
		let stopped: StopReason | undefined;
		const stop = (reason: StopReason) => {
			if (stopped) return;
			stopped = reason;
			stopper.abort();
		};
		const onCancel = () => stop('cancelled');
		this.cancelSignal?.addEventListener('abort', onCancel, { once: true });
		if (this.cancelSignal?.aborted) stop('cancelled');
		const attemptOver = new AbortController();
		void sleep(this.timeoutNow(), attemptOver.signal).then(
			() => stop('deadline'),
			() => undefined,
		);

		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect is answered as an error, never followed: n8n would carry the credential's
			// header to wherever the server points (and turn a POST into a GET on 301/302).
			disableFollowRedirect: true,
			timeout: this.timeoutNow(),
			// Read here, byte by byte, so that size and deadline hold while the body arrives.
			encoding: 'stream',
		};
		// n8n 2.x's request helper puts the execution's own signal here instead; its HTTP client then
		// ends a dripped header by its own wall-clock timer, and a dripped body is ended below.
		options.abortSignal = stopper.signal;
		if (request.body !== undefined) options.body = request.body;
		try {
			const sending = this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.connection.credentialType,
				options,
				{ credentialsDecrypted: this.connection.credential },
			) as Promise<{ statusCode: number; body: unknown; headers?: IDataObject }>;
			// An answer that arrives after the deadline is closed unread; a late failure is dropped.
			sending.then(
				(late) => {
					if (stopped && isBodyStream(late?.body)) late.body.destroy();
				},
				() => undefined,
			);
			const response = await Promise.race([sending, stoppedEarly]);
			if (!response || stopped) return this.stoppedAttempt(stopped ?? 'deadline');
			const body = await this.readBody(response.body, stopper.signal, () => stop('tooLarge'));
			if (stopped) return this.stoppedAttempt(stopped);
			return {
				kind: 'answer',
				status: response.statusCode,
				body: parseBody(body),
				headers: response.headers ?? {},
			};
		} catch (error) {
			if (stopped) return this.stoppedAttempt(stopped);
			const code = networkCodeOf(error);
			return { kind: 'network', code, message: (error as Error)?.message ?? String(error) };
		} finally {
			attemptOver.abort();
			this.cancelSignal?.removeEventListener('abort', onCancel);
		}
	}

	private stoppedAttempt(reason: StopReason): Attempt {
		return { kind: 'network', code: STOP_CODES[reason], message: reason };
	}

	/**
	 * The body as text, counted as it arrives (after decompression) and cut off past the limit.
	 * Bodies that are not streams (an older n8n, or a test's stand-in) are returned as they came.
	 */
	private async readBody(body: unknown, signal: AbortSignal, tooLarge: () => void): Promise<unknown> {
		if (!isBodyStream(body)) return body;
		const limit = this.settings.maxResponseBytes ?? MAX_RESPONSE_BYTES;
		const close = () => body.destroy();
		if (signal.aborted) close();
		signal.addEventListener('abort', close, { once: true });
		const chunks: Buffer[] = [];
		let size = 0;
		try {
			for await (const chunk of body) {
				const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
				size += bytes.length;
				if (size > limit) {
					tooLarge();
					close();
					break;
				}
				chunks.push(bytes);
			}
		} finally {
			signal.removeEventListener('abort', close);
		}
		return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
	}

	private judge(
		result: Attempt,
	): { kind: 'success'; value: unknown } | { kind: FailureKind } {
		if (result.kind === 'network') return { kind: classifyNetworkCode(result.code) };
		if (result.status >= 200 && result.status < 300) {
			// A 2xx we cannot read may still have done its work.
			return result.body.ok ? { kind: 'success', value: result.body.value ?? {} } : { kind: 'ambiguous' };
		}
		return { kind: classifyStatus(result.status) };
	}

	private retryDelay(result: Attempt, attempt: number): number {
		if (result.kind === 'answer') {
			const retryAfter = parseRetryAfter(result.headers['retry-after'], Date.now());
			if (retryAfter !== undefined) return retryAfter;
		}
		return backoffDelay(attempt, this.settings.backoffBaseMs, this.settings.maxRetryWaitMs, this.random);
	}

	private describe(result: Attempt, request: ApiRequest, attempts: number) {
		const { scrubber } = this;
		if (result.kind === 'answer') {
			const parsed = result.body;
			if (result.status >= 200 && result.status < 300) {
				// Scrubbed before it is cut: a cut through a secret would leave half of it readable.
				const start = parsed.ok ? '' : scrubber.text(parsed.text).slice(0, QUOTED_BODY_TEXT);
				return transportError(
					this.node,
					'The API answered with a body that is not valid JSON',
					`Status ${result.status}; the body starts with: ${start}. Check that the credential's base URL points at the API, not at a web page or proxy.`,
					request.itemIndex,
					'EBADJSON',
					scrubber,
					result.status,
				);
			}
			const body = parsed.ok ? parsed.value : parsed.text;
			const summary =
				request.statusTexts?.[result.status] ??
				(result.status < 400 ? redirectText(result.status, result.headers.location, this.connection.baseUrl) : undefined);
			return apiError(this.node, result.status, body, scrubber, request.itemIndex, attempts, summary);
		}
		if (result.code === TOO_LARGE) {
			const megabytes = Math.round((this.settings.maxResponseBytes ?? MAX_RESPONSE_BYTES) / (1024 * 1024));
			return transportError(
				this.node,
				`The API's answer was larger than ${megabytes} MB, so the node stopped reading it`,
				`Check that the credential's base URL (${new URL(this.connection.baseUrl).origin}) points at the API, not at a download, a web page or a proxy. Network error code: ${result.code}.`,
				request.itemIndex,
				result.code,
				scrubber,
			);
		}
		if (classifyNetworkCode(result.code) === 'notSent') {
			return transportError(
				this.node,
				'The request could not be sent: a header or the address has a character HTTP does not allow',
				`Nothing was sent. Open the credential and remove spaces, line breaks and other control characters from the token or API key, Header Name and Prefix. Network error code: ${result.code}.`,
				request.itemIndex,
				result.code,
				scrubber,
			);
		}
		const timedOut = TIMEOUT_CODES.has(result.code);
		// The code goes into the description only: in the message n8n would replace our words with its own.
		return transportError(
			this.node,
			timedOut
				? `The API did not answer within ${Math.round(this.settings.timeoutMs / 1000)} s`
				: (NETWORK_FAILURES[result.code] ?? 'The connection to the API failed'),
			`${
				timedOut
					? 'Raise Timeout in the node options, or run again later.'
					: `Check the credential's base URL (${new URL(this.connection.baseUrl).origin}) and the network between n8n and the API.`
			} Network error code: ${result.code}.`,
			request.itemIndex,
			result.code,
			scrubber,
		);
	}

	private waitTooLongError(result: Attempt, request: ApiRequest, attempts: number, waitMs: number) {
		if (result.kind !== 'answer') return this.describe(result, request, attempts);
		const parsed = result.body;
		const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;
		return apiError(this.node, result.status, parsed.ok ? parsed.value : parsed.text, this.scrubber, request.itemIndex, attempts, {
			message: `The API asked to wait ${seconds(waitMs)} before retrying, longer than Max Retry Wait (${seconds(this.settings.maxRetryWaitMs)})`,
			fix: 'Raise Max Retry Wait in the node options, lower Concurrency, or run the workflow later.',
		});
	}

	/** The execution was stopped (Stop, or n8n's execution timeout): nothing more is sent for this item. */
	private cancelledError(request: ApiRequest, maybeSent: boolean) {
		const maybeDone = maybeSent && request.safety === 'unsafe';
		return transportError(
			this.node,
			`The execution was cancelled before the API answered${maybeDone ? '; the request may have been carried out' : ''}`,
			maybeDone
				? (request.ambiguousWarning ??
						'The API may have processed the request before the execution was cancelled. Check the result before running this item again.')
				: 'Nothing more was sent for this item. Run the workflow again when you want it to finish.',
			request.itemIndex,
			STOP_CODES.cancelled,
			this.scrubber,
		);
	}

	private ambiguousError(result: Attempt, request: ApiRequest) {
		const cause = this.describe(result, { ...request, itemIndex: undefined }, 1);
		return transportError(
			this.node,
			`${cause.message}; the request may have been carried out`,
			request.ambiguousWarning ??
				'The API may have processed the request before the connection failed. Check the result before running this item again.',
			request.itemIndex,
			result.kind === 'network' ? result.code : String(result.status),
			this.scrubber,
			result.kind === 'answer' ? result.status : undefined,
		);
	}
}
