'use strict';

/**
 * The checks `npm run verify` adds to n8n's scanner. The scanner lints files; it never looks at
 * the tarball's file list, at fields its rules skip, or at how the package gets published (it
 * reads that from npm afterwards). Each check says why it is ours. A check returns finding
 * strings; an empty list means it passed.
 */

const fs = require('node:fs');
const path = require('node:path');

/** Top-level files npm adds to a tarball besides `files`. */
const TOP_LEVEL_OK = /^(package\.json|(readme|license|licence|changelog)(\.(md|txt|markdown))?)$/i;
/** What n8n loads from dist/: compiled code, icons, codex files. */
const DIST_OK = /(\.js|\.svg|\.png|\.node\.json)$/i;

/** n8n.nodes + n8n.credentials entries of a manifest. */
function registeredFiles(pkg) {
	const n8n = (pkg && pkg.n8n) || {};
	return [...(n8n.nodes || []), ...(n8n.credentials || [])].filter((p) => typeof p === 'string');
}

/** `file:` icon references (.svg / .png) in a compiled node or credential file. */
function iconRefs(jsText) {
	const refs = new Set();
	const re = /['"`]file:([^'"`\s]+\.(?:svg|png))['"`]/g;
	let m;
	while ((m = re.exec(jsText))) refs.add(m[1]);
	return [...refs];
}

/**
 * package.json fields no scanner rule reads.
 * - @n8n/community-nodes/no-runtime-dependencies checks `dependencies` only; npm installs
 *   optional and bundled dependencies as well.
 * - The scanner fetches the source named by the npm provenance attestation, from GitHub only;
 *   a repository elsewhere fails verification after publishing.
 */
function checkManifest(pkg) {
	const f = [];
	for (const field of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
		const v = pkg[field];
		const names = v === true ? ['all'] : Array.isArray(v) ? v : Object.keys(v || {});
		if (names.length > 0) {
			f.push(`package.json: "${field}" must be empty: npm installs them with the node (found: ${names.join(', ')})`);
		}
	}
	const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository && pkg.repository.url;
	if (!repoUrl || !/(github\.com[/:]|^github:)/.test(repoUrl)) {
		f.push(
			`package.json: repository ${JSON.stringify(repoUrl)} is not on GitHub: n8n's scanner fetches the source its npm provenance names from GitHub only`,
		);
	}
	return f;
}

/**
 * The tarball's file list and the files n8n loads from it. The scanner lints whatever it finds;
 * it does not notice a missing node file, a missing icon, or test code and screenshots published.
 * @param {string[]} files paths inside the tarball, relative to `package/`
 * @param {object} pkg the manifest inside the tarball
 * @param {string} unpackDir where the tarball was unpacked
 * @returns {{findings: string[], warnings: string[]}}
 */
function checkTarball(files, pkg, unpackDir) {
	const findings = [];
	const warnings = [];
	const set = new Set(files);

	for (const file of files) {
		if (file.startsWith('dist/')) {
			if (/(^|\/)(__tests__|test|tests)\//.test(file) || /\.(test|spec)\.js$/.test(file)) {
				findings.push(`tarball: test code is published: ${file}`);
			} else if (!DIST_OK.test(file)) {
				findings.push(`tarball: ${file} is not something n8n loads (run \`npm run build\`, which starts dist/ afresh)`);
			}
		} else if (file.includes('/') || !TOP_LEVEL_OK.test(file)) {
			findings.push(`tarball: only dist/, package.json, README, LICENSE and CHANGELOG may be published, found ${file}`);
		}
	}
	const readme = files.find((f) => /^readme(\.(md|markdown|txt))?$/i.test(f));
	if (!readme) {
		findings.push('tarball: README is missing (n8n needs install and usage instructions)');
	} else if (fs.readFileSync(path.join(unpackDir, readme), 'utf8').trim().length < 300) {
		warnings.push(`tarball: ${readme} is very short; n8n reviewers expect install and usage instructions`);
	}
	// The scanner checks the license field, not that the MIT text ships.
	const license = files.find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
	if (!license) {
		findings.push('tarball: LICENSE file is missing');
	} else if (!/Permission is hereby granted, free of charge/.test(fs.readFileSync(path.join(unpackDir, license), 'utf8'))) {
		findings.push(`tarball: ${license} is not the MIT license text`);
	}

	for (const p of registeredFiles(pkg)) {
		if (!set.has(p)) {
			findings.push(`tarball: n8n entry ${p} is not in the tarball (was the package built?)`);
			continue;
		}
		for (const ref of iconRefs(fs.readFileSync(path.join(unpackDir, p), 'utf8'))) {
			const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(p), ref));
			if (!set.has(resolved)) {
				findings.push(`tarball: icon file:${ref} referenced by ${p} is missing (expected ${resolved})`);
			}
		}
	}
	const registered = new Set(registeredFiles(pkg));
	for (const file of files) {
		if (/\.(node|credentials)\.js$/.test(file) && !registered.has(file)) {
			warnings.push(`tarball: ${file} is not listed in package.json "n8n" (n8n will not load it)`);
		}
	}
	return { findings, warnings };
}

