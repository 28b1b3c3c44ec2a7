'use strict';
// Part of the API double; why hand-written: server.js.
// One API request, start to end:
//   control routes -> control.js, nothing else applies;
//   rate limit (token bucket) -> global latency -> fault rule (before the work,
//   unless afterProcessing) -> read body -> vendor handler -> fault rule (after
//   the work, if afterProcessing) -> answer -> request log.

const { setTimeout: sleep } = require('node:timers/promises');
const { readBody, send, result, problem } = require('./http');
const control = require('./control');
const softwareone = require('./softwareone');
const bold = require('./bold');
const faults = require('./faults');
const ratelimit = require('./ratelimit');

/** Waits without keeping the process alive. */
const pause = (ms) => sleep(ms, undefined, { ref: false });

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
function applyFault(rule, vendor, req, res, log) {
	switch (rule.kind) {
		case 'status': {
			const r = faults.statusResult(rule, vendor);
			send(res, r);
			return log(r.status, 'status');
		}
		case 'malformed':
			send(res, faults.malformedResult());
			return log(200, 'malformed');
		case 'reset':
			log(0, 'reset');
			return req.socket.destroy();
		case 'hang':
			// Never answered; server.closeAllConnections() in close() ends it.
			return log(0, 'hang');
		default:
			throw new Error(`unknown fault kind ${rule.kind}`);
	}
}

async function handleApi(state, req, res, method, pathname, rawQuery) {
	const vendor = vendorOf(pathname);
	const log = (status, fault = null, retryAfter = null) => state.logRequest(method, pathname, rawQuery, status, fault, retryAfter);

	const retryAfter = ratelimit.take(state);
	if (retryAfter) {
		state.rateLimited++;
		send(res, ratelimit.limitedResult(retryAfter, vendor));
		log(429, null, retryAfter);
		req.resume();
		return;
	}

	if (state.config.latencyMs > 0) await pause(state.config.latencyMs);

	const rule = faults.match(state, method, pathname, req.url);
	/** The rule's delay, then true when it answers in place of the handler (any kind but latency). */
	const faultAnswers = async (afterProcessing) => {
		if (!rule || rule.afterProcessing !== afterProcessing) return false;
		if (rule.delayMs) await pause(rule.delayMs);
		return rule.kind !== 'latency';
	};
	if (await faultAnswers(false)) {
		if (rule.kind !== 'reset') req.resume();
		return applyFault(rule, vendor, req, res, log);
	}

	let r;
	try {
		const body = await readBody(req);
		r = dispatch(state, vendor, { method, pathname, rawQuery, headers: req.headers, body });
	} catch (e) {
		if (!e.tooLarge) throw e;
		r = result(413, problem(413, 'The request body is larger than 1 MiB.'));
	}

	if (await faultAnswers(true)) return applyFault(rule, vendor, req, res, log);
	send(res, r);
	log(r.status);
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

module.exports = { listener };
