'use strict';

/**
 * The package-level checks behind `npm run verify`: what n8n asks of a
 * community node package before it can be verified, checked on package.json
 * and on the file list of the `npm pack` tarball. Each check returns plain
 * finding strings; an empty list means the check passed.
 */

const fs = require('node:fs');
const path = require('node:path');

const NAME_RE = /^(@[a-z0-9][a-z0-9._~-]*\/)?n8n-nodes-[a-z0-9][a-z0-9._~-]*$/;
const COMMUNITY_KEYWORD = 'n8n-community-node-package';
/** npm lifecycle scripts that run when someone installs the package (or installs it from git). */
const INSTALL_SCRIPTS = [
	'preinstall',
	'install',
	'postinstall',
	'prepublish',
	'preprepare',
	'prepare',
	'postprepare',
	'dependencies',
];
const ALLOWED_PEERS = ['n8n-workflow'];
/** Top-level files npm may add to a tarball besides dist/. */
const TOP_LEVEL_OK = /^(package\.json|(readme|license|licence|changelog)(\.(md|txt|markdown))?)$/i;
/** File types that belong in dist/ of a node package. */
const DIST_OK = /\.(js|d\.ts|map|json|svg|png)$/i;

function isNonEmptyObject(v) {
	return v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;
}

function nonEmptyString(v) {
	return typeof v === 'string' && v.trim().length > 0;
}

/**
 * package.json checks. `pkg` is the parsed manifest (the one inside the
 * tarball when available: that is what gets published).
 */
function checkManifest(pkg) {
	const f = [];
	if (!nonEmptyString(pkg.name) || !NAME_RE.test(pkg.name)) {
		f.push(`package.json: name "${pkg.name}" must be n8n-nodes-<name> or @<scope>/n8n-nodes-<name>`);
	}
	if (!nonEmptyString(pkg.version) || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(pkg.version)) {
		f.push(`package.json: version "${pkg.version}" is not a semver version`);
	}
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes(COMMUNITY_KEYWORD)) {
		f.push(`package.json: keywords must include "${COMMUNITY_KEYWORD}"`);
	}
	if (pkg.license !== 'MIT') {
		f.push(`package.json: license must be "MIT" (is ${JSON.stringify(pkg.license)})`);
	}
	if (!nonEmptyString(pkg.description)) f.push('package.json: description is missing');

	for (const field of ['dependencies', 'optionalDependencies']) {
		if (isNonEmptyObject(pkg[field])) {
			f.push(
				`package.json: "${field}" must be empty — n8n Cloud installs no runtime dependencies (found: ${Object.keys(pkg[field]).join(', ')})`,
			);
		}
	}
	for (const field of ['bundleDependencies', 'bundledDependencies']) {
		const v = pkg[field];
		if (v === true || (Array.isArray(v) && v.length > 0)) {
			f.push(`package.json: "${field}" is not allowed (no dependencies may ship with a community node)`);
		}
	}
	const peers = pkg.peerDependencies || {};
	for (const name of Object.keys(peers)) {
		if (!ALLOWED_PEERS.includes(name)) {
			f.push(`package.json: peerDependencies may only contain n8n-workflow (found "${name}")`);
		}
	}
	if (!('n8n-workflow' in peers)) f.push('package.json: peerDependencies must list "n8n-workflow"');

	if ('overrides' in pkg) f.push('package.json: "overrides" is not allowed');
	if ('resolutions' in pkg) f.push('package.json: "resolutions" is not allowed');

	const scripts = pkg.scripts || {};
	for (const s of INSTALL_SCRIPTS) {
		if (s in scripts) {
			f.push(`package.json: lifecycle script "${s}" runs on install and is not allowed ("${scripts[s]}")`);
		}
	}

	const authorName = typeof pkg.author === 'string' ? pkg.author : pkg.author && pkg.author.name;
	if (!nonEmptyString(authorName)) f.push('package.json: author (with a name) is missing');
	if (!nonEmptyString(pkg.homepage)) f.push('package.json: homepage is missing');
	const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository && pkg.repository.url;
	if (!nonEmptyString(repoUrl)) {
		f.push('package.json: repository (with a url) is missing');
	} else if (!/github\.com[/:]/.test(repoUrl) && !/^github:/.test(repoUrl)) {
		f.push(
			`package.json: repository "${repoUrl}" is not on GitHub — n8n's scanner fetches the source named by the npm provenance attestation from GitHub`,
		);
	}
	if (!Array.isArray(pkg.files) || pkg.files.length === 0) {
		f.push('package.json: "files" must list what is published (e.g. ["dist"])');
	}

	const n8n = pkg.n8n;
	if (!n8n || typeof n8n !== 'object') {
		f.push('package.json: the "n8n" section is missing');
		return f;
	}
	if (n8n.n8nNodesApiVersion !== 1) {
		f.push(`package.json: n8n.n8nNodesApiVersion must be 1 (is ${JSON.stringify(n8n.n8nNodesApiVersion)})`);
	}
	if (!Array.isArray(n8n.nodes) || n8n.nodes.length === 0) {
		f.push('package.json: n8n.nodes must list at least one node');
	}
	for (const key of ['nodes', 'credentials']) {
		if (n8n[key] === undefined) continue;
		if (!Array.isArray(n8n[key])) {
			f.push(`package.json: n8n.${key} must be an array`);
			continue;
		}
		for (const p of n8n[key]) {
			if (typeof p !== 'string' || !/^dist\/.+\.js$/.test(p) || p.split('/').includes('..')) {
				f.push(`package.json: n8n.${key} entry ${JSON.stringify(p)} must be a .js path under dist/`);
			}
		}
	}
	return f;
}

