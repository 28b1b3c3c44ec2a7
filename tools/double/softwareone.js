'use strict';
// Part of the API double; why hand-written: server.js.
// SoftwareOne Marketplace Platform: account users, as described by
// shared/api/softwareone-account-users.openapi.json. Three path families share
// one store:
//   legacy   /public/v1/accounts/account-users[/{id}[/action]]
//   scoped   /public/v1/accounts/{accountId}/users[/{id}[/action]]
//   scoped   /public/v1/accounts/accounts/{accountId}/users[/{id}[/action]]
// Handlers return {status, body, headers}; the pipeline sends them (or a fault
// replaces them).

const { result, problem, validationProblem } = require('./http');
const { authenticate } = require('./auth');
const { validate } = require('./validator');
const { CREATE_ACCOUNT_USER_DTO, USER_GROUP_DTO, USER_GROUP_LIST } = require('./softwareone-schema');
const rql = require('./rql');
const { bump, DEFAULT_GROUP_ID } = require('./state');

const PREFIX = '/public/v1/accounts/';
const ACCOUNT_ID = /^ACC-\d{4}-\d{4}$/;
const STATUSES = ['Invited', 'Active', 'InvitationExpired'];
const ACTIONS = new Set(['send-new-invite', 'resend-invite', 'accept-invite']);
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;
const SYSTEM_ACTOR = { id: 'USR-0000-0000', name: 'API Double' };
const JSON_CONTENT = /^(application\/json|text\/json|application\/[^;\s]+\+json)\s*(;|$)/i;

function isSoftwareOnePath(pathname) {
	return pathname.startsWith('/public/');
}

// {prefix}account-users, {prefix}accounts/{accountId}/users or {prefix}{accountId}/users; then
// /{id}, /{id}/{action}, /{id}/groups or /{id}/groups/{userGroupId}; one trailing slash allowed.
const ROUTE =
	/^\/public\/v1\/accounts\/(?:(?<legacy>account-users)|accounts\/(?<nested>[^/]+)\/users|(?!account-users\/)(?<scoped>[^/]+)\/users)(?:\/(?<id>[^/]+)(?:\/(?<groups>groups)(?:\/(?<groupId>[^/]+))?|\/(?<action>[^/]+))?)?\/?$/;

/** @returns {{family, served, base, accountId, id, action, groups?, groupId?}|null} */
function matchRoute(pathname) {
	const m = ROUTE.exec(pathname);
	if (!m) return null;
	const { legacy, nested, scoped, id, groups, groupId, action = null } = m.groups;
	if (action !== null && !ACTIONS.has(action)) return null;
	const rawAccount = nested ?? scoped;
	try {
		const route = {
			family: legacy ? 'legacy' : 'scoped',
			served: legacy ? 'accountUsers' : nested ? 'accountsAccounts' : 'accountScoped',
			base: PREFIX + (legacy ?? (nested ? `accounts/${nested}/users` : `${scoped}/users`)),
			accountId: rawAccount === undefined ? null : decodeURIComponent(rawAccount),
			id: id === undefined ? null : decodeURIComponent(id),
			action,
		};
		// {user}/groups and {user}/groups/{userGroupId}: the group membership calls.
		return groups ? { ...route, groups: true, groupId: groupId === undefined ? null : decodeURIComponent(groupId) } : route;
	} catch (e) {
		return null; // malformed percent-encoding: no such route
	}
}

// ---------------------------------------------------------------- records

function pad8(n) {
	const s = String(n).padStart(8, '0');
	return `${s.slice(0, 4)}-${s.slice(4, 8)}`;
}

function membershipKey(accountId, email) {
	return `${accountId}\n${email.trim().toLowerCase()}`;
}

function emailKey(email) {
	return String(email).trim().toLowerCase();
}

