import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { type ApiContext, type Connection } from './connection';
import type { ApiPath, ApiQuery } from './url';
import { apiError, redirectText, type StatusText, transportError } from './errors';
import { scrubberFor, type Scrubber } from './scrub';
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
	/**
	 * Date.now() by which the caller must be done (the trigger's poll budget): no retry waits past it,
	 * and no request's timeout reaches beyond it. Undefined: no such bound.
	 */
	deadline?: number;
}

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
	body?: IDataObject;
	/**
	 * idempotent: may be sent again after any transient failure.
	 * unsafe: creates, sends e-mail or SMS; sent again only when the server provably did nothing,
	 * or when `reconcile` has checked that the first attempt left no trace.
	 */
	safety: 'idempotent' | 'unsafe';
	/** After an ambiguous failure: the result if the first attempt did its work, undefined to send again. */
	reconcile?: () => Promise<IDataObject | undefined>;
	/** Answers that the operation can turn into a result (Create User: 409 → the existing user). */
	recover?: { statuses: number[]; with: () => Promise<IDataObject | undefined> };
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
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	async request<T = IDataObject>(request: ApiRequest): Promise<T> {
		const { maxRetries } = this.settings;
		// `attempt` counts the tries that use up Max Retries; a 429 while the rest of the run gets
		// through is the pacer's doing and is not counted. `sent` is what the user is told.
		let progressAtLastTry = this.pacer.progress;
		for (let attempt = 1, sent = 1; ; attempt++, sent++) {
			const turn = await this.pacer.turn();
			const result = await this.send(request);
			this.pacer.finish(turn, result.kind === 'answer' ? result.status : 0);
			const failure = this.judge(result);
			if (failure.kind === 'success') return failure.value as T;

			// The error is built only where it is thrown: most failed attempts are retried.
			if (failure.kind === 'final') {
				if (result.kind === 'answer' && request.recover?.statuses.includes(result.status)) {
					const recovered = await request.recover.with();
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
			await sleep(waitMs);
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

	private async send(request: ApiRequest): Promise<Attempt> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: this.urlFor(request),
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect is answered as an error, never followed: n8n would carry the credential's
			// header to wherever the server points (and turn a POST into a GET on 301/302).
			disableFollowRedirect: true,
			timeout: this.timeoutNow(),
		};
		if (request.body !== undefined) options.body = request.body;
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.connection.credentialType,
				options,
				{ credentialsDecrypted: this.connection.credential },
			)) as { statusCode: number; body: unknown; headers?: IDataObject };
			return {
				kind: 'answer',
				status: response.statusCode,
				body: parseBody(response.body),
				headers: response.headers ?? {},
			};
		} catch (error) {
			const code = networkCodeOf(error);
			return { kind: 'network', code, message: (error as Error)?.message ?? String(error) };
		}
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
