'use strict';
// Part of the API double; why hand-written: server.js.
// The control API under /__control (no auth, no faults, no rate limit, not in
// the request log). Answers are JSON; a bad control request gets 400 {error}.

const Ajv = require('ajv');
const { result } = require('./http');
const softwareone = require('./softwareone');
const bold = require('./bold');
const faults = require('./faults');

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

// The bodies of POST /__control/tokens and /__control/config, checked by ajv before anything changes.
const ajv = new Ajv();
const strings = { type: 'array', items: { type: 'string' } };
const secretLists = { type: 'object', properties: { bearer: strings, apiKeys: strings, forbidden: strings } };
const checkTokens = ajv.compile({ ...secretLists, properties: { ...secretLists.properties, softwareOne: secretLists, bold: secretLists } });
const positive = { type: 'number', exclusiveMinimum: 0 };
const checkConfig = ajv.compile({
	type: 'object',
	properties: {
		latencyMs: { type: 'number', minimum: 0 },
		rateLimit: { type: 'object', nullable: true, required: ['rps'], properties: { rps: positive, burst: { type: 'number', minimum: 1 } } },
		authHeaders: strings,
		duplicateStatus: { enum: [400, 409] },
		defaultAccountId: { type: 'string', pattern: '^ACC-\\d{4}-\\d{4}$' },
		families: { type: 'array', nullable: true, items: { enum: ['accountUsers', 'accountScoped', 'accountsAccounts'] } },
		invitationTtlMs: positive,
		refuseIn: { type: 'boolean' },
		refuseDateFilters: { type: 'boolean' },
	},
});

/** The body when the schema accepts it; else a 400 naming the field ("config.latencyMs must be >= 0"). */
function checked(check, body, what) {
	if (check(body)) return body;
	const [error] = check.errors;
	throw fail(400, `${what}${error.instancePath.replaceAll('/', '.')} ${error.message}`);
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
	checked(checkTokens, body, 'tokens');
	const apply = (target, lists = {}) => {
		for (const list of ['bearer', 'apiKeys', 'forbidden']) if (lists[list]) target[list] = new Set(lists[list]);
	};
	for (const vendor of ['softwareOne', 'bold']) {
		apply(state.secrets[vendor], body);
		apply(state.secrets[vendor], body[vendor]);
	}
	return secretsView(state);
}

/** POST /__control/config: the fields given replace the current ones. */
function setConfig(state, body) {
	checked(checkConfig, body, 'config');
	const c = state.config;
	for (const key of ['latencyMs', 'duplicateStatus', 'defaultAccountId', 'families', 'invitationTtlMs', 'refuseIn', 'refuseDateFilters']) if (body[key] !== undefined) c[key] = body[key];
	if (body.authHeaders) c.authHeaders = [...new Set(body.authHeaders.map((h) => h.toLowerCase()))];
	if (body.rateLimit !== undefined) {
		const { rps, burst = Math.max(1, Math.ceil(rps)) } = body.rateLimit ?? {};
		c.rateLimit = body.rateLimit && { rps, burst };
		state.bucket = null;
	}
	return state.configView();
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
	remove: softwareone.remove,
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
		const rec = state.softwareOne.users.get(id);
		if (!rec) throw fail(404, `no SoftwareOne account user ${id}`);
		TRANSITIONS[transition[1]](state, rec);
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
		if (method === 'GET') return ok(state.configView());
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
