'use strict';
// Part of the API double; why hand-written: server.js.
// A token bucket over all API routes (control routes are not limited). It
// starts full (`burst` tokens) and refills `rps` tokens a second. An empty
// bucket answers 429 with Retry-After = whole seconds until the next token
// (at least 1).

const { result, problem, boldError } = require('./http');

/**
 * Takes one token. @returns {number} 0 when the request may go on, otherwise
 * the Retry-After seconds to answer with.
 */
function take(state) {
	const cfg = state.config.rateLimit;
	if (!cfg) return 0;
	const now = Date.now();
	let b = state.bucket;
	if (!b || b.rps !== cfg.rps || b.burst !== cfg.burst) {
		b = state.bucket = { rps: cfg.rps, burst: cfg.burst, tokens: cfg.burst, at: now };
	}
	b.tokens = Math.min(b.burst, b.tokens + ((now - b.at) / 1000) * b.rps);
	b.at = now;
	if (b.tokens >= 1) {
		b.tokens -= 1;
		return 0;
	}
	return Math.max(1, Math.ceil((1 - b.tokens) / b.rps));
}

function limitedResult(retryAfter, vendor) {
	const detail = `Rate limit exceeded; retry after ${retryAfter} s.`;
	const body = vendor === 'bold' ? boldError(429, 'Too many requests', 'tooManyRequestsError', detail) : problem(429, detail);
	return result(429, body, { 'Retry-After': String(retryAfter) });
}

module.exports = { take, limitedResult };
