'use strict';
// Bold Smart Lock: PUT /v2/users/{userId}/invitation and GET /v1/account.
// Errors use Bold's body {message, code, errorMessage, errorCode}. The error
// codes' exact spelling is not published (camelCase, as seen from the live
// API by third-party clients, e.g. "invalidEmailError"): unconfirmed.

const { result, boldError } = require('./http');
const { authenticate } = require('./auth');
const { bump } = require('./state');

const INVITATION_PATH = /^\/v2\/users\/([^/]+)\/invitation\/?$/;
const LANGUAGE = /^[a-z]{2}$/;
// Date, time, optional seconds and fraction, and a zone: Z or an offset.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const FIELDS = ['language', 'expiration', 'emailAddress', 'sendEmail', 'phoneNumber', 'sendSms'];

// Headers the live API sends (seed document); copied on every answer.
const BOLD_HEADERS = {
	'Access-Control-Expose-Headers': 'authorization, content-type',
	'Access-Control-Allow-Headers': 'authorization, content-type',
	'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS, PUT',
	'Access-Control-Allow-Origin': '*',
	'X-Content-Type-Options': 'nosniff',
};

function isBoldPath(pathname) {
	return pathname === '/v1' || pathname === '/v2' || pathname.startsWith('/v1/') || pathname.startsWith('/v2/');
}

function answer(status, body) {
	return result(status, body, BOLD_HEADERS);
}

function badRequest(errorCode, message) {
	return answer(400, boldError(400, message, errorCode));
}

// ---------------------------------------------------------------- store

function seedUser(state, spec) {
	const users = state.bold.users;
	const bad = (msg) => Object.assign(new Error(msg), { status: 400 });
	let id = spec && spec.id !== undefined ? Number(spec.id) : null;
	if (id !== null && (!Number.isInteger(id) || id < 1)) throw bad('boldUsers[].id must be a positive integer');
	if (id === null) {
		id = 1;
		for (const k of users.keys()) if (k >= id) id = k + 1;
	}
	const rec = { id };
	for (const k of ['emailAddress', 'phoneNumber', 'language', 'expiration', 'firstName', 'lastName']) {
		if (spec && spec[k] !== undefined && spec[k] !== null) rec[k] = spec[k];
	}
	users.set(id, rec);
	return rec;
}

function controlView(rec) {
	return Object.assign({}, rec);
}

// ---------------------------------------------------------------- validation

function validExpiration(value) {
	const m = ISO_WITH_OFFSET.exec(value);
	if (!m) return false;
	const [, y, mo, d, h, mi, s, , oh, om] = m;
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
	if (day > daysInMonth) return false;
	if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return false;
	if (oh !== undefined && (Number(oh) > 14 || Number(om) > 59)) return false;
	return !Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

/** @returns {object|null} a Bold 400 answer, or null when the body is valid. */
function validateInvitation(body) {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return badRequest('invalidRequestError', 'The request body must be a JSON object.');
	}
	const keys = Object.keys(body);
	const unknown = keys.filter((k) => !FIELDS.includes(k));
	if (unknown.length) {
		return badRequest('invalidRequestError', `Unknown field(s): ${unknown.join(', ')}. Allowed: ${FIELDS.join(', ')}.`);
	}
	if (keys.length === 0) {
		return badRequest('invalidRequestError', `Give at least one of: ${FIELDS.join(', ')}.`);
	}
	if ('language' in body && (typeof body.language !== 'string' || !LANGUAGE.test(body.language))) {
		return badRequest('invalidLanguageError', `Invalid language '${body.language}': use an ISO 639-1 code of two lowercase letters, e.g. "en".`);
	}
	if ('expiration' in body) {
		const v = body.expiration;
		if (typeof v !== 'string') {
			return badRequest('invalidExpirationError', 'Invalid expiration: give an ISO 8601 date/time string with a timezone offset.');
		}
		if (ISO_WITHOUT_OFFSET.test(v)) {
			return badRequest('invalidExpirationError', `Invalid expiration '${v}': the timezone offset is missing (e.g. "2022-06-23T13:53:02+02:00").`);
		}
		if (!validExpiration(v)) {
			return badRequest('invalidExpirationError', `Invalid expiration '${v}': use ISO 8601 with a timezone offset, e.g. "2022-06-23T13:53:02+02:00".`);
		}
		if (Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) <= Date.now()) {
			return badRequest('invalidExpirationError', `Invalid expiration '${v}': the date is in the past.`);
		}
	}
	if ('emailAddress' in body && (typeof body.emailAddress !== 'string' || !EMAIL.test(body.emailAddress))) {
		return badRequest('invalidEmailError', `Invalid email address '${body.emailAddress}'.`);
	}
	if ('sendEmail' in body && typeof body.sendEmail !== 'boolean') {
		return badRequest('invalidRequestError', 'sendEmail must be a boolean.');
	}
	if ('phoneNumber' in body && (typeof body.phoneNumber !== 'string' || !E164.test(body.phoneNumber))) {
		return badRequest('invalidPhoneError', `Invalid phone number '${body.phoneNumber}': use E.164, e.g. "+31850607337".`);
	}
	if ('sendSms' in body && typeof body.sendSms !== 'boolean') {
		return badRequest('invalidRequestError', 'sendSms must be a boolean.');
	}
	return null;
}

