'use strict';

/**
 * The checks `npm run verify` adds to n8n's scanner. The scanner lints files; it never looks at
 * the tarball's file list, at fields its rules skip, or at how the package gets published (it
 * reads that from npm afterwards). Each check says why it is ours. A check returns finding
 * strings; an empty list means it passed.
 */

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

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
 * The workflows, read as YAML. The scanner's first step reads the npm provenance attestation, which
 * exists only when a GitHub Actions job with `id-token: write` publishes with provenance; nothing of
 * n8n's looks at how that job is built. A job that can mint a publish credential must run nothing but
 * the publish (issue 26): any dependency or repository script it ran could publish in our name.
 *
 * | job            | may hold id-token | may run                                                        |
 * | -------------- | ----------------- | -------------------------------------------------------------- |
 * | build, test    | no                | npm ci, lint, build, verify, npm pack, tests                   |
 * | publish        | yes               | an exact npm, the build job's tarball, `npm publish <tarball>` |
 */

/** npm's first release with trusted publishing (OIDC). */
const NPM_TRUSTED_PUBLISHING = [11, 5, 1];
/** A `uses:` fixed to one commit: `owner/repo[/path]@<40 hex>`, a local action, or a docker digest. */
const PINNED_USES = /^(\.\/|docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$)|^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
/** Environment variables that carry a long-lived npm token. */
const TOKEN_ENV = /^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_CONFIG__?AUTH(TOKEN)?)$/i;
const TOKEN_SECRET = /\bsecrets\.(NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN)\b/i;

/** Parses one workflow; a text that is not YAML or has no jobs is a finding. */
function parseWorkflow(file, text) {
	try {
		const doc = YAML.parse(text);
		if (!doc || typeof doc !== 'object' || !doc.jobs || typeof doc.jobs !== 'object') {
			return { error: `${file}: no jobs: found (is this a GitHub Actions workflow?)` };
		}
		return { doc };
	} catch (err) {
		return { error: `${file}: not valid YAML: ${String(err.message).split('\n')[0]}` };
	}
}

/** Whether a `permissions:` value lets the job request an OIDC token. */
function grantsIdToken(permissions) {
	if (permissions === 'write-all') return true;
	return Boolean(permissions && typeof permissions === 'object' && permissions['id-token'] === 'write');
}

const stepsOf = (job) => (Array.isArray(job && job.steps) ? job.steps.filter((s) => s && typeof s === 'object') : []);