/** n8n.nodes + n8n.credentials entries of a manifest. */
function registeredFiles(pkg) {
	const n8n = (pkg && pkg.n8n) || {};
	return [
		...(Array.isArray(n8n.nodes) ? n8n.nodes : []),
		...(Array.isArray(n8n.credentials) ? n8n.credentials : []),
	].filter((p) => typeof p === 'string');
}

/**
 * `file:` icon references (.svg / .png) in a compiled node or credential file.
 */
function iconRefs(jsText) {
	const refs = new Set();
	const re = /['"`]file:([^'"`\s]+\.(?:svg|png))['"`]/g;
	let m;
	while ((m = re.exec(jsText))) refs.add(m[1]);
	return [...refs];
}

/**
 * Checks on the tarball: its file list and the unpacked files.
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
				findings.push(`tarball: unexpected file type under dist/: ${file}`);
			}
		} else if (!file.includes('/') && TOP_LEVEL_OK.test(file)) {
			// package.json, README, LICENSE, CHANGELOG
		} else {
			findings.push(`tarball: only dist/, package.json, README, LICENSE and CHANGELOG may be published, found ${file}`);
		}
	}
	if (!files.some((f) => /^readme(\.(md|markdown|txt))?$/i.test(f))) {
		findings.push('tarball: README is missing (n8n needs a README with usage instructions)');
	} else {
		const readme = files.find((f) => /^readme(\.(md|markdown|txt))?$/i.test(f));
		const text = fs.readFileSync(path.join(unpackDir, readme), 'utf8');
		if (text.trim().length < 300) {
			warnings.push(`tarball: ${readme} is very short (${text.trim().length} chars); n8n reviewers expect install and usage instructions`);
		}
	}
	const license = files.find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
	if (!license) {
		findings.push('tarball: LICENSE file is missing');
	} else {
		const text = fs.readFileSync(path.join(unpackDir, license), 'utf8');
		if (!/\bMIT\b/.test(text) && !/Permission is hereby granted, free of charge/.test(text)) {
			findings.push(`tarball: ${license} does not look like the MIT license`);
		}
	}

	for (const p of registeredFiles(pkg)) {
		if (!set.has(p)) {
			findings.push(`tarball: n8n entry ${p} is not in the tarball (was the package built?)`);
			continue;
		}
		const text = fs.readFileSync(path.join(unpackDir, p), 'utf8');
		const refs = iconRefs(text);
		if (refs.length === 0 && !/\bicon\s*[:=]/.test(text)) {
			warnings.push(`tarball: no icon found in ${p}`);
		}
		for (const ref of refs) {
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
 * Inline ESLint directives in node code. The scanner ignores them (and so do
 * we), so they hide nothing; they are listed so nobody relies on them.
 */
function findInlineDirectives(rootDir, relFiles) {
	const out = [];
	for (const rel of relFiles) {
		const text = fs.readFileSync(path.join(rootDir, rel), 'utf8');
		const lines = text.split('\n');
		lines.forEach((line, i) => {
			if (/\/[/*]\s*eslint-(disable|enable)\b|\/\*\s*eslint\s/.test(line)) {
				out.push(`${rel}:${i + 1}: ${line.trim()}`);
			}
		});
	}
	return out;
}

module.exports = {
	checkManifest,
	checkTarball,
	iconRefs,
	registeredFiles,
	findInlineDirectives,
	INSTALL_SCRIPTS,
	NAME_RE,
};
