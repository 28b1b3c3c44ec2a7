'use strict';
// A local HTTP double of the SoftwareOne Marketplace account-user API and the
// Bold Smart Lock invitation API, with a control API for tests. Plain Node.js (ajv for the request
// schema). See docs/DOUBLE.md. Why hand-written: OpenAPI mock servers (@stoplight/prism-cli,
// openapi-backend) answer from examples but keep no state, inject no faults or rate limits, and know
// neither RQL filtering nor the two vendors' error bodies, which is what the tests exercise.
//
//   const { startDouble } = require('./tools/double/server');
//   const double = await startDouble();          // random port on 127.0.0.1
//   await fetch(`${double.url}/__control/reset`, { method: 'POST' });
//   await double.close();
//
//   node tools/double/server.js --port 4010

const http = require('node:http');
const { DoubleState } = require('./state');
const { listener } = require('./pipeline');

const HOST = '127.0.0.1';

/**
 * @param {object} [options]
 * @param {number} [options.port] port to listen on (0 or absent: a free one)
 * @param {object} [options.secrets] {softwareOne?: {bearer, apiKeys, forbidden}, bold?: {...}}
 * @param {string[]} [options.authHeaders] header names searched for a secret
 * @param {string} [options.defaultAccountId]
 * @param {number} [options.duplicateStatus] 409 (default) or 400
 * @param {number} [options.latencyMs]
 * @param {{rps:number, burst:number}} [options.rateLimit]
 * @param {boolean} [options.seedDefaults] false: start with empty stores
 * @returns {Promise<{url:string, port:number, close:() => Promise<void>, state:DoubleState, server:http.Server}>}
 */
function startDouble(options) {
	const opts = options || {};
	const state = new DoubleState(opts);
	const server = http.createServer(listener(state));
	server.keepAliveTimeout = 5000;
	return new Promise((resolve, reject) => {
		const onError = (err) => reject(err);
		server.once('error', onError);
		server.listen(opts.port || 0, HOST, () => {
			server.removeListener('error', onError);
			const port = server.address().port;
			const url = `http://${HOST}:${port}`;
			state.baseUrl = url;
			let closing = null;
			const close = () => {
				if (!closing) {
					closing = new Promise((done) => {
						server.close(() => done());
						// Ends keep-alive sockets and requests held by `hang` faults.
						server.closeAllConnections();
					});
				}
				return closing;
			};
			resolve({ url, port, close, state, server });
		});
	});
}

if (require.main === module) {
	const { commandLine } = require('../cli');
	const usage = 'usage: node tools/double/server.js [--port N]\nRuns the API double (SoftwareOne + Bold) on 127.0.0.1 until Ctrl-C; port 0 or none: a free one. See docs/DOUBLE.md.';
	const port = Number(commandLine(usage, { port: { type: 'string', default: '0' } }).port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		process.stderr.write('usage: node tools/double/server.js [--port N]\n');
		process.exit(2);
	}
	startDouble({ port }).then(
		(double) => {
			process.stdout.write(`API double listening on ${double.url}\n`);
			const stop = () => double.close().then(() => process.exit(0));
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		},
		(err) => {
			process.stderr.write(`API double could not start: ${err.message}\n`);
			process.exit(1);
		},
	);
}

module.exports = { startDouble };
