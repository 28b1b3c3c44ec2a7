'use strict';
// Part of the API double; why hand-written: server.js.
// Checks the secret a request carries against one vendor's valid secrets.
//
// Every header named in state.config.authHeaders (default: Authorization,
// X-API-Key) is looked at. A header value may be the secret alone ("X") or the
// secret after one prefix word ("Bearer X", "ApiKey X", "Token X"): the node's
// credentials let the user choose both header and prefix, so the double accepts
// any of those. A forbidden secret authenticates but gets 403.

/** @returns {'ok'|'forbidden'|'missing'|'invalid'} */
function authenticate(state, vendor, headers) {
	const secrets = state.secrets[vendor];
	const names = state.config.authHeaders;
	let sawAny = false;
	let forbidden = false;
	for (const name of names) {
		const raw = headers[name];
		if (raw === undefined) continue;
		const values = Array.isArray(raw) ? raw : [raw];
		for (const value of values) {
			const secret = secretOf(value);
			if (!secret) continue;
			sawAny = true;
			if (secrets.forbidden.has(secret)) {
				forbidden = true;
			} else if (secrets.bearer.has(secret) || secrets.apiKeys.has(secret)) {
				return 'ok';
			}
		}
	}
	if (forbidden) return 'forbidden';
	return sawAny ? 'invalid' : 'missing';
}

/** "Bearer X" -> "X", "X" -> "X", "" -> null. More than two words is not a secret. */
function secretOf(value) {
	const parts = String(value).trim().split(/\s+/);
	return parts[0] && parts.length <= 2 ? parts[parts.length - 1] : null;
}

module.exports = { authenticate };
