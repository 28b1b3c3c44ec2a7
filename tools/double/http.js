'use strict';
// Part of the API double; why hand-written: server.js.
// Small HTTP helpers shared by every module: reading bodies, JSON answers,
// the two vendors' error bodies, raw query-string splitting.

const crypto = require('node:crypto');

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

/** A handler's answer, sent later by the pipeline (or replaced by a fault). */
function result(status, body, headers) {
	return { status, body, headers: headers || null };
}

/**
 * The whole request body as a string; rejects with .tooLarge past 1 MiB (the rest is read but not kept,
 * so that the 413 answer still reaches the client).
 */
async function readBody(req) {
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size <= MAX_BODY_BYTES) chunks.push(chunk);
	}
	if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { tooLarge: true });
	return Buffer.concat(chunks).toString('utf8');
}

/** Writes a result: objects become JSON, strings are sent as they are. */
function send(res, r) {
	if (res.writableEnded || res.destroyed) return;
	const headers = r.headers ? Object.assign({}, r.headers) : {};
	let payload = '';
	if (r.body !== undefined && r.body !== null) {
		if (typeof r.body === 'string') {
			payload = r.body;
			if (!headers['Content-Type']) headers['Content-Type'] = JSON_TYPE;
		} else {
			payload = JSON.stringify(r.body);
			headers['Content-Type'] = JSON_TYPE;
		}
	}
	headers['Content-Length'] = Buffer.byteLength(payload);
	res.writeHead(r.status, headers);
	res.end(payload);
}

function traceId() {
	const hex = crypto.randomBytes(24).toString('hex');
	return `00-${hex.slice(0, 32)}-${hex.slice(32, 48)}-00`;
}

const PROBLEM_TYPES = {
	400: ['https://tools.ietf.org/html/rfc9110#section-15.5.1', 'Bad Request'],
	401: ['https://tools.ietf.org/html/rfc9110#section-15.5.2', 'Unauthorized'],
	403: ['https://tools.ietf.org/html/rfc9110#section-15.5.4', 'Forbidden'],
	404: ['https://tools.ietf.org/html/rfc9110#section-15.5.5', 'Not Found'],
	405: ['https://tools.ietf.org/html/rfc9110#section-15.5.6', 'Method Not Allowed'],
	409: ['https://tools.ietf.org/html/rfc9110#section-15.5.10', 'Conflict'],
	413: ['https://tools.ietf.org/html/rfc9110#section-15.5.14', 'Content Too Large'],
	415: ['https://tools.ietf.org/html/rfc9110#section-15.5.16', 'Unsupported Media Type'],
	429: ['https://tools.ietf.org/html/rfc6585#section-4', 'Too Many Requests'],
	500: ['https://tools.ietf.org/html/rfc9110#section-15.6.1', 'Internal Server Error'],
	502: ['https://tools.ietf.org/html/rfc9110#section-15.6.3', 'Bad Gateway'],
	503: ['https://tools.ietf.org/html/rfc9110#section-15.6.4', 'Service Unavailable'],
	504: ['https://tools.ietf.org/html/rfc9110#section-15.6.5', 'Gateway Timeout'],
};

/** RFC 7807 problem details as SoftwareOne serves them (content type application/json). */
function problem(status, detail, extra) {
	const known = PROBLEM_TYPES[status] || ['about:blank', 'Error'];
	const body = { type: known[0], title: known[1], status };
	if (detail) body.detail = detail;
	body.traceId = traceId();
	if (extra) Object.assign(body, extra);
	return body;
}

/** The validation flavour: title "One or more validation errors occurred.", errors by field. */
function validationProblem(errors) {
	return {
		type: PROBLEM_TYPES[400][0],
		title: 'One or more validation errors occurred.',
		status: 400,
		traceId: traceId(),
		errors,
	};
}

/** Bold's error body: {message, code, errorMessage, errorCode}. */
function boldError(code, message, errorCode, errorMessage) {
	return { message, code, errorMessage: errorMessage || message, errorCode };
}

function retryAfterValue(v) {
	if (v === undefined || v === null) return null;
	return typeof v === 'number' ? String(Math.max(0, Math.ceil(v))) : String(v);
}

module.exports = {
	result,
	readBody,
	send,
	traceId,
	problem,
	validationProblem,
	boldError,
	retryAfterValue,
};
