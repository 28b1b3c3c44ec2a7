'use strict';
// Part of the API double; why hand-written: server.js.
// Everything the double remembers: secrets, configuration, fault rules, the
// two vendors' stores, counters and the request log. `reset()` brings all of
// it back to the defaults the double was started with.

const DEFAULT_SECRETS = {
	softwareOne: {
		bearer: ['s1-valid-token'],
		apiKeys: ['s1-valid-key'],
		forbidden: ['s1-forbidden-token'],
	},
	bold: {
		bearer: ['0afdf1dc-06f5-465b-a094-aa4196f6e7df'],
		apiKeys: ['bold-valid-key'],
		forbidden: ['bold-forbidden-token'],
	},
};

const DEFAULT_ACCOUNT_ID = 'ACC-1234-5678';
const DEFAULT_GROUP_ID = 'UGR-1234-5678';
const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const REQUEST_LOG_SIZE = 5000;

/** Seed data loaded by reset() unless the double was started with seedDefaults: false. */
const DEFAULT_SOFTWAREONE_USERS = [
	{ email: 'invited.user@example.com', firstName: 'Ivy', lastName: 'Invited', status: 'Invited' },
	{ email: 'active.user@example.com', firstName: 'Adam', lastName: 'Active', status: 'Active' },
	{ email: 'expired.user@example.com', firstName: 'Eve', lastName: 'Expired', status: 'InvitationExpired' },
];
const DEFAULT_BOLD_USERS = [
	{ id: 2, emailAddress: 'personal.owner@example.com', firstName: 'Pat', lastName: 'Personal' },
	{ id: 5, emailAddress: 'guest.user@example.com', firstName: 'Gus', lastName: 'Guest', phoneNumber: '+31850607337', language: 'nl' },
];

function secretSets(lists) {
	return Object.fromEntries(['bearer', 'apiKeys', 'forbidden'].map((kind) => [kind, new Set(lists[kind] || [])]));
}

function counterMap() {
	return Object.create(null);
}

function bump(map, key, by) {
	map[key] = (map[key] || 0) + (by === undefined ? 1 : by);
}

/** Copies of the named counters of a store, for the JSON view. */
function counters(store, names) {
	return Object.fromEntries(names.map((name) => [name, { ...store[name] }]));
}

class DoubleState {
	/**
	 * @param {object} options startDouble options: secrets, authHeaders, defaultAccountId,
	 *   duplicateStatus, latencyMs, rateLimit, seedDefaults, invitationTtlMs.
	 */
	constructor(options) {
		const o = options || {};
		const secrets = o.secrets || {};
		this.defaults = {
			secrets: {
				softwareOne: Object.assign({}, DEFAULT_SECRETS.softwareOne, secrets.softwareOne || {}),
				bold: Object.assign({}, DEFAULT_SECRETS.bold, secrets.bold || {}),
			},
			authHeaders: (o.authHeaders || ['authorization', 'x-api-key']).map((h) => h.toLowerCase()),
			defaultAccountId: o.defaultAccountId || DEFAULT_ACCOUNT_ID,
			duplicateStatus: o.duplicateStatus || 409,
			latencyMs: o.latencyMs || 0,
			rateLimit: o.rateLimit || null,
			seedDefaults: o.seedDefaults !== false,
			invitationTtlMs: o.invitationTtlMs || INVITATION_TTL_MS,
		};
		this.baseUrl = 'http://127.0.0.1';
		this.reset();
	}

