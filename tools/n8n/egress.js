'use strict';
// A stand-in for the internet: n8n gets HTTP_PROXY/HTTPS_PROXY pointing here (loopback stays direct through
// NO_PROXY), so any request to an outside host is refused and recorded; GET /__egress (asked directly) lists
// them. Why hand-written: a proxy library forwards; this only refuses and records, in a few lines of node:http.

const http = require('node:http');
const axios = require('axios');

async function startEgressSink() {
	const attempts = [];
	const server = http.createServer((req, res) => {
		if (req.url === '/__egress') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ attempts }));
			return;
		}
		attempts.push({ method: req.method, target: req.url, at: new Date().toISOString() });
		res.writeHead(403, { 'content-type': 'text/plain' });
		res.end('Blocked by the e2e egress sink: tests reach loopback only');
	});
	server.on('connect', (req, socket) => {
		attempts.push({ method: 'CONNECT', target: req.url, at: new Date().toISOString() });
		socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		attempts: () => attempts.slice(),
		/** The environment that sends n8n's outside traffic here. */
		env: {
			HTTP_PROXY: url,
			HTTPS_PROXY: url,
			ALL_PROXY: url,
			http_proxy: url,
			https_proxy: url,
			all_proxy: url,
			NO_PROXY: '127.0.0.1,localhost,::1',
			no_proxy: '127.0.0.1,localhost,::1',
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** The attempts a sink (maybe started in another process) has recorded. @returns {Promise<Array<{ method: string, target: string, at: string }>>} */
async function egressAttempts(sinkUrl) {
	const res = await axios.get(`${sinkUrl}/__egress`, { httpAgent: new http.Agent({ keepAlive: false }), timeout: 5000 });
	return res.data.attempts;
}

module.exports = { startEgressSink, egressAttempts };
