'use strict';
// A client for n8n's REST API (/rest, the editor's) with a login cookie: n8n publishes no client for it.

const http = require('node:http');
const path = require('node:path');
const axios = require('axios');
const { sleep } = require('./n8n');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

class N8nClient {
	/** @param {{baseUrl: string, hostDir: string, major?: number}} server */
	constructor(server) {
		this.baseUrl = server.baseUrl;
		this.major = server.major || 2;
		this.hostDir = server.hostDir;
		this.cookie = '';
		// No keep-alive: a socket the server closed while idle would fail the next request ("socket hang up").
		this.http = axios.create({
			baseURL: server.baseUrl,
			timeout: 60_000,
			validateStatus: () => true,
			maxRedirects: 0,
			httpAgent: new http.Agent({ keepAlive: false }),
		});
	}

	async rest(method, url, data, { expect = 'ok' } = {}) {
		const res = await this.http.request({
			method,
			url: `/rest${url}`,
			data,
			headers: this.cookie ? { cookie: this.cookie } : {},
		});
		if (expect === 'ok' && (res.status < 200 || res.status >= 300)) {
			const body =
				typeof res.data === 'string' ? res.data.slice(0, 800) : JSON.stringify({ ...res.data, stacktrace: undefined }).slice(0, 800);
			throw new Error(`n8n ${method.toUpperCase()} /rest${url} answered ${res.status}: ${body}`);
		}
		return res;
	}

	/** Sets up the owner on a fresh instance (or logs in if that was done already). */
	async setupOwner(owner = OWNER) {
		const setup = await this.rest('post', '/owner/setup', owner, { expect: 'any' });
		if (setup.status >= 400 && !(setup.status === 400 && /already/i.test(JSON.stringify(setup.data)))) {
			throw new Error(`owner set-up failed: ${setup.status} ${JSON.stringify(setup.data).slice(0, 400)}`);
		}
		await this.login(owner);
		return owner;
	}

	async login({ email, password } = OWNER) {
		const res = await this.rest('post', '/login', { emailOrLdapLoginId: email, password }, { expect: 'any' });
		if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`);
		const cookies = [].concat(res.headers['set-cookie'] || []);
		this.cookie = cookies.map((c) => c.split(';')[0]).join('; ');
		if (!this.cookie) throw new Error('login returned no cookie');
	}

	/** Names of the node types this n8n has loaded (what the editor's node panel offers). */
	async nodeTypeNames() {
		const res = await this.http.get('/types/nodes.json', { headers: { cookie: this.cookie } });
		if (res.status !== 200) throw new Error(`GET /types/nodes.json answered ${res.status}`);
		return res.data.map((type) => type.name);
	}

	/** @returns {Promise<import('.').CredentialRef>} */
	async createCredential({ name, type, data }) {
		const res = await this.rest('post', '/credentials', { name, type, data });
		return { id: res.data.data.id, name, type };
	}

	/** The credential Test button: POST /rest/credentials/test. Returns {status: 'OK'|'Error', message}. */
	async testCredential({ id, name, type, data }) {
		return (await this.rest('post', '/credentials/test', { credentials: { id, name, type, data } })).data.data;
	}

	/** @returns {Promise<import('.').SavedWorkflow>} */
	async createWorkflow(workflow) {
		const { id, versionId, ...body } = workflow;
		// 1.x requires `active`; activation is a separate call.
		return (await this.rest('post', '/workflows', { ...body, active: false })).data.data;
	}

	/** Activates (2.x: publishes) a workflow so its webhooks answer at /webhook/<path>. Same call in 1.123. */
	async activateWorkflow(workflow) {
		return (await this.rest('post', `/workflows/${workflow.id}/activate`, { versionId: workflow.versionId })).data.data;
	}

	async deactivateWorkflow(workflow) {
		return (await this.rest('post', `/workflows/${workflow.id}/deactivate`, {})).data.data;
	}

	async createActiveWorkflow(workflow) {
		const created = await this.createWorkflow(workflow);
		await this.activateWorkflow(created);
		return created;
	}

	/**
	 * Calls a production webhook. A webhook registers a moment after activation: a 404 "not registered"
	 * is retried for up to `registerWaitMs`.
	 */
	async webhook(webhookPath, body, { method = 'POST', registerWaitMs = 5000, headers = {} } = {}) {
		const deadline = Date.now() + registerWaitMs;
		for (;;) {
			const res = await this.http.request({ method, url: `/webhook/${webhookPath}`, data: body, headers });
			const notRegistered = res.status === 404 && /not registered/i.test(JSON.stringify(res.data));
			if (!notRegistered || Date.now() > deadline) return { status: res.status, data: res.data, headers: res.headers };
			await sleep(100);
		}
	}

	/** 2.x: runs a saved workflow as the editor's "Execute workflow" button does; returns the execution id. */
	async runManually(workflowId, triggerName) {
		const res = await this.rest('post', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
		const executionId = res.data.data && res.data.data.executionId;
		if (!executionId) throw new Error(`manual run started no execution: ${JSON.stringify(res.data).slice(0, 400)}`);
		return String(executionId);
	}

	/** @returns {Promise<Array<{ id: string, status: string, finished: boolean }>>} */
	async executionIds(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const res = await this.rest('get', `/executions?filter=${filter}&limit=100`);
		const results = res.data.data.results || res.data.data;
		return results.map((e) => ({ id: String(e.id), status: e.status, finished: e.finished }));
	}

	/** One execution with its run data (stored "flatted" by n8n), parsed. @returns {Promise<import('.').Execution>} */
	async execution(id) {
		const res = await this.rest('get', `/executions/${id}`);
		const record = res.data.data;
		const flatted = require(require.resolve('flatted', { paths: [path.join(this.hostDir, 'node_modules', 'n8n')] }));
		const data = typeof record.data === 'string' ? flatted.parse(record.data) : record.data;
		return { ...record, data, rawData: record.data };
	}

	/** Waits until the execution is no longer running and returns it. */
	async waitForExecution(id, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.rest('get', `/executions/${id}`, undefined, { expect: 'any' });
			const record = res.status === 200 ? res.data.data : undefined;
			if (record && record.status && !['new', 'running', 'waiting'].includes(record.status) && record.data) {
				return await this.execution(id);
			}
			if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within ${timeoutMs / 1000} s`);
			await sleep(150);
		}
	}

	/** The newest execution of a workflow that is not in `seenIds`, once finished. */
	async nextExecution(workflowId, seenIds = [], timeoutMs = 30_000) {
		const seen = new Set(seenIds.map(String));
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await this.executionIds(workflowId)).filter((e) => !seen.has(e.id));
			if (fresh.length > 0) {
				const newest = fresh.sort((a, b) => Number(b.id) - Number(a.id))[0];
				return await this.waitForExecution(newest.id, Math.max(1000, deadline - Date.now()));
			}
			if (Date.now() > deadline) throw new Error(`no new execution of workflow ${workflowId} within ${timeoutMs / 1000} s`);
			await sleep(150);
		}
	}

	/** Every item a node put out (run 0, output 0) in a parsed execution. @returns {import('.').Item[]} */
	static nodeItems(execution, nodeName, { run = 0, output = 0 } = {}) {
		const runs = execution.data.resultData.runData[nodeName];
		if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execution.data.resultData.runData).join(', ')}`);
		const main = runs[run].data && runs[run].data.main;
		return (main && main[output]) || [];
	}

	static nodeError(execution, nodeName) {
		const runs = execution.data.resultData.runData[nodeName];
		return runs && runs[0] && runs[0].error;
	}
}

module.exports = { N8nClient, OWNER };
