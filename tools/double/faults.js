'use strict';
// Part of the API double; why hand-written: server.js.
// Fault rules set through POST /__control/faults. The first rule whose method
// and path match an API request (and still has times left) is used, and one of
// its times is spent. Kinds:
//   status    answer `status` with the vendor's error body (+ Retry-After)
//   reset     destroy the socket without answering
//   hang      never answer
//   malformed 200 with a truncated JSON body
//   latency   wait `delayMs`, then answer normally
// `delayMs` delays any kind. With `afterProcessing: true` the real work is done
// first (state changes, e-mails counted) and then the fault replaces the answer:
// an ambiguous failure, as when a gateway times out after the backend committed.

const { result, problem, boldError, retryAfterValue } = require('./http');

const KINDS = ['status', 'reset', 'hang', 'malformed', 'latency'];
const MALFORMED_BODY = '{"broken": ';

function badRule(i, msg) {
	return Object.assign(new Error(`rules[${i}]: ${msg}`), { status: 400 });
}

function compileRule(r, i) {
	if (!r || typeof r !== 'object') throw badRule(i, 'must be an object');
	if (!KINDS.includes(r.kind)) throw badRule(i, `kind must be one of ${KINDS.join(', ')}`);
	let pathRe = null;
	if (r.path !== undefined && r.path !== null && r.path !== '') {
		try {
			pathRe = new RegExp(String(r.path));
		} catch (e) {
			throw badRule(i, `path is not a valid regular expression: ${e.message}`);
		}
	}
	const method = r.method ? String(r.method).toUpperCase() : null;
	let times = Infinity;
	if (r.times !== undefined && r.times !== null) {
		if (!Number.isInteger(r.times) || r.times < 1) throw badRule(i, 'times must be a positive integer');
		times = r.times;
	}
	let status = null;
	if (r.kind === 'status') {
		status = r.status === undefined ? 503 : r.status;
		if (!Number.isInteger(status) || status < 400 || status > 599) throw badRule(i, 'status must be an HTTP error status (400-599)');
	}
	if (r.retryAfter !== undefined && typeof r.retryAfter !== 'number' && typeof r.retryAfter !== 'string') {
		throw badRule(i, 'retryAfter must be a number of seconds or an HTTP-date string');
	}
	const delayMs = r.delayMs === undefined ? 0 : r.delayMs;
	if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw badRule(i, 'delayMs must be a non-negative number');
	if (r.kind === 'latency' && delayMs === 0) throw badRule(i, 'a latency rule needs delayMs');
	return {
		method: method === '*' ? null : method,
		path: pathRe ? String(r.path) : null,
		pathRe,
		kind: r.kind,
		remaining: times,
		status,
		retryAfter: r.retryAfter === undefined ? null : r.retryAfter,
		delayMs,
		afterProcessing: r.afterProcessing === true,
		hits: 0,
	};
}

/** Replaces (or, with append, extends) the rules. Throws an Error with .status 400 on a bad rule. */
function setRules(state, rules, append) {
	if (!Array.isArray(rules)) throw Object.assign(new Error('rules must be an array'), { status: 400 });
	const compiled = rules.map(compileRule);
	state.faults = append ? state.faults.concat(compiled) : compiled;
}

function clear(state) {
	state.faults = [];
}

/** Finds and spends the first matching rule; the path regex is tried on the path, then on path + query. */
function match(state, method, pathname, url) {
	for (const r of state.faults) {
		if (r.remaining <= 0) continue;
		if (r.method && r.method !== method) continue;
		if (r.pathRe && !r.pathRe.test(pathname) && !r.pathRe.test(url)) continue;
		r.remaining--;
		r.hits++;
		return r;
	}
	return null;
}

/** The rules as the control API shows them: without the compiled path, an unlimited rule's remaining as null. */
function describe(state) {
	return state.faults.map(({ pathRe, ...rule }) => ({ ...rule, remaining: rule.remaining === Infinity ? null : rule.remaining }));
}

/** The answer of a `status` rule, in the vendor's error shape. */
function statusResult(rule, vendor) {
	const headers = {};
	const ra = retryAfterValue(rule.retryAfter);
	if (ra !== null) headers['Retry-After'] = ra;
	const detail = `Injected fault: status ${rule.status}.`;
	const body =
		vendor === 'bold'
			? boldError(rule.status, detail, 'injectedFaultError')
			: problem(rule.status, detail);
	return result(rule.status, body, headers);
}

function malformedResult() {
	return result(200, MALFORMED_BODY);
}

module.exports = { setRules, clear, match, describe, statusResult, malformedResult };
