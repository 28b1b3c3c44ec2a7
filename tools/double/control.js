'use strict';
// The control API under /__control (no auth, no faults, no rate limit, not in
// the request log). Answers are JSON; a bad control request gets 400 {error}.

const { result } = require('./http');
const softwareone = require('./softwareone');
const bold = require('./bold');
const faults = require('./faults');
const ratelimit = require('./ratelimit');

const PREFIX = '/__control';

function isControlPath(pathname) {
	return pathname === PREFIX || pathname.startsWith(PREFIX + '/');
}

function fail(status, message) {
	return Object.assign(new Error(message), { status });
}

function parseBody(text) {
	if (!text || !text.trim()) return {};
	try {
		const v = JSON.parse(text);
		if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
		return v;
	} catch (e) {
		throw fail(400, `the body must be a JSON object (${e.message})`);
	}
}

function stringList(v, name) {
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw fail(400, `${name} must be an array of strings`);
	return new Set(v);
}

function applySecrets(target, lists, prefix) {
	if (lists.bearer !== undefined) target.bearer = stringList(lists.bearer, prefix + 'bearer');
	if (lists.apiKeys !== undefined) target.apiKeys = stringList(lists.apiKeys, prefix + 'apiKeys');
	if (lists.forbidden !== undefined) target.forbidden = stringList(lists.forbidden, prefix + 'forbidden');
}

function secretsView(state) {
	const view = (s) => ({ bearer: [...s.bearer], apiKeys: [...s.apiKeys], forbidden: [...s.forbidden] });
	return { softwareOne: view(state.secrets.softwareOne), bold: view(state.secrets.bold) };
}

/**
 * POST /__control/tokens: top-level bearer/apiKeys/forbidden replace those
 * lists for both vendors; softwareOne/bold sub-objects replace one vendor's.
 * Lists not given are kept.
 */
function setTokens(state, body) {
	applySecrets(state.secrets.softwareOne, body, '');
	applySecrets(state.secrets.bold, body, '');
	if (body.softwareOne) applySecrets(state.secrets.softwareOne, body.softwareOne, 'softwareOne.');
	if (body.bold) applySecrets(state.secrets.bold, body.bold, 'bold.');
	return secretsView(state);
}

function setConfig(state, body) {
	const c = state.config;
	if (body.latencyMs !== undefined) {
		if (typeof body.latencyMs !== 'number' || !(body.latencyMs >= 0)) throw fail(400, 'latencyMs must be a non-negative number');
		c.latencyMs = body.latencyMs;
	}
	if (body.rateLimit !== undefined) {
		c.rateLimit = ratelimit.validateConfig(body.rateLimit);
		state.bucket = null;
	}
	if (body.authHeaders !== undefined) {
		c.authHeaders = [...stringList(body.authHeaders, 'authHeaders')].map((h) => h.toLowerCase());
	}
	if (body.duplicateStatus !== undefined) {
		if (body.duplicateStatus !== 400 && body.duplicateStatus !== 409) throw fail(400, 'duplicateStatus must be 400 or 409');
		c.duplicateStatus = body.duplicateStatus;
	}
	if (body.defaultAccountId !== undefined) {
		if (!/^ACC-\d{4}-\d{4}$/.test(body.defaultAccountId)) throw fail(400, 'defaultAccountId must look like ACC-1234-5678');
		c.defaultAccountId = body.defaultAccountId;
	}
	if (body.families !== undefined) {
		const known = ['accountUsers', 'accountScoped', 'accountsAccounts'];
		if (body.families !== null && (!Array.isArray(body.families) || body.families.some((f) => !known.includes(f)))) {
			throw fail(400, `families must be null or a list of ${known.join(', ')}`);
		}
		c.families = body.families;
	}
	if (body.refuseDateFilters !== undefined) {
		if (typeof body.refuseDateFilters !== 'boolean') throw fail(400, 'refuseDateFilters must be true or false');
		c.refuseDateFilters = body.refuseDateFilters;
	}
	if (body.invitationTtlMs !== undefined) {
		if (typeof body.invitationTtlMs !== 'number' || !(body.invitationTtlMs > 0)) throw fail(400, 'invitationTtlMs must be a positive number');
		c.invitationTtlMs = body.invitationTtlMs;
	}
	return configView(state);
}

