// Test helpers for the API double: start it on a free port, call it with fetch.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDouble } = require('../../tools/double/server.js');

export interface Double {
	url: string;
	port: number;
	close(): Promise<void>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	state: any;
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export const S1_TOKEN = 's1-valid-token';
export const S1_KEY = 's1-valid-key';
export const BOLD_TOKEN = '0afdf1dc-06f5-465b-a094-aa4196f6e7df';
export const BOLD_KEY = 'bold-valid-key';

export const LEGACY = '/public/v1/accounts/account-users';

export async function start(options?: object): Promise<Double> {
	return startDouble(options);
}

export interface CallOptions {
	headers?: Record<string, string>;
	body?: unknown;
	rawBody?: string;
	signal?: AbortSignal;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	let body: string | undefined;
	if (opts.rawBody !== undefined) body = opts.rawBody;
	else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['content-type'] = headers['content-type'] ?? 'application/json';
	}
	const res = await fetch(base + path, { method, headers, body, signal: opts.signal });
	const text = await res.text();
	let json: unknown = undefined;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** SoftwareOne call with the default bearer token. */
export function s1(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
	return call(base, method, path, { ...opts, headers: { authorization: `Bearer ${S1_TOKEN}`, ...(opts.headers ?? {}) } });
}

/** Bold call with the default bearer token. */
export function boldCall(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
	return call(base, method, path, { ...opts, headers: { authorization: `Bearer ${BOLD_TOKEN}`, ...(opts.headers ?? {}) } });
}

/** Control API call; throws unless it answers 200. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function control(base: string, method: string, path: string, body?: unknown): Promise<any> {
	const a = await call(base, method, `/__control${path}`, { body });
	if (a.status !== 200) throw new Error(`control ${method} ${path} -> ${a.status} ${a.text}`);
	return a.json;
}

export function createBody(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		user: { email, firstName: 'Test', lastName: 'User' },
		groups: [{ id: 'UGR-1234-5678' }],
		...extra,
	};
}

/** An ISO 8601 date/time with a +02:00 offset, `days` from now. */
export function isoWithOffset(days: number): string {
	const local = new Date(Date.now() + days * 86_400_000 + 2 * 3_600_000);
	return `${local.toISOString().slice(0, 19)}+02:00`;
}

/**
 * One double for the whole test file, reset before each test. The object is filled in by
 * beforeAll, so tests read `double.url` as usual.
 */
export function useDouble(options?: object): Double {
	const double = {} as Double;
	beforeAll(async () => {
		Object.assign(double, await start(options));
	});
	afterAll(async () => {
		await double.close();
	});
	beforeEach(async () => {
		await control(double.url, 'POST', '/reset');
	});
	return double;
}