/**
 * The scanner's first step reads the npm provenance attestation, which exists only when a GitHub
 * Actions job with `id-token: write` publishes with provenance (`n8n-node release` sets
 * NPM_CONFIG_PROVENANCE in CI; `npm publish --provenance` does it by hand).
 * @param {{file: string, text: string}[]} workflows the repository's .github/workflows files
 */
function checkPublishing(workflows) {
	const publishing = workflows.filter((w) => /n8n-node release|npm run release|npm publish/.test(w.text));
	if (publishing.length === 0) {
		return ['workflows: no GitHub Actions workflow publishes the package (n8n verifies only packages published with provenance)'];
	}
	const f = [];
	for (const { file, text } of publishing) {
		if (!/^\s*id-token:\s*write\s*$/m.test(text)) f.push(`${file}: permissions must grant 'id-token: write' (npm provenance)`);
		if (!/registry-url:/.test(text)) f.push(`${file}: actions/setup-node needs registry-url for publishing`);
		if (!/npm run release|n8n-node release|npm publish[^\n]*--provenance/.test(text)) {
			f.push(`${file}: publish with \`npm run release\` (n8n-node release) or \`npm publish --provenance\``);
		}
		f.push(...checkPublishJobs(file, text));
	}
	return f;
}

/** The jobs of a workflow as text blocks, by name (two-space indented keys under `jobs:`). */
function jobBlocks(text) {
	const lines = text.split('\n');
	const start = lines.findIndex((line) => /^jobs:\s*$/.test(line));
	if (start < 0) return {};
	const jobs = {};
	let current;
	for (const line of lines.slice(start + 1)) {
		if (/^\S/.test(line)) break;
		const key = /^  ([A-Za-z0-9_-]+):\s*$/.exec(line);
		if (key) {
			current = key[1];
			jobs[current] = [];
		} else if (current) {
			jobs[current].push(line);
		}
	}
	return Object.fromEntries(Object.entries(jobs).map(([name, body]) => [name, body.join('\n')]));
}

/**
 * The job that holds id-token: write can mint a publish credential: it must run nothing it does not
 * need (no tests, no n8n install, no dependency install scripts) and start only after the tests.
 */
function checkPublishJobs(rel, text) {
	const findings = [];
	const top = text.slice(0, Math.max(0, text.search(/^jobs:/m)));
	if (/^\s*id-token:\s*write\s*$/m.test(top)) {
		findings.push(`${rel}: 'id-token: write' is granted at the top-level, to every job; grant it to the publish job only`);
	}
	for (const [name, body] of Object.entries(jobBlocks(text))) {
		if (!/^\s*id-token:\s*write\s*$/m.test(body)) continue;
		const where = `${rel}: job "${name}" holds id-token: write and`;
		if (/\bnpm (run )?test\b|\bjest\b/.test(body)) findings.push(`${where} runs "npm test"; run the tests in a job it needs`);
		if (/install-n8n/.test(body)) findings.push(`${where} installs n8n (install-n8n); do that in the test job`);
		for (const install of body.match(/\bnpm (ci|install|i)\b[^\n]*/g) ?? []) {
			if (!/--ignore-scripts/.test(install)) findings.push(`${where} runs "${install.trim()}" without --ignore-scripts`);
		}
		if (!/^\s*needs:/m.test(body)) findings.push(`${where} has no needs: on the test job`);
	}
	return findings;
}

module.exports = { checkManifest, checkTarball, checkPublishing, checkPublishJobs, iconRefs, registeredFiles };
