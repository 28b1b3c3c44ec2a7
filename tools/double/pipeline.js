'use strict';
// One API request, start to end:
//   control routes -> control.js, nothing else applies;
//   rate limit (token bucket) -> global latency -> fault rule (before the work,
//   unless afterProcessing) -> read body -> vendor handler -> fault rule (after
//   the work, if afterProcessing) -> answer -> request log.

const { readBody, send, result, problem } = require('./http');
const control = require('./control');
const softwareone = require('./softwareone');
const bold = require('./bold');
const faults = require('./faults');
const ratelimit = require('./ratelimit');

function sleep(ms) {
	return new Promise((resolve) => {
		const t = setTimeout(resolve, ms);
		if (t.unref) t.unref();
	});
}

function vendorOf(pathname) {
	if (bold.isBoldPath(pathname)) return 'bold';
	if (softwareone.isSoftwareOnePath(pathname)) return 'softwareOne';
	return null;
}

function dispatch(state, vendor, ctx) {
	if (vendor === 'bold') return bold.handle(state, ctx);
	if (vendor === 'softwareOne') return softwareone.handle(state, ctx);
	return result(404, problem(404, `No route matches ${ctx.method} ${ctx.pathname}.`));
}

/** Carries out a fault rule of any kind but latency. */
function applyFault(state, rule, vendor, req, res, method, pathname, rawQuery) {
	switch (rule.kind) {
		case 'status': {
			const r = faults.statusResult(rule, vendor);
			send(res, r);
			state.logRequest(method, pathname, rawQuery, r.status, 'status');
			return;
		}
		case 'malformed':
			send(res, faults.malformedResult());
			state.logRequest(method, pathname, rawQuery, 200, 'malformed');
			return;
		case 'reset':
			state.logRequest(method, pathname, rawQuery, 0, 'reset');
			req.socket.destroy();
			return;
		case 'hang':
			// Never answered; server.closeAllConnections() in close() ends it.
			state.logRequest(method, pathname, rawQuery, 0, 'hang');
			return;
		default:
			throw new Error(`unknown fault kind ${rule.kind}`);
	}
}

async function handleApi(state, req, res, method, pathname, rawQuery) {
	const vendor = vendorOf(pathname);

	const retryAfter = ratelimit.take(state);
	if (retryAfter) {
		state.rateLimited++;
		send(res, ratelimit.limitedResult(retryAfter, vendor));
		state.logRequest(method, pathname, rawQuery, 429, null);
		req.resume();
		return;
	}

	if (state.config.latencyMs > 0) await sleep(state.config.latencyMs);

	const rule = faults.match(state, method, pathname, req.url);
	if (rule && !rule.afterProcessing) {
		if (rule.delayMs) await sleep(rule.delayMs);
		if (rule.kind !== 'latency') {
			if (rule.kind !== 'reset') req.resume();
			applyFault(state, rule, vendor, req, res, method, pathname, rawQuery);
			return;
		}
	}

	let r;
	try {
		const body = await readBody(req);
		r = dispatch(state, vendor, { method, pathname, rawQuery, headers: req.headers, body });
	} catch (e) {
		if (!e.tooLarge) throw e;
		r = result(413, problem(413, 'The request body is larger than 1 MiB.'));
	}

	if (rule && rule.afterProcessing) {
		if (rule.delayMs) await sleep(rule.delayMs);
		if (rule.kind !== 'latency') {
			applyFault(state, rule, vendor, req, res, method, pathname, rawQuery);
			return;
		}
	}

	send(res, r);
	state.logRequest(method, pathname, rawQuery, r.status, null);
}

async function handleRequest(state, req, res) {
	const url = req.url || '/';
	const q = url.indexOf('?');
	const pathname = q < 0 ? url : url.slice(0, q);
	const rawQuery = q < 0 ? '' : url.slice(q + 1);
	const method = req.method;

	if (control.isControlPath(pathname)) {
		const body = await readBody(req);
		send(res, control.handle(state, { method, pathname, rawQuery, body }));
		return;
	}
	await handleApi(state, req, res, method, pathname, rawQuery);
}

/** The http server's request listener; an unexpected error answers 500. */
function listener(state) {
	return (req, res) => {
		handleRequest(state, req, res).catch((err) => {
			try {
				send(res, result(500, problem(500, `API double error: ${err && err.message}`)));
			} catch (e) {
				res.destroy();
			}
		});
	};
}

module.exports = { listener, handleRequest };
