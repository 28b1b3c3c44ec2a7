'use strict';
// One running test stack (why hand-written: n8n.js): the API double, real n8n with the packed node, an
// owner account and the four credentials pointing at the double. Used by the jest global set-up, the n8n
// 1.x smoke test, the browser suite (without owner and credentials) and tools/demo/demo.js.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { cleanupStack } = require('./cleanups');
const { N8nClient, OWNER } = require('./client');
const { DoubleClient, SECRETS, startDouble } = require('./double');
const { startEgressSink } = require('./egress');
const { ensureN8n, log, packPackage, startN8n } = require('./n8n');

/** The credentials every stack creates; the example files refer to the first and third by name. */
function credentialSpecs(doubleUrl) {
	const where = (service) => ({ environment: 'custom', customUrl: doubleUrl, customService: service });
	return {
		softwareOneBearer: {
			name: 'SoftwareOne (bearer token)',
			type: 'userInvitationBearerTokenApi',
			data: { ...where('softwareOne'), token: SECRETS.softwareOneToken },
		},
		softwareOneApiKey: {
			name: 'SoftwareOne (API key)',
			type: 'userInvitationApiKeyApi',
			data: { ...where('softwareOne'), apiKey: SECRETS.softwareOneApiKey, headerName: 'X-API-Key', prefix: '' },
		},
		boldBearer: {
			name: 'Bold Smart Lock (bearer token)',
			type: 'userInvitationBearerTokenApi',
			data: { ...where('bold'), token: SECRETS.boldToken },
		},
		boldApiKey: {
			name: 'Bold Smart Lock (API key)',
			type: 'userInvitationApiKeyApi',
			data: { ...where('bold'), apiKey: SECRETS.boldApiKey, headerName: 'Authorization', prefix: 'ApiKey' },
		},
	};
}

/**
 * @param {object} [options]
 * @param {1|2} [options.major] n8n major version (2: 2.41.1 on Node 24; 1: 1.123.81 on Node 20)
 * @param {string} [options.tarball] an `npm pack` of this repository; packed (and built) when absent
 * @param {string} [options.doubleUrl] a double that already runs; one is started in this process when absent
 * @param {number} [options.n8nPort] default: a free port
 * @param {number} [options.doublePort] default: a free port
 * @param {string} [options.workDir] where tarball and logs go; default: a new temp folder
 * @param {boolean} [options.owner] false: no owner and no credentials (the browser suite makes them through n8n's screens)
 */
async function startStack(options = {}) {
	const major = options.major || 2;
	const workDir = options.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-e2e-'));
	const timings = {};
	const cleanups = cleanupStack((what, error) => log(`stopping ${what} failed: ${error.message}`));
	const stop = () => cleanups.stop();
	try {
		let t = Date.now();
		const install = ensureN8n(major);
		timings.installMs = Date.now() - t;

		t = Date.now();
		const tarball = options.tarball || packPackage(workDir);
		timings.packMs = Date.now() - t;

		let doubleUrl = options.doubleUrl;
		if (!doubleUrl) {
			const double = await startDouble({ port: options.doublePort || 0 });
			cleanups.add('API double', () => double.close());
			doubleUrl = double.url;
		}

		const egress = await startEgressSink();
		cleanups.add('egress sink', () => egress.close());

		t = Date.now();
		const n8n = await startN8n({ major, tarball, port: options.n8nPort, env: { ...egress.env, ...options.env } });
		cleanups.add('n8n', () => n8n.stop({ keepFolder: options.keepFolder }));
		timings.startMs = Date.now() - t;

		const client = new N8nClient(n8n);
		const specs = credentialSpecs(doubleUrl);
		/** @type {Record<keyof typeof specs, import('.').CredentialRef>} */
		const credentials = {};
		if (options.owner !== false) {
			await client.setupOwner(OWNER);
			for (const [key, spec] of Object.entries(specs)) {
				credentials[key] = { ...(await client.createCredential(spec)), data: spec.data };
			}
		}
		log(`n8n ${install.version} ready at ${n8n.baseUrl} in ${(timings.startMs / 1000).toFixed(1)} s; double at ${doubleUrl}`);
		return {
			major,
			version: install.version,
			n8n,
			client,
			double: new DoubleClient(doubleUrl),
			doubleUrl,
			egressUrl: egress.url,
			egressAttempts: egress.attempts,
			credentials,
			owner: OWNER,
			tarball,
			workDir,
			timings,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** What a test file needs to reach a stack started elsewhere (the jest global set-up): its data, no live objects. */
function describeStack({ client, double, egressAttempts, stop, n8n, ...data }) {
	return { ...data, n8n: { baseUrl: n8n.baseUrl, hostDir: n8n.hostDir, major: data.major, logPath: n8n.logPath } };
}

/** Connects to a described stack: a logged-in n8n client and a double client. @returns {Promise<import('.').Stack>} */
async function connectStack(description) {
	const client = new N8nClient(description.n8n);
	await client.login(description.owner);
	return { ...description, client, double: new DoubleClient(description.doubleUrl) };
}

module.exports = { startStack, describeStack, connectStack, credentialSpecs };