// ---------------------------------------------------------------- handlers

function updateInvitation(state, rawId, ctx) {
	if (!/^\d+$/.test(rawId)) return answer(404, boldError(404, 'User not found', 'userNotFoundError', `No user with id '${rawId}'.`));
	let body;
	try {
		body = ctx.body && ctx.body.trim() ? JSON.parse(ctx.body) : {};
	} catch (e) {
		return badRequest('invalidRequestError', `The request body is not valid JSON: ${e.message}`);
	}
	const invalid = validateInvitation(body);
	if (invalid) return invalid;
	const id = Number(rawId);
	const rec = state.bold.users.get(id);
	if (!rec) return answer(404, boldError(404, 'User not found', 'userNotFoundError', `No user with id ${id}.`));

	for (const k of ['language', 'expiration', 'emailAddress', 'phoneNumber']) {
		if (body[k] !== undefined) rec[k] = body[k];
	}
	const b = state.bold;
	bump(b.updatesByUser, id);
	if (body.sendEmail === true) bump(b.emailsByUser, id);
	if (body.sendSms === true) bump(b.smsByUser, id);
	return answer(200, { id });
}

function authError(auth) {
	if (auth === 'forbidden') {
		return answer(403, boldError(403, 'Insufficient rights', 'forbiddenError', 'The token does not give rights to this action.'));
	}
	return answer(
		401,
		boldError(401, 'Invalid authentication token', 'invalidTokenError', auth === 'missing' ? 'No authentication token was given.' : 'The authentication token is invalid or has expired.'),
	);
}

function handle(state, ctx) {
	const m = INVITATION_PATH.exec(ctx.pathname);
	const isAccount = ctx.pathname === '/v1/account' || ctx.pathname === '/v1/account/';
	if (!m && !isAccount) {
		return answer(404, boldError(404, 'Not found', 'notFoundError', `No route matches ${ctx.method} ${ctx.pathname}.`));
	}
	const allowed = m ? 'PUT' : 'GET';
	if (ctx.method !== allowed) {
		return result(405, boldError(405, 'Method not allowed', 'methodNotAllowedError', `Use ${allowed} here.`), Object.assign({ Allow: allowed }, BOLD_HEADERS));
	}
	const auth = authenticate(state, 'bold', ctx.headers);
	if (auth !== 'ok') return authError(auth);
	if (isAccount) return answer(200, { id: 1, name: 'Double Organization' });
	let rawId;
	try {
		rawId = decodeURIComponent(m[1]);
	} catch (e) {
		rawId = m[1];
	}
	return updateInvitation(state, rawId, ctx);
}

module.exports = { isBoldPath, handle, seedUser, controlView, validateInvitation, BOLD_HEADERS };