function configView(state) {
	const c = state.config;
	return {
		latencyMs: c.latencyMs,
		rateLimit: c.rateLimit,
		authHeaders: c.authHeaders,
		duplicateStatus: c.duplicateStatus,
		defaultAccountId: c.defaultAccountId,
		invitationTtlMs: c.invitationTtlMs,
		families: c.families,
		refuseDateFilters: c.refuseDateFilters,
	};
}

function seed(state, body) {
	const out = { softwareOneUsers: [], boldUsers: [] };
	const s1 = body.softwareOneUsers || [];
	const b = body.boldUsers || [];
	if (!Array.isArray(s1) || !Array.isArray(b)) throw fail(400, 'softwareOneUsers and boldUsers must be arrays');
	for (const spec of s1) out.softwareOneUsers.push(softwareone.controlView(state, softwareone.seedUser(state, spec)));
	for (const spec of b) out.boldUsers.push(bold.controlView(bold.seedUser(state, spec)));
	return out;
}

/** POST /__control/<name>/{accountUserId}: moves one SoftwareOne user to another state (or out). */
const TRANSITIONS = {
	expire: softwareone.expire,
	accept: softwareone.accept,
	invite: softwareone.reinvite,
	remove: softwareone.removeById,
};

function route(state, method, sub, body) {
	const ok = (v) => result(200, v);
	if (sub === '/reset' && method === 'POST') {
		state.reset();
		return ok({ ok: true });
	}
	if (sub === '/state' && method === 'GET') return ok(state.snapshot());
	if (sub === '/health' && method === 'GET') {
		// This process's CPU time, for throughput checks that must not depend on load.
		const cpu = process.cpuUsage();
		return ok({ ok: true, uptimeMs: Math.round(process.uptime() * 1000), cpuMs: (cpu.user + cpu.system) / 1000 });
	}
	if (sub === '/seed' && method === 'POST') return ok(seed(state, parseBody(body)));
	const transition = /^\/(expire|accept|invite|remove)\/(.+)$/.exec(sub);
	if (transition && method === 'POST') {
		const id = decodeURIComponent(transition[2]);
		const rec = TRANSITIONS[transition[1]](state, id);
		if (!rec) throw fail(404, `no SoftwareOne account user ${id}`);
		return ok(softwareone.controlView(state, rec));
	}
	if (sub === '/tokens') {
		if (method === 'POST') return ok(setTokens(state, parseBody(body)));
		if (method === 'GET') return ok(secretsView(state));
	}
	if (sub === '/faults') {
		if (method === 'POST') {
			const b = parseBody(body);
			faults.setRules(state, b.rules, b.append === true);
			return ok({ rules: faults.describe(state) });
		}
		if (method === 'DELETE') {
			faults.clear(state);
			return ok({ rules: [] });
		}
		if (method === 'GET') return ok({ rules: faults.describe(state) });
	}
	if (sub === '/config') {
		if (method === 'POST') return ok(setConfig(state, parseBody(body)));
		if (method === 'GET') return ok(configView(state));
	}
	throw fail(404, `no control route ${method} ${PREFIX}${sub}`);
}

function handle(state, ctx) {
	let sub = ctx.pathname.slice(PREFIX.length);
	if (sub.length > 1 && sub.endsWith('/')) sub = sub.slice(0, -1);
	try {
		return route(state, ctx.method, sub, ctx.body);
	} catch (e) {
		if (e.status) return result(e.status, { error: e.message });
		throw e;
	}
}

module.exports = { isControlPath, handle };
