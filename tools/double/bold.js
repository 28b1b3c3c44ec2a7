'use strict';
// Part of the API double; why hand-written: server.js.
// Bold Smart Lock: PUT /v2/users/{userId}/invitation, POST /v2/users (create, with an invitation),
// POST/DELETE /v1/user-groups/{id}/users/{userId} (group membership) and GET /v1/account.
// Errors use Bold's body {message, code, errorMessage, errorCode}. The error
// codes' exact spelling is not published (camelCase, as seen from the live
// API by third-party clients, e.g. "invalidEmailError"): unconfirmed.

const Ajv = require('ajv');
const { result, boldError } = require('./http');
const { authenticate } = require('./auth');
const { bump } = require('./state');

/** User groups that exist in the double: ids 1 to MAX_GROUP_ID (the docs' examples use 32, 42, 45). */
const MAX_GROUP_ID = 999;
// Date, time, optional seconds and fraction, and a zone: Z or an offset.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

// The request bodies as JSON schemas, checked by ajv: unknown fields, nulls and wrong types are 400.
const ajv = new Ajv();
const [string, boolean] = [{ type: 'string' }, { type: 'boolean' }];
const FIELD = {
	language: { type: 'string', pattern: '^[a-z]{2}$' }, // ISO 639-1
	expiration: string, // and expirationError below
	emailAddress: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$' },
	phoneNumber: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' }, // E.164
	sendEmail: boolean,
	sendSms: boolean,
};
const { language, expiration, emailAddress, phoneNumber, sendEmail, sendSms } = FIELD;
const object = (properties, more) => ({ type: 'object', properties, additionalProperties: false, ...more });
/** PUT /v2/users/{userId}/invitation: at least one field. */
const checkInvitation = ajv.compile(object(FIELD, { minProperties: 1 }));
/** POST /v2/users, with the fields of Bold's "Create user" page; its invitation block may be empty. */
const checkCreate = ajv.compile(
	object(
		{
			organizationId: { type: 'integer', minimum: 1 },
			firstName: { type: 'string', pattern: '\\S' },
			lastName: { type: 'string', pattern: '\\S' },
			...{ phoneNumber, emailAddress, phoneNumberVerify: boolean, emailAddressVerify: boolean, superUser: boolean },
			...{ description: string, remarks: string, externalId: string, authOrganizationId: string },
			...{ autoEmailMatch: boolean, requireEmailMatch: boolean, emailMatchCredentialFilter: boolean },
			autoRemoveAfter: { enum: ['WEEK', 'MONTH', 'YEAR'] },
			invitation: object({ language, expiration, sendEmail, sendSms }),
		},
		{ required: ['organizationId', 'firstName', 'lastName'] },
	),
);
/** Bold's error code for a field (made up in the style third-party clients report: unconfirmed). */
const ERROR_CODES = { language: 'invalidLanguageError', expiration: 'invalidExpirationError', emailAddress: 'invalidEmailError', phoneNumber: 'invalidPhoneError' };

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
	if (id === null) id = Math.max(0, ...users.keys()) + 1;
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

/** The first schema error as a Bold 400 answer ("invitation.language must match …"), or null. */
function schemaError(check, body) {
	if (check(body)) return null;
	const [error] = check.errors;
	const path = error.instancePath.slice(1).split('/');
	const where = path.join('.') || 'the request body';
	const unknown = error.params.additionalProperty ? ` (${error.params.additionalProperty})` : '';
	return badRequest(ERROR_CODES[path.pop()] || 'invalidRequestError', `${where} ${error.message}${unknown}.`);
}

/** An expiration needs a zone (Z or an offset), a real date and time, and must lie in the future. */
function expirationError(value) {
	const invalid = (why) => badRequest('invalidExpirationError', `Invalid expiration '${value}': ${why}`);
	if (ISO_WITHOUT_OFFSET.test(value)) return invalid('the timezone offset is missing (e.g. "2022-06-23T13:53:02+02:00").');
	if (!validExpiration(value)) return invalid('use ISO 8601 with a timezone offset, e.g. "2022-06-23T13:53:02+02:00".');
	if (Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) <= Date.now()) return invalid('the date is in the past.');
	return null;
}

/** A Bold 400 answer: the schema's first error, else the expiration's (of the body, or of its invitation block). */
function validateBody(check, body) {
	const invalid = schemaError(check, body);
	if (invalid) return invalid;
	const expiration = (check === checkCreate ? body.invitation : body)?.expiration;
	return expiration === undefined ? null : expirationError(expiration);
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
	const invalid = validateBody(checkInvitation, body);
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
	const invalid = validateBody(checkCreate, body);
	if (invalid) return invalid;
	const invitation = body.invitation || null;
	if (invitation?.sendEmail === true && !body.emailAddress) return badRequest('invalidEmailError', 'sendEmail needs an emailAddress.');
	if (invitation?.sendSms === true && !body.phoneNumber) return badRequest('invalidPhoneError', 'sendSms needs a phoneNumber.');
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
	const emailKey = body.emailAddress && body.emailAddress.trim().toLowerCase();
	const existing = emailKey && [...b.users.values()].find((rec) => rec.emailAddress && rec.emailAddress.trim().toLowerCase() === emailKey);
	if (existing) {
		return answer(409, Object.assign(boldError(409, 'User or user-invite already exists', 'userAlreadyExistsError', `A user with e-mail ${body.emailAddress} already exists.`), { userId: existing.id }));
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
	if (emailKey) bump(b.createsByEmail, emailKey);
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
		const { allow } = route;
		if (!allow.includes(ctx.method)) {
			return result(405, boldError(405, 'Method not allowed', 'methodNotAllowedError', `Use ${allow.join(' or ')} here.`), { Allow: allow.join(', '), ...BOLD_HEADERS });
		}
		const auth = authenticate(state, 'bold', ctx.headers);
		if (auth !== 'ok') return authError(auth);
		return route.run(state, ctx, match.slice(1).map(decoded));
	}
	return answer(404, boldError(404, 'Not found', 'notFoundError', `No route matches ${ctx.method} ${ctx.pathname}.`));
}

module.exports = { isBoldPath, handle, seedUser, controlView };