/** A new pending invitation (code and times); counts no e-mail. */
function newInvitation(state, rec, now) {
	const s1 = state.softwareOne;
	s1.codeSeq++;
	rec.invitationCode = `INV${String(s1.codeSeq).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
	rec.invitationSentAt = now;
	rec.invitationExpiresAt = now + state.config.invitationTtlMs;
	rec.status = 'Invited';
}

/**
 * Every change to a record moves its audit.updated.at on, even two in the same millisecond: the
 * platform keeps one per update, and the trigger tells invitation rounds apart by it.
 */
function touch(rec, now) {
	rec.updatedAt = Math.max(now, rec.updatedAt + 1);
}

/** An Invited record whose invitation is older than its time to live has expired (audit.updated.at stays). */
function currentStatus(rec) {
	if (rec.status === 'Invited' && rec.invitationExpiresAt !== null && rec.invitationExpiresAt <= Date.now()) {
		rec.status = 'InvitationExpired';
	}
	return rec.status;
}

/** Adds a record to the store; does not count e-mails. Throws {status, message} on conflict. */
function insert(state, fields) {
	const s1 = state.softwareOne;
	const key = membershipKey(fields.accountId, fields.email);
	if (s1.byMembership.has(key)) {
		const err = new Error(`User ${fields.email} is already a member of account ${fields.accountId}.`);
		err.status = 409;
		err.existingId = s1.byMembership.get(key);
		throw err;
	}
	const ek = emailKey(fields.email);
	let userId = s1.userIdsByEmail.get(ek);
	if (!userId) {
		s1.userSeq++;
		userId = `USR-${pad8(s1.userSeq)}`;
		s1.userIdsByEmail.set(ek, userId);
	}
	s1.accountUserSeq++;
	const now = Date.now();
	const rec = {
		id: `AUSR-${pad8(s1.accountUserSeq)}`,
		userId,
		...fields,
		phone: fields.phone || null,
		settings: fields.settings || null,
		invitationCode: null,
		invitationSentAt: null,
		invitationExpiresAt: null,
		invitationAcceptedAt: null,
		createdAt: now,
		updatedAt: now,
	};
	if (rec.status === 'Active') rec.invitationAcceptedAt = now;
	// An expired invitation was sent one time to live (and a second) ago.
	else newInvitation(state, rec, rec.status === 'Invited' ? now : now - state.config.invitationTtlMs - 1000);
	rec.status = fields.status;
	s1.users.set(rec.id, rec);
	s1.byMembership.set(key, rec.id);
	return rec;
}

function remove(state, rec) {
	const s1 = state.softwareOne;
	s1.users.delete(rec.id);
	s1.byMembership.delete(membershipKey(rec.accountId, rec.email));
}

function groupIds(groups) {
	return (groups || []).map((g) => (typeof g === 'string' ? g : g && g.id)).filter(Boolean);
}

/** Used by reset() and POST /__control/seed. Throws an Error with .status on bad input. */
function seedUser(state, spec) {
	const bad = (msg) => Object.assign(new Error(msg), { status: 400 });
	if (!spec || typeof spec.email !== 'string' || !spec.email.trim()) throw bad('softwareOneUsers[].email is required');
	const status = spec.status || 'Invited';
	if (!STATUSES.includes(status)) throw bad(`softwareOneUsers[].status must be one of ${STATUSES.join(', ')}`);
	const local = spec.email.split('@')[0];
	const groups = groupIds(spec.groups);
	return insert(state, {
		accountId: spec.accountId || state.config.defaultAccountId,
		email: spec.email,
		firstName: spec.firstName || local,
		lastName: spec.lastName || 'Seeded',
		phone: spec.phone,
		settings: spec.settings,
		groups: groups.length ? groups : [DEFAULT_GROUP_ID],
		status,
	});
}

/** POST /__control/expire/{id}: the invitation becomes InvitationExpired now. */
function expire(state, rec) {
	const now = Date.now();
	rec.status = 'InvitationExpired';
	if (rec.invitationSentAt === null) rec.invitationSentAt = now - state.config.invitationTtlMs;
	rec.invitationExpiresAt = now;
	touch(rec, now);
	return rec;
}

/** POST /__control/accept/{id}: the user joins now, as if they had used the invitation link. */
function accept(state, rec) {
	const now = Date.now();
	rec.status = 'Active';
	rec.invitationAcceptedAt = now;
	touch(rec, now);
	return rec;
}

/** POST /__control/invite/{id}: a fresh pending invitation, as send-new-invite makes, but no e-mail is counted. */
function reinvite(state, rec) {
	const now = Date.now();
	newInvitation(state, rec, now);
	rec.invitationAcceptedAt = null;
	touch(rec, now);
	return rec;
}

// ---------------------------------------------------------------- views

function iso(ms) {
	return new Date(ms).toISOString();
}

function invitationUrl(state, rec) {
	return `${state.baseUrl}/__invitations/${rec.invitationCode}`;
}

/** The API's account-user object; null fields are left out. */
function render(state, rec, opts) {
	const status = currentStatus(rec);
	const user = {
		id: rec.userId,
		name: `${rec.firstName} ${rec.lastName}`,
		email: rec.email,
		firstName: rec.firstName,
		lastName: rec.lastName,
	};
	if (rec.phone && (rec.phone.prefix || rec.phone.number)) {
		user.phone = {};
		if (rec.phone.prefix) user.phone.prefix = rec.phone.prefix;
		if (rec.phone.number) user.phone.number = rec.phone.number;
	}
	const invitation = { status };
	if (status === 'Invited' && rec.invitationCode) invitation.url = invitationUrl(state, rec);
	const audit = {
		created: { at: iso(rec.createdAt), by: SYSTEM_ACTOR },
		updated: { at: iso(rec.updatedAt), by: SYSTEM_ACTOR },
	};
	if (rec.invitationAcceptedAt !== null) {
		if (opts.legacy) audit.invitationAcceptedAt = iso(rec.invitationAcceptedAt);
		audit.joined = { at: iso(rec.invitationAcceptedAt) };
	}
	return {
		id: rec.id,
		...(opts.audit ? { audit } : { $meta: { omitted: ['audit'] } }),
		user,
		groups: rec.groups.map((id) => ({ id, name: `Group ${id}`, isDefault: id === DEFAULT_GROUP_ID })),
		account: { id: rec.accountId, type: 'Client', status: 'Active', name: `Account ${rec.accountId}` },
		invitation,
	};
}

/** The flat view used by the control endpoints. */
function controlView(state, rec) {
	const status = currentStatus(rec);
	const v = {
		id: rec.id,
		userId: rec.userId,
		accountId: rec.accountId,
		email: rec.email,
		firstName: rec.firstName,
		lastName: rec.lastName,
		status,
		groups: rec.groups.slice(),
	};
	if (rec.phone) v.phone = rec.phone;
	if (rec.settings) v.settings = rec.settings;
	if (rec.invitationCode) {
		v.invitationCode = rec.invitationCode;
		v.invitationUrl = invitationUrl(state, rec);
	}
	if (rec.invitationSentAt !== null) v.invitationSentAt = iso(rec.invitationSentAt);
	if (rec.invitationExpiresAt !== null) v.invitationExpiresAt = iso(rec.invitationExpiresAt);
	if (rec.invitationAcceptedAt !== null) v.invitationAcceptedAt = iso(rec.invitationAcceptedAt);
	v.createdAt = iso(rec.createdAt);
	v.updatedAt = iso(rec.updatedAt);
	return v;
}

// ---------------------------------------------------------------- query

const RQL_FIELDS = {
	id: { get: (r) => r.id },
	'invitation.status': { get: (r) => currentStatus(r) },
	'user.email': { get: (r) => r.email, ci: true },
	'user.id': { get: (r) => r.userId },
	'user.name': { get: (r) => `${r.firstName} ${r.lastName}` },
	'user.firstName': { get: (r) => r.firstName },
	'user.lastName': { get: (r) => r.lastName },
	'account.id': { get: (r) => r.accountId },
	'audit.created.at': { get: (r) => iso(r.createdAt), time: true },
	'audit.updated.at': { get: (r) => iso(r.updatedAt), time: true },
};
/** What a server that filters on no date (config refuseDateFilters) knows: the audit fields are unknown (400). */
const RQL_FIELDS_WITHOUT_DATES = Object.fromEntries(Object.entries(RQL_FIELDS).filter(([, field]) => !field.time));

function badQuery(detail, field) {
	return result(400, Object.assign(validationProblem({ [field || '$']: [detail] }), { detail }));
}

/** Splits the raw query into RQL filters and limit/offset/select. */
function parseQuery(rawQuery) {
	const q = { filters: [], limit: DEFAULT_LIMIT, offset: 0, audit: false };
	// Each part decoded on its own, so that RQL expressions and `select=+audit` keep their characters.
	for (const part of (rawQuery || '').split('&').filter(Boolean)) {
		const eq = part.indexOf('=');
		const paren = part.indexOf('(');
		const named = eq > 0 && (paren < 0 || eq < paren);
		let decodedName;
		let decodedValue;
		try {
			decodedName = named ? decodeURIComponent(part.slice(0, eq)) : undefined;
			decodedValue = decodeURIComponent(named ? part.slice(eq + 1) : part);
		} catch (e) {
			return { error: badQuery(`The query string part '${part}' is not correctly percent-encoded.`) };
		}
		if (decodedName === undefined) {
			try {
				q.filters.push(rql.parse(decodedValue));
			} catch (e) {
				if (e instanceof rql.RqlError) return { error: badQuery(e.message) };
				throw e;
			}
			continue;
		}
		switch (decodedName) {
			case 'limit':
			case 'offset': {
				if (!/^\d+$/.test(decodedValue)) {
					return { error: badQuery(`The value '${decodedValue}' is not valid for ${decodedName}.`, decodedName) };
				}
				const n = Number(decodedValue);
				if (decodedName === 'limit' && n > MAX_LIMIT) {
					return { error: badQuery(`The limit must be between 0 and ${MAX_LIMIT}.`, 'limit') };
				}
				q[decodedName] = n;
				break;
			}
			case 'select':
				for (const item of decodedValue.split(',')) {
					const t = item.trim();
					if (t.startsWith('-')) continue;
					if (t.replace(/^\+/, '') === 'audit') q.audit = true;
				}
				break;
			case 'order': {
				// RQL's order: comma-separated properties, `-` for descending (`+` or none: ascending).
				const keys = [];
				for (const item of decodedValue.split(',')) {
					const m = /^\s*([+-]?)([A-Za-z.]+)\s*$/.exec(item);
					if (!m || !Object.prototype.hasOwnProperty.call(RQL_FIELDS, m[2]) || RQL_FIELDS[m[2]].time) {
						return { error: badQuery(`The order '${decodedValue}' names no property the list can be ordered by.`, 'order') };
					}
					keys.push({ field: RQL_FIELDS[m[2]], descending: m[1] === '-' });
				}
				q.order = keys;
				break;
			}
			default:
				// RQL shorthand: name=value means eq(name,value)
				q.filters.push({ op: 'eq', args: [{ value: decodedName, quoted: false }, { value: decodedValue, quoted: true }] });
		}
	}
	return q;
}

// ---------------------------------------------------------------- handlers

function notFound(detail) {
	return result(404, problem(404, detail));
}

function findUser(state, route) {
	const rec = state.softwareOne.users.get(route.id);
	if (!rec) return null;
	if (route.family === 'scoped' && rec.accountId !== route.accountId) return null;
	return rec;
}

function list(state, route, rawQuery) {
	const q = parseQuery(rawQuery);
	if (q.error) return q.error;
	let predicates;
	try {
		predicates = q.filters.map((f) => rql.compile(f, state.config.refuseDateFilters ? RQL_FIELDS_WITHOUT_DATES : RQL_FIELDS, { refuseIn: state.config.refuseIn }));
	} catch (e) {
		if (e instanceof rql.RqlError) return badQuery(e.message);
		throw e;
	}
	const matches = [...state.softwareOne.users.values()].filter(
		(rec) => (route.family !== 'scoped' || rec.accountId === route.accountId) && predicates.every((test) => test(rec)),
	);
	// Without an order the list comes in creation order; with one, ties keep creation order.
	if (q.order) {
		matches.sort((a, b) => {
			for (const { field, descending } of q.order) {
				const x = String(field.get(a) ?? '');
				const y = String(field.get(b) ?? '');
				if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
			}
			return 0;
		});
	}
	const page = matches.slice(q.offset, q.offset + q.limit);
	const opts = { audit: q.audit, legacy: route.family === 'legacy' };
	return result(200, {
		$meta: { pagination: { offset: q.offset, limit: q.limit, total: matches.length } },
		data: page.map((r) => render(state, r, opts)),
	});
}

function getOne(state, route, rawQuery) {
	const rec = findUser(state, route);
	if (!rec) return notFound(`Account user ${route.id} not found.`);
	const q = parseQuery(rawQuery);
	if (q.error) return q.error;
	return result(200, render(state, rec, { audit: q.audit, legacy: route.family === 'legacy' }));
}

function create(state, route, ctx) {
	const s1 = state.softwareOne;
	const read = readJsonBody(ctx);
	if (read.error) return read.error;
	const body = read.body;
	const email = body && typeof body === 'object' && body.user && typeof body.user.email === 'string' ? body.user.email : null;
	if (email !== null) bump(s1.postsByEmail, emailKey(email));

	const errors = validate(CREATE_ACCOUNT_USER_DTO, body);
	if (errors) return result(400, validationProblem(errors));

	let accountId = body.account && body.account.id ? body.account.id : null;
	if (route.family === 'scoped') {
		if (accountId && accountId !== route.accountId) {
			return result(
				400,
				validationProblem({ 'account.id': [`The account ${accountId} does not match the account ${route.accountId} in the path.`] }),
			);
		}
		accountId = route.accountId;
	}
	if (!accountId) accountId = state.config.defaultAccountId;

	const status = body.invitation && body.invitation.status ? body.invitation.status : 'Invited';
	let rec;
	try {
		rec = insert(state, {
			accountId,
			email: body.user.email.trim(),
			firstName: body.user.firstName,
			lastName: body.user.lastName,
			phone: body.user.phone,
			settings: body.user.settings,
			groups: body.groups.map((g) => g.id),
			status: status === 'Active' ? 'Active' : 'Invited',
		});
	} catch (e) {
		if (e.status === 409) {
			s1.duplicateCreates++;
			const code = state.config.duplicateStatus;
			return result(code, problem(code, e.message));
		}
		throw e;
	}
	bump(s1.createsByEmail, emailKey(rec.email));
	if (rec.status === 'Invited') bump(s1.invitationEmailsByUser, rec.id);
	return result(201, render(state, rec, { audit: false, legacy: route.family === 'legacy' }), {
		Location: `${route.base}/${rec.id}`,
	});
}

function invitationAction(state, route) {
	const rec = findUser(state, route);
	if (!rec) return notFound(`Account user ${route.id} not found.`);
	const status = currentStatus(rec);
	const now = Date.now();
	if (route.action === 'send-new-invite' || route.action === 'resend-invite') {
		if (route.action === 'send-new-invite' && status !== 'InvitationExpired') {
			return result(400, problem(400, `The invitation of account user ${rec.id} has not expired (status ${status}); use resend-invite for a pending invitation.`));
		}
		if (route.action === 'resend-invite' && status !== 'Invited') {
			const hint = status === 'InvitationExpired' ? '; use send-new-invite for an expired invitation' : '';
			return result(400, problem(400, `The invitation of account user ${rec.id} is not pending (status ${status})${hint}.`));
		}
		newInvitation(state, rec, now);
		bump(state.softwareOne.invitationEmailsByUser, rec.id);
	} else {
		// accept-invite
		if (status !== 'Invited') {
			return result(400, problem(400, `The invitation of account user ${rec.id} cannot be accepted (status ${status}).`));
		}
		rec.status = 'Active';
		rec.invitationAcceptedAt = now;
	}
	touch(rec, now);
	return result(200, render(state, rec, { audit: false, legacy: route.family === 'legacy' }));
}

function readJsonBody(ctx) {
	const contentType = ctx.headers['content-type'];
	if (contentType && !JSON_CONTENT.test(contentType)) {
		return { error: result(415, problem(415, `Content type '${contentType}' is not supported; send application/json.`)) };
	}
	if (!ctx.body || !ctx.body.trim()) return { error: result(400, validationProblem({ '': ['A non-empty request body is required.'] })) };
	try {
		return { body: JSON.parse(ctx.body) };
	} catch (e) {
		return { error: result(400, validationProblem({ $: [`The request body is not valid JSON: ${e.message}`] })) };
	}
}

/**
 * POST {user}/groups {id}: adds one group (200, the account user); already a member → config.duplicateStatus.
 * PUT {user}/groups [{id}…]: replaces the set (200); an empty list is 400 (the double's rule: a user keeps a group).
 * DELETE {user}/groups/{userGroupId}: 204, no body; not a member → 404 (*unconfirmed*).
 * Every group id of the right shape exists in the double.
 */
function groupsAction(state, route, ctx) {
	const rec = findUser(state, route);
	if (ctx.method === 'DELETE') {
		if (!rec) return notFound(`Account user ${route.id} not found.`);
		if (!rec.groups.includes(route.groupId)) {
			return notFound(`User group ${route.groupId} is not assigned to account user ${rec.id}.`);
		}
		rec.groups = rec.groups.filter((g) => g !== route.groupId);
		touch(rec, Date.now());
		bump(state.softwareOne.groupChangesByUser, rec.id);
		return result(204, null);
	}
	const read = readJsonBody(ctx);
	if (read.error) return read.error;
	const body = read.body;
	if (ctx.method === 'POST') {
		const errors = validate(USER_GROUP_DTO, body);
		if (errors) return result(400, validationProblem(errors));
		if (!rec) return notFound(`Account user ${route.id} not found.`);
		if (rec.groups.includes(body.id)) {
			const code = state.config.duplicateStatus;
			return result(code, problem(code, `Account user ${rec.id} is already a member of user group ${body.id}.`));
		}
		rec.groups = rec.groups.concat(body.id);
	} else {
		const errors = validate(USER_GROUP_LIST, body);
		if (errors) return result(400, validationProblem(errors));
		if (body.length === 0) return result(400, validationProblem({ $: ['At least one user group is required.'] }));
		if (!rec) return notFound(`Account user ${route.id} not found.`);
		rec.groups = [...new Set(body.map((g) => g.id))];
	}
	touch(rec, Date.now());
	bump(state.softwareOne.groupChangesByUser, rec.id);
	return result(200, render(state, rec, { audit: false, legacy: route.family === 'legacy' }));
}

/**
 * @param ctx {method, pathname, rawQuery, headers, body}
 */
function handle(state, ctx) {
	const route = matchRoute(ctx.pathname);
	// config.families: a platform that serves only some families answers the others like any unknown path.
	if (!route || (state.config.families && !state.config.families.includes(route.served))) {
		return notFound(`No route matches ${ctx.method} ${ctx.pathname}.`);
	}

	let allowed;
	if (route.groups) allowed = route.groupId === null ? ['POST', 'PUT'] : ['DELETE'];
	else if (route.action) allowed = ['POST'];
	else if (route.id) allowed = ['GET', 'DELETE'];
	else allowed = ['GET', 'POST'];
	if (!allowed.includes(ctx.method)) return result(405, problem(405, `Use ${allowed.join(' or ')} here.`), { Allow: allowed.join(', ') });

	const auth = authenticate(state, 'softwareOne', ctx.headers);
	if (auth === 'missing') return result(401, problem(401, 'No access token was given.'));
	if (auth === 'invalid') return result(401, problem(401, 'The access token is invalid or has expired.'));
	if (auth === 'forbidden') return result(403, problem(403, 'The access token does not give rights to this resource.'));

	if (route.family === 'scoped' && !ACCOUNT_ID.test(route.accountId)) {
		return notFound(`Account ${route.accountId} not found.`);
	}

	if (route.groups) return groupsAction(state, route, ctx);
	if (route.action) return invitationAction(state, route);
	if (route.id) {
		if (ctx.method === 'GET') return getOne(state, route, ctx.rawQuery);
		const rec = findUser(state, route);
		if (!rec) return notFound(`Account user ${route.id} not found.`);
		remove(state, rec);
		bump(state.softwareOne.deletesById, rec.id);
		return result(204, null);
	}
	if (ctx.method === 'GET') return list(state, route, ctx.rawQuery);
	return create(state, route, ctx);
}

module.exports = {
	isSoftwareOnePath,
	handle,
	seedUser,
	expire,
	accept,
	reinvite,
	remove,
	controlView,
};
