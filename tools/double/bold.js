'use strict';
// Part of the API double; why hand-written: server.js.
// Bold Smart Lock: PUT /v2/users/{userId}/invitation, POST /v2/users (create, with an invitation),
// POST/DELETE /v1/user-groups/{id}/users/{userId} (group membership) and GET /v1/account.
// Errors use Bold's body {message, code, errorMessage, errorCode}. The error
// codes' exact spelling is not published (camelCase, as seen from the live
// API by third-party clients, e.g. "invalidEmailError"): unconfirmed.

const { result, boldError } = require('./http');
const { authenticate } = require('./auth');
const { bump } = require('./state');

/** User groups that exist in the double: ids 1 to MAX_GROUP_ID (the docs' examples use 32, 42, 45). */
const MAX_GROUP_ID = 999;
const CREATE_FIELDS = {
	organizationId: 'number',
	firstName: 'string',
	lastName: 'string',
	phoneNumber: 'string',
	phoneNumberVerify: 'boolean',
	emailAddress: 'string',
	emailAddressVerify: 'boolean',
	description: 'string',
	remarks: 'string',
	superUser: 'boolean',
	externalId: 'string',
	invitation: 'object',
	autoRemoveAfter: 'string',
	autoEmailMatch: 'boolean',
	requireEmailMatch: 'boolean',
	authOrganizationId: 'string',
	emailMatchCredentialFilter: 'boolean',
};
const INVITATION_BLOCK_FIELDS = ['language', 'expiration', 'sendEmail', 'sendSms'];
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

/** The JSON body ({body}), `empty` when there is none, or {error}: a Bold 400 answer. */
function readJson(ctx, empty) {
	try {
		return { body: ctx.body && ctx.body.trim() ? JSON.parse(ctx.body) : empty };
	} catch (e) {
		return { error: badRequest('invalidRequestError', `The request body is not valid JSON: ${e.message}`) };
	}
}

function updateInvitation(state, rawId, ctx) {
	if (!/^\d+$/.test(rawId)) return answer(404, boldError(404, 'User not found', 'userNotFoundError', `No user with id '${rawId}'.`));
	const { body, error } = readJson(ctx, {});
	if (error) return error;
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

/**
 * POST /v2/users: the body of Bold's "Create user" page (unknown fields, nulls and wrong types are 400),
 * query userGroupId (+ groupAdmin). 201 {userId, invitation {url, expiration}, token}. A user with the
 * same e-mail address (any case) already exists → 409 with the existing id as {userId} (the docs say
 * "Existing user.id will be returned"; the exact shape is *unconfirmed*); nothing is created or sent.
 */
function createUser(state, ctx) {
	const { body, error } = readJson(ctx, null);
	if (error) return error;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return badRequest('invalidRequestError', 'The request body must be a JSON object.');
	}
	for (const [k, v] of Object.entries(body)) {
		if (!(k in CREATE_FIELDS)) return badRequest('invalidRequestError', `Unknown field: ${k}.`);
		const type = CREATE_FIELDS[k];
		if (v === null || typeof v !== type || (type === 'object' && Array.isArray(v))) {
			return badRequest('invalidRequestError', `${k} must be a ${type}.`);
		}
	}
	if (!Number.isInteger(body.organizationId) || body.organizationId < 1) {
		return badRequest('invalidRequestError', 'organizationId is required: the numeric id of the organization.');
	}
	for (const k of ['firstName', 'lastName']) {
		if (typeof body[k] !== 'string' || !body[k].trim()) return badRequest('invalidRequestError', `${k} is required.`);
	}
	if ('emailAddress' in body && !EMAIL.test(body.emailAddress)) return badRequest('invalidEmailError', `Invalid email address '${body.emailAddress}'.`);
	if ('phoneNumber' in body && !E164.test(body.phoneNumber)) {
		return badRequest('invalidPhoneError', `Invalid phone number '${body.phoneNumber}': use E.164, e.g. "+31850607337".`);
	}
	if ('autoRemoveAfter' in body && !['WEEK', 'MONTH', 'YEAR'].includes(body.autoRemoveAfter)) {
		return badRequest('invalidRequestError', 'autoRemoveAfter must be WEEK, MONTH or YEAR.');
	}
	const invitation = body.invitation || null;
	if (invitation) {
		const unknown = Object.keys(invitation).filter((k) => !INVITATION_BLOCK_FIELDS.includes(k));
		if (unknown.length) return badRequest('invalidRequestError', `Unknown invitation field(s): ${unknown.join(', ')}.`);
		// The same rules as PUT /v2/users/{id}/invitation, for the fields the block has (an empty block is allowed).
		if (Object.keys(invitation).length) {
			const invalid = validateInvitation(invitation);
			if (invalid) return invalid;
		}
		if (invitation.sendEmail === true && !body.emailAddress) return badRequest('invalidEmailError', 'sendEmail needs an emailAddress.');
		if (invitation.sendSms === true && !body.phoneNumber) return badRequest('invalidPhoneError', 'sendSms needs a phoneNumber.');
	}
	const query = new URLSearchParams(ctx.rawQuery || '');
	let groupId = null;
	if (query.has('userGroupId')) {
		if (!/^\d+$/.test(query.get('userGroupId'))) return badRequest('invalidRequestError', 'userGroupId must be a number.');
		groupId = Number(query.get('userGroupId'));
		if (groupId < 1 || groupId > MAX_GROUP_ID) return answer(404, boldError(404, 'User group not found', 'userGroupNotFoundError', `No user group ${groupId}.`));
	}
	if (query.has('groupAdmin') && !['true', 'false'].includes(query.get('groupAdmin'))) {
		return badRequest('invalidRequestError', 'groupAdmin must be true or false.');
	}
	const b = state.bold;
	if (body.emailAddress) {
		const key = body.emailAddress.trim().toLowerCase();
		for (const rec of b.users.values()) {
			if (rec.emailAddress && rec.emailAddress.trim().toLowerCase() === key) {
				return answer(409, Object.assign(boldError(409, 'User or user-invite already exists', 'userAlreadyExistsError', `A user with e-mail ${body.emailAddress} already exists.`), { userId: rec.id }));
			}
		}
	}
	const rec = seedUser(state, {
		emailAddress: body.emailAddress,
		phoneNumber: body.phoneNumber,
		firstName: body.firstName,
		lastName: body.lastName,
		language: invitation && invitation.language,
		expiration: invitation && invitation.expiration,
	});
	rec.organizationId = body.organizationId;
	if (body.emailAddress) bump(b.createsByEmail, body.emailAddress.trim().toLowerCase());
	if (invitation && invitation.sendEmail === true) bump(b.emailsByUser, rec.id);
	if (invitation && invitation.sendSms === true) bump(b.smsByUser, rec.id);
	if (groupId !== null) addMember(state, groupId, rec.id, query.get('groupAdmin') === 'true');
	const expiration = (invitation && invitation.expiration) || new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
	const token = `${Math.random().toString(16).slice(2, 10)}-0000-4000-8000-${String(rec.id).padStart(12, '0')}`;
	return answer(201, { userId: rec.id, invitation: { url: `${state.baseUrl}/__bold-invitations/${token}`, expiration }, token });
}

