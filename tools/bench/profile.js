#!/usr/bin/env node
'use strict';
// node tools/bench/profile.js — n8n's CPU by area while this node runs (why hand-written: no profiler knows n8n's areas).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { startStack } = require('../n8n/stack');
const { webhookWorkflow } = require('../n8n/workflows');
const { codeNode, ourNode } = require('./run');
const { commandLine } = require('../cli');

const HELP = `Usage: node tools/bench/profile.js [--items N] [--runs R] [--mapping auto|expressions] [--analyze DIR]

Starts real n8n 2.41.1 with node --cpu-prof, runs this node R times (default 3) over N Create User
items (default 1000) against the local API double at 0 ms latency, stops n8n and prints the CPU time
of n8n's main process by area (this package, n8n's expressions, the rest of n8n) and the ten
functions of this package with the most self time, per item. --analyze DIR only reads the profiles
an earlier run kept in DIR (give the same --items and --runs).`;

const options = commandLine(HELP, { items: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, mapping: { type: 'string', default: 'auto' }, analyze: { type: 'string' } });
const ITEMS = Number(options.items);
const RUNS = Number(options.runs);
const MAPPING = options.mapping;

/**
 * Self time (ms) per profile node, from the samples and their time deltas, counted only between the
 * first and the last sample in the node's run: n8n's start-up and shut-down are left out.
 */
function selfTimes(profile) {
	const byId = new Map(profile.nodes.map((node) => [node.id, { node, ms: 0 }]));
	// Only the node's run counts: its code also runs when n8n loads the package at start-up.
	const running = new Set(['router', 'prepare', 'execute', 'request', 'send']);
	const inPackage = profile.samples.map((id) => {
		const { node } = byId.get(id);
		return area(node) === 'this package' && running.has(node.callFrame.functionName);
	});
	const first = inPackage.indexOf(true);
	const last = inPackage.lastIndexOf(true);
	profile.samples.forEach((id, i) => {
		if (i >= first && i <= last) byId.get(id).ms += (profile.timeDeltas[i] || 0) / 1000;
	});
	return [...byId.values()];
}

function area(node) {
	const { url, functionName } = node.callFrame;
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(program)') return 'native (program)';
	if (url.includes('/node_modules/n8n-nodes-user-invitations/dist/')) return 'this package';
	if (/n8n-workflow\/dist\/.*(expression|Expression|tmpl|extensions)/.test(url) || url.includes('@n8n/tournament') || url.includes('expression-evaluator')) return "n8n's expressions";
	if (url.includes('/n8n-core/')) return 'n8n-core';
	if (url.includes('/n8n-workflow/')) return 'n8n-workflow (other)';
	if (url.startsWith('node:') || url === '') return 'Node.js';
	if (url.includes('/node_modules/isolated-vm/') || url.includes('isolated-vm-bridge')) return "n8n's expressions";
	return 'other';
}

async function main() {
	report(options.analyze ?? (await profile()));
}

async function profile() {
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-invitations-profile-'));
	const stack = await startStack({
		major: 2,
		env: { N8N_LOG_LEVEL: 'warn', NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` },
	});
	let workflow;
	try {
		const webhookPath = `profile-${crypto.randomBytes(4).toString('hex')}`;
		workflow = await stack.client.createActiveWorkflow(
			webhookWorkflow({
				name: 'Profile',
				webhookPath,
				splitItems: false,
				responseData: 'firstEntryJson',
				nodes: [codeNode(), ourNode(stack.credentials.softwareOneBearer, MAPPING)],
			}),
		);
		for (let run = 0; run < RUNS; run++) {
			await stack.double.reset();
			await stack.client.webhook(webhookPath, { run: `profile${run}`, n: ITEMS }, { registerWaitMs: 10_000 });
		}
	} finally {
		await stack.stop();
	}
	return profileDir;
}

function report(profileDir) {
	const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
	// The main process is the one whose profile holds this package's code.
	const profiles = files.map((f) => JSON.parse(fs.readFileSync(path.join(profileDir, f), 'utf8')));
	const main = profiles.find((p) => p.nodes.some((n) => area(n) === 'this package'));
	if (!main) throw new Error(`No profile of n8n's main process in ${profileDir}`);
	const times = selfTimes(main);
	const items = ITEMS * RUNS;
	const perItem = (ms) => `${((ms / items) * 1000).toFixed(1)} µs`;
	const byArea = new Map();
	for (const { node, ms } of times) byArea.set(area(node), (byArea.get(area(node)) || 0) + ms);
	console.log(`CPU self time of n8n's main process while the runs went on, ${RUNS} run(s) × ${ITEMS} items, mapping: ${MAPPING} (per item):`);
	for (const [name, ms] of [...byArea].sort((a, b) => b[1] - a[1])) {
		if (name !== 'idle') console.log(`  ${name.padEnd(22)} ${perItem(ms)}`);
	}
	const ours = new Map();
	for (const { node, ms } of times) {
		if (area(node) !== 'this package') continue;
		const key = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
		ours.set(key, (ours.get(key) || 0) + ms);
	}
	console.log('Functions of this package with the most self time (per item):');
	for (const [name, ms] of [...ours].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${perItem(ms).padStart(9)}  ${name}`);
	const everywhere = new Map();
	for (const { node, ms } of times) {
		if (area(node) === 'idle') continue;
		const key = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)} [${area(node)}]`;
		everywhere.set(key, (everywhere.get(key) || 0) + ms);
	}
	console.log('Functions of all of n8n with the most self time (per item):');
	for (const [name, ms] of [...everywhere].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${perItem(ms).padStart(9)}  ${name}`);
	console.log(`Profiles kept in ${profileDir}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
