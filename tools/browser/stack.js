'use strict';
// Real n8n with the packed node installed, the API double, and an egress sink, all on 127.0.0.1,
// from the shared end-to-end harness (tools/n8n). Unlike the e2e stack, no owner and no
// credentials are made here: the browser suite makes them through n8n's own screens.
// Why hand-written: it only assembles the shared harness's pieces; no library knows them.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DoubleClient, SECRETS, cleanupStack, ensureN8n, packPackage, startDouble, startEgressSink, startN8n } = require('../n8n');

async function startBrowserStack() {
	const timings = {};
	const cleanups = cleanupStack((what, error) => process.stderr.write(`[browser] stopping ${what} failed: ${error.message}\n`));
	const stop = () => cleanups.stop();
	try {
		let t = Date.now();
		ensureN8n(2);
		timings.installMs = Date.now() - t;

		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-browser-'));
		cleanups.add('work folder', () => fs.rmSync(workDir, { recursive: true, force: true }));
		t = Date.now();
		const tarball = packPackage(workDir);
		timings.packMs = Date.now() - t;

		const double = await startDouble({ port: 0 });
		cleanups.add('API double', () => double.close());
		const egress = await startEgressSink();
		cleanups.add('egress sink', () => egress.close());

		t = Date.now();
		const n8n = await startN8n({ major: 2, tarball, env: egress.env });
		cleanups.add('n8n', () => n8n.stop());
		timings.startMs = Date.now() - t;

		return {
			n8n,
			baseUrl: n8n.baseUrl,
			doubleUrl: double.url,
			double: new DoubleClient(double.url),
			secrets: SECRETS,
			egressAttempts: egress.attempts,
			timings,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startBrowserStack };