function addMember(state, groupId, userId, groupAdmin) {
	const members = state.bold.groupMembers;
	if (!members.has(groupId)) members.set(groupId, new Map());
	members.get(groupId).set(userId, { groupAdmin });
}

/**
 * POST/DELETE /v1/user-groups/{id}/users/{userId}: 200 {} (the docs' answer). Adding a member again
 * updates groupAdmin; removing a non-member is 200 too (what Bold answers then is *unconfirmed*).
 */
function groupMember(state, rawGroup, rawUser, ctx) {
	const groupId = /^\d+$/.test(rawGroup) ? Number(rawGroup) : null;
	if (groupId === null || groupId < 1 || groupId > MAX_GROUP_ID) {
		return answer(404, boldError(404, 'User group not found', 'userGroupNotFoundError', `No user group '${rawGroup}'.`));
	}
	const userId = /^\d+$/.test(rawUser) ? Number(rawUser) : null;
	if (userId === null || !state.bold.users.has(userId)) {
		return badRequest('invalidRequestError', 'Group and user do not belong to the same account');
	}
	if (ctx.method === 'POST') {
		const query = new URLSearchParams(ctx.rawQuery || '');
		if (query.has('groupAdmin') && !['true', 'false'].includes(query.get('groupAdmin'))) {
			return badRequest('invalidRequestError', 'groupAdmin must be true or false.');
		}
		addMember(state, groupId, userId, query.get('groupAdmin') === 'true');
	} else {
		const members = state.bold.groupMembers.get(groupId);
		if (members) members.delete(userId);
	}
	return answer(200, {});
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

/** Path, allowed methods, handler (given the decoded path parameters). */
const ROUTES = [
	{ path: /^\/v2\/users\/?$/, allow: ['POST'], run: (state, ctx) => createUser(state, ctx) },
	{ path: /^\/v1\/user-groups\/([^/]+)\/users\/([^/]+)\/?$/, allow: ['POST', 'DELETE'], run: (state, ctx, [group, user]) => groupMember(state, group, user, ctx) },
	{ path: /^\/v2\/users\/([^/]+)\/invitation\/?$/, allow: ['PUT'], run: (state, ctx, [id]) => updateInvitation(state, id, ctx) },
	{ path: /^\/v1\/account\/?$/, allow: ['GET'], run: () => answer(200, { id: 1, name: 'Double Organization' }) },
];

/** A path parameter decoded; malformed percent-encoding is kept as it is. */
function decoded(raw) {
	try {
		return decodeURIComponent(raw);
	} catch (e) {
		return raw;
	}
}

function handle(state, ctx) {
	for (const route of ROUTES) {
		const match = route.path.exec(ctx.pathname);
		if (!match) continue;
		if (!route.allow.includes(ctx.method)) {
			const allow = route.allow;
			return result(405, boldError(405, 'Method not allowed', 'methodNotAllowedError', `Use ${allow.join(' or ')} here.`), { Allow: allow.join(', '), ...BOLD_HEADERS });
		}
		const auth = authenticate(state, 'bold', ctx.headers);
		if (auth !== 'ok') return authError(auth);
		return route.run(state, ctx, match.slice(1).map(decoded));
	}
	return answer(404, boldError(404, 'Not found', 'notFoundError', `No route matches ${ctx.method} ${ctx.pathname}.`));
}

module.exports = { isBoldPath, handle, seedUser, controlView };