	reset() {
		const d = this.defaults;
		this.secrets = {
			softwareOne: secretSets(d.secrets.softwareOne),
			bold: secretSets(d.secrets.bold),
		};
		this.config = {
			latencyMs: d.latencyMs,
			rateLimit: d.rateLimit ? Object.assign({}, d.rateLimit) : null,
			authHeaders: d.authHeaders.slice(),
			defaultAccountId: d.defaultAccountId,
			duplicateStatus: d.duplicateStatus,
			invitationTtlMs: d.invitationTtlMs,
			// Which SoftwareOne path families answer; null = all (a live platform serves only some).
			families: null,
			// The live API's support of in() is unconfirmed: true answers it with 400, as an unknown operator.
			refuseIn: false,
			// True: RQL comparisons on audit dates are refused (400), as a server without them would.
			refuseDateFilters: false,
		};
		this.bucket = null; // token bucket, created lazily by ratelimit.js
		this.faults = []; // compiled rules, see faults.js
		this.softwareOne = {
			users: new Map(), // account-user id -> record
			byMembership: new Map(), // accountId + '\n' + lower(email) -> account-user id
			userIdsByEmail: new Map(), // lower(email) -> USR id (a person is global)
			accountUserSeq: 0,
			userSeq: 0,
			codeSeq: 0,
			createsByEmail: counterMap(),
			postsByEmail: counterMap(),
			invitationEmailsByUser: counterMap(),
			duplicateCreates: 0,
			deletesById: counterMap(), // DELETE {user} that removed someone, by account-user id
			groupChangesByUser: counterMap(), // group changes that took effect (POST/PUT/DELETE …/groups)
		};
		this.bold = {
			users: new Map(), // numeric id -> record
			emailsByUser: counterMap(),
			smsByUser: counterMap(),
			updatesByUser: counterMap(),
			createsByEmail: counterMap(), // POST /v2/users that created a user, by lower-cased e-mail
			groupMembers: new Map(), // user-group id -> Map(user id -> {groupAdmin})
		};
		this.requestLog = [];
		this.rateLimited = 0;
		if (d.seedDefaults) {
			// Required lazily to keep this module free of vendor logic at load time.
			const softwareone = require('./softwareone');
			const bold = require('./bold');
			for (const u of DEFAULT_SOFTWAREONE_USERS) softwareone.seedUser(this, u);
			for (const u of DEFAULT_BOLD_USERS) bold.seedUser(this, u);
		}
	}

	/** Amortised O(1): the log is cut back to the last REQUEST_LOG_SIZE entries once it holds twice that. */
	/** `retryAfter`: the seconds a 429 of the rate limit told the client to wait (the bench reads the first one). */
	logRequest(method, path, query, status, fault, retryAfter = null) {
		this.requestLog.push({ method, path, query, status, at: Date.now(), fault, retryAfter });
		if (this.requestLog.length >= 2 * REQUEST_LOG_SIZE) this.requestLog = this.requestLog.slice(-REQUEST_LOG_SIZE);
	}

	requests() {
		return this.requestLog.slice(-REQUEST_LOG_SIZE).map((e) => {
			const entry = { method: e.method, path: e.path, status: e.status, at: new Date(e.at).toISOString() };
			if (e.query) entry.query = e.query;
			if (e.fault) entry.fault = e.fault;
			if (e.retryAfter) entry.retryAfter = e.retryAfter;
			return entry;
		});
	}

	/** The configuration as GET and POST /__control/config answer it. */
	configView() {
		return { ...this.config };
	}

	/** The JSON view served by GET /__control/state. */
	snapshot() {
		const softwareone = require('./softwareone');
		const bold = require('./bold');
		const s1 = this.softwareOne;
		const b = this.bold;
		return {
			softwareOne: {
				users: Array.from(s1.users.values(), (r) => softwareone.controlView(this, r)),
				...counters(s1, ['createsByEmail', 'postsByEmail', 'invitationEmailsByUser', 'deletesById', 'groupChangesByUser']),
				duplicateCreates: s1.duplicateCreates,
			},
			bold: {
				users: Array.from(b.users.values(), (r) => bold.controlView(r)),
				...counters(b, ['emailsByUser', 'smsByUser', 'updatesByUser', 'createsByEmail']),
				groupMembers: Object.fromEntries(Array.from(b.groupMembers, ([g, m]) => [g, Array.from(m, ([id, v]) => ({ id, groupAdmin: v.groupAdmin }))])),
			},
			requests: this.requests(),
			rateLimited: this.rateLimited,
			config: this.configView(),
			faults: require('./faults').describe(this),
		};
	}
}

module.exports = { DoubleState, DEFAULT_GROUP_ID, bump };