/** The shell commands of a job's `run:` steps, one per line or `&&`/`||`/`;`/`|` part, env prefixes removed. */
function commandsOf(job) {
	const commands = [];
	for (const step of stepsOf(job)) {
		if (typeof step.run !== 'string') continue;
		for (const part of step.run.replace(/\\\n/g, ' ').split(/\n|&&|\|\||;|\|/)) {
			const command = part.trim().replace(/^(\w+=("[^"]*"|'[^']*'|\S*)\s+)+/, '');
			if (command && !command.startsWith('#')) commands.push(command);
		}
	}
	return commands;
}

/** `npm publish …` or `npx [--yes] npm@X publish …`, else null. */
function publishCommand(command) {
	const m = /^(?:npx\s+(?:(?:--yes|-y)\s+)?npm@(\S+)|npm)\s+publish\b(.*)$/.exec(command);
	return m ? { npmVersion: m[1], args: m[2].trim() } : null;
}

/** A job publishes when it runs `npm publish` or a release script that does. */
const publishes = (job) =>
	commandsOf(job).some((c) => publishCommand(c) || /^(npm run(-script)? release|(npx )?n8n-node release)\b/.test(c));

/** `npm install -g npm@<version>` (or `i`, `--global`): the version asked for, else null. */
function globalNpmInstall(command) {
	const m = /^npm\s+(?:install|i|add)\s+(.*)$/.exec(command);
	if (!m) return null;
	const words = m[1].split(/\s+/);
	if (!words.some((w) => w === '-g' || w === '--global')) return null;
	const specs = words.filter((w) => !w.startsWith('-'));
	if (specs.length !== 1 || !/^npm@/.test(specs[0])) return null;
	return { version: specs[0].slice(4), ignoreScripts: words.includes('--ignore-scripts') };
}

const exactVersion = (v) => /^\d+\.\d+\.\d+$/.test(v || '');
const atLeast = (v, min) => {
	const parts = v.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (parts[i] !== min[i]) return parts[i] > min[i];
	return true;
};

/** What a command in the publishing job must not do, or null. */
function forbiddenInPublishJob(command) {
	if (publishCommand(command) || globalNpmInstall(command)) return null;
	if (/^npm\s+(ci|install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|update|up|upgrade|rebuild|rb)\b/.test(command)) {
		return 'installs dependencies (their install scripts and code run beside the publish credential)';
	}
	if (/^npm\s+(run|run-script|rum|urn|test|tst|t|start|stop|restart|exec|x|pack|explore)\b/.test(command)) {
		return 'runs a repository script or package code';
	}
	if (/^(npx|yarn|pnpm|bun|bunx|corepack)\b/.test(command)) return 'runs package code';
	if (/^(tsc|gulp|eslint|jest|rimraf|n8n-node|make)\b/.test(command)) return 'builds or lints (do that in the build job)';
	if (/^(node|bash|sh|zsh|python3?|source|\.)\s+\S/.test(command) || /^\.{0,2}\/\S/.test(command)) {
		return 'runs repository code';
	}
	return null;
}

/** Every `uses:` of every workflow names a commit: a tag or branch can be moved to other code. */
function checkPinnedActions(file, text, doc) {
	const findings = [];
	const uses = Object.entries(doc.jobs).flatMap(([name, job]) =>
		[job || {}, ...stepsOf(job)].filter((x) => typeof x.uses === 'string').map((x) => ({ where: `job "${name}"`, value: x.uses })),
	);
	const lines = text.split('\n');
	for (const { where, value } of uses) {
		if (!PINNED_USES.test(value)) {
			findings.push(`${file}: ${where}: "uses: ${value}" is not pinned to a full commit SHA (owner/action@<40 hex> # vX.Y.Z)`);
		} else if (/@[0-9a-f]{40}$/.test(value)) {
			const line = lines.find((l) => l.includes(value));
			if (line && !/#\s*v?\d+(\.\d+)*/.test(line)) {
				findings.push(`${file}: ${where}: "uses: ${value}" needs a "# vX.Y.Z" comment saying which release that commit is`);
			}
		}
	}
	return findings;
}

/**
 * The jobs of one publishing workflow: the publishing job holds id-token and runs only the publish of
 * a tarball that a job without id-token built; nothing else holds id-token.
 */
function checkPublishJobs(file, text) {
	const parsed = parseWorkflow(file, text);
	if (parsed.error) return [parsed.error];
	const { doc } = parsed;
	const findings = [];
	if (grantsIdToken(doc.permissions)) {
		findings.push(`${file}: 'id-token: write' is granted at the top-level, to every job; grant it to the publish job only`);
	}
	for (const key of Object.keys(doc.env || {})) {
		if (TOKEN_ENV.test(key)) findings.push(`${file}: the workflow's env sets ${key}: publish with trusted publishing (OIDC), no npm token`);
	}
	const jobs = Object.entries(doc.jobs).filter(([, job]) => job && typeof job === 'object');
	for (const [name, job] of jobs) {
		const where = `${file}: job "${name}"`;
		if (!publishes(job)) {
			if (grantsIdToken(job.permissions)) {
				findings.push(`${where} does not publish but holds id-token: write; only the publish job may mint a publish credential`);
			}
			continue;
		}
		if (!grantsIdToken(job.permissions)) {
			findings.push(`${where} publishes without 'id-token: write' (npm provenance and trusted publishing need it)`);
		}
		const needs = [].concat(job.needs || []);
		if (needs.length === 0) {
			findings.push(`${where} has no needs: on a build job; publish only the tarball a job without id-token built and tested`);
		}
		for (const need of needs) {
			const needed = doc.jobs[need];
			if (!needed) findings.push(`${where} needs "${need}", which is not a job of this workflow`);
			else if (grantsIdToken(needed.permissions)) findings.push(`${where} needs "${need}", which holds id-token: write itself`);
		}
		if (!job.environment) {
			findings.push(`${where} has no environment:; publish from a protected environment (required reviewers, tag rule)`);
		}
		const steps = stepsOf(job);
		const actions = steps.map((s) => s.uses).filter((uses) => typeof uses === 'string');
		if (actions.some((uses) => /^actions\/checkout@/.test(uses))) {
			findings.push(`${where} checks out the repository; it needs only the build job's tarball (npm would also read the repository's .npmrc)`);
		}
		for (const uses of actions.filter((u) => u.startsWith('./'))) findings.push(`${where} runs the local action ${uses} (repository code)`);
		if (!actions.some((uses) => /^actions\/download-artifact@/.test(uses))) {
			findings.push(`${where} does not download the build job's tarball (actions/download-artifact)`);
		}
		if (!steps.some((s) => typeof s.uses === 'string' && /^actions\/setup-node@/.test(s.uses) && s.with && s.with['registry-url'])) {
			findings.push(`${where}: actions/setup-node needs registry-url for publishing`);
		}

		const commands = commandsOf(job);
		let pinnedNpm = false;
		for (const command of commands) {
			const reason = forbiddenInPublishJob(command);
			if (/^(npm run(-script)? release|(npx )?n8n-node release)\b/.test(command)) {
				findings.push(`${where} runs "${command}", which lints, builds and publishes the checked-out source next to id-token; publish the build job's tarball with \`npm publish <file>.tgz --provenance\``);
			} else if (/\bnpm (run )?test\b|\bjest\b/.test(command)) {
				findings.push(`${where} holds id-token: write and runs "npm test"; run the tests in a job it needs`);
			} else if (/install-n8n/.test(command)) {
				findings.push(`${where} holds id-token: write and installs n8n (install-n8n); do that in the test job`);
			} else if (reason) {
				findings.push(`${where} holds id-token: write and runs "${command}": it ${reason}`);
			}
			const install = globalNpmInstall(command);
			const publish = publishCommand(command);
			const version = (install && install.version) || (publish && publish.npmVersion);
			if (version !== undefined && version !== null) {
				if (!exactVersion(version)) {
					findings.push(`${where} installs npm@${version}; pin an exact version (npm@X.Y.Z) so a new npm release cannot change the publish`);
				} else if (!atLeast(version, NPM_TRUSTED_PUBLISHING)) {
					findings.push(`${where} uses npm ${version}; trusted publishing needs npm ${NPM_TRUSTED_PUBLISHING.join('.')} or later`);
				} else {
					pinnedNpm = true;
				}
			}
			if (install && !install.ignoreScripts) {
				findings.push(`${where} runs "${command}" without --ignore-scripts`);
			}
			if (publish) {
				if (!/(^|\s)--provenance(\s|=true|$)/.test(publish.args)) {
					findings.push(`${where} runs "${command}" without --provenance (n8n verifies only packages with npm provenance)`);
				}
				if (!/(^|\s)\S+\.tgz["']?(\s|$)/.test(publish.args)) {
					findings.push(`${where} runs "${command}" on a folder: npm packs the checked-out source and runs its scripts; publish the build job's .tgz`);
				}
			}
		}
		if (!pinnedNpm && commands.some((c) => publishCommand(c))) {
			findings.push(`${where} publishes with the runner's npm; install an exact npm (npm install -g npm@X.Y.Z --ignore-scripts, ≥ ${NPM_TRUSTED_PUBLISHING.join('.')})`);
		}

		for (const [key, value] of [
			...Object.entries(job.env || {}),
			...steps.flatMap((s) => Object.entries(s.env || {})),
			...steps.flatMap((s) => Object.entries(s.with || {})),
		]) {
			if (TOKEN_ENV.test(key) || TOKEN_SECRET.test(String(value))) {
				findings.push(`${where} passes an npm token (${key}); publish with trusted publishing (OIDC), no long-lived token`);
			}
		}
	}
	return findings;
}

/** The .github/workflows/*.yml (or .yaml) files of a package directory, by name, with their text. */
function readWorkflows(dir) {
	const wfDir = path.join(dir, '.github', 'workflows');
	const files = fs.existsSync(wfDir) ? fs.readdirSync(wfDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
	return files.map((f) => ({ file: `.github/workflows/${f}`, text: fs.readFileSync(path.join(wfDir, f), 'utf8') }));
}

/**
 * The repository's workflows: every action pinned to a commit, and at least one workflow that
 * publishes, only in the way checkPublishJobs allows.
 * @param {{file: string, text: string}[]} workflows the repository's .github/workflows files
 */
function checkPublishing(workflows) {
	const findings = [];
	let publishing = 0;
	for (const { file, text } of workflows) {
		const parsed = parseWorkflow(file, text);
		if (parsed.error) {
			findings.push(parsed.error);
			continue;
		}
		findings.push(...checkPinnedActions(file, text, parsed.doc));
		if (Object.values(parsed.doc.jobs).some((job) => job && typeof job === 'object' && publishes(job))) {
			publishing++;
			findings.push(...checkPublishJobs(file, text));
		}
	}
	if (publishing === 0) {
		findings.push('workflows: no GitHub Actions workflow publishes the package (n8n verifies only packages published with provenance)');
	}
	return findings;
}

module.exports = { checkManifest, checkTarball, checkPublishing, checkPublishJobs, iconRefs, readWorkflows };
