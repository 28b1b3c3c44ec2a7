'use strict';
// Part of the e2e harness (why hand-written: n8n.js): starts the local API double of SoftwareOne and Bold
// (tools/double, docs/DOUBLE.md) on 127.0.0.1 only, and a client for its /__control API.

const http = require('node:http');
const axios = require('axios');

/** The secrets the double accepts by default (tools/double/state.js). */
const SECRETS = {
	softwareOneToken: 's1-valid-token',
	softwareOneApiKey: 's1-valid-key',
	boldToken: '0afdf1dc-06f5-465b-a094-aa4196f6e7df',
	boldApiKey: 'bold-valid-key',
};

/** Starts the double in this process. @returns {Promise<{ url: string, port: number, close(): Promise<void> }>} */
async function startDouble({ port = 0 } = {}) {
	return await require('../double/server').startDouble({ port });
}

class DoubleClient {
	constructor(url) {
		this.url = url;
		this.http = axios.create({ baseURL: `${url}/__control`, timeout: 10_000, httpAgent: new http.Agent({ keepAlive: false }) });
	}

	async reset() {
		await this.http.post('/reset');
	}

	/**
	 * @param {{softwareOneUsers?: object[], boldUsers?: object[]}} data
	 * @returns {Promise<{softwareOneUsers: Array<Record<string, any>>, boldUsers: Array<Record<string, any>>}>}
	 */
	async seed(data) {
		return (await this.http.post('/seed', data)).data;
	}

	/** @returns {Promise<import('.').DoubleState>} */
	async state() {
		return (await this.http.get('/state')).data;
	}

	async expire(id) {
		return (await this.http.post(`/expire/${encodeURIComponent(id)}`)).data;
	}

	/** The user joins (Active). */
	async accept(id) {
		return (await this.http.post(`/accept/${encodeURIComponent(id)}`)).data;
	}

	/** A fresh pending invitation (Invited), no e-mail counted. */
	async invite(id) {
		return (await this.http.post(`/invite/${encodeURIComponent(id)}`)).data;
	}

	/** The membership is removed. */
	async remove(id) {
		return (await this.http.post(`/remove/${encodeURIComponent(id)}`)).data;
	}

	/** @param {import('.').FaultRule[]} rules */
	async faults(rules) {
		return (await this.http.post('/faults', { rules })).data;
	}

	async clearFaults() {
		await this.http.delete('/faults');
	}

	async config(settings) {
		return (await this.http.post('/config', settings)).data;
	}

	async tokens(lists) {
		return (await this.http.post('/tokens', lists)).data;
	}

	/** API requests the double answered (control calls excluded), oldest first. */
	async requests() {
		return (await this.state()).requests;
	}
}

module.exports = { startDouble, DoubleClient, SECRETS };
