/**
 * Tests for tools/verify/verify.js (n8n's scanner on the packed tarball, plus our checks) and for
 * `npm run lint`: they must fail on the problems n8n's verification would reject, and pass on a
 * clean package.
 *
 * Each target (the tiny fixture package and a copy of this repository) is
 * copied to a temporary directory and built once (or its own dist/ is reused
 * when it is newer than every source; VERIFY_TEST_BUILD=1 always builds);
 * every scenario then copies
 * that built package, changes one thing, and runs
 * `node tools/verify/verify.js --dir <copy> --no-build` on it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const VERIFY = path.join(REPO_ROOT, 'tools', 'verify', 'verify.js');
const FIXTURE = path.join(__dirname, 'fixtures', 'n8n-nodes-verify-fixture');
const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');

/** Top-level entries never copied: installed or generated, or not part of the package build. */
const SKIP_TOP = new Set(['node_modules', '.git', 'dist', 'coverage', 'test', 'test-results', '.e2e-artifacts']);

interface Target {
	label: string;
	source: string;
}

interface RunResult {
	status: number | null;
	output: string;
}

function copyPackage(from: string, to: string, skipTop: Set<string>): void {
	fs.cpSync(from, to, {
		recursive: true,
		filter: (src) => {
			const rel = path.relative(from, src);
			const top = rel.split(path.sep)[0];
			return rel === '' || !skipTop.has(top);
		},
	});
	fs.symlinkSync(NODE_MODULES, path.join(to, 'node_modules'), 'dir');
}

/** Jest sets NODE_ENV=test; the scripts must behave as they do for a developer. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.NODE_ENV;
	// The assertions read plain text: a FORCE_COLOR from the caller would colour ESLint's report.
	delete env.FORCE_COLOR;
	return env;
}

function runVerify(dir: string): RunResult {
	const r = spawnSync(process.execPath, [VERIFY, '--dir', dir, '--no-build'], {
		encoding: 'utf8',
		timeout: 110_000,
		env: cleanEnv(),
	});
	return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A finding in verify's output: the scanner's ESLint report names the file (verify prefixes it
 * with the leg), then lists `line:col  error  message  rule` under it.
 */
function finding(leg: string, file: string, messageAndRule: string): RegExp {
	return new RegExp(`^${escape(leg)} ${escape(file)}\\n(\\s+\\d+:\\d+ .*\\n)*?\\s+\\d+:\\d+\\s+error\\s+.*${messageAndRule}`, 'm');
}

function newestMtime(p: string): number {
	if (!fs.existsSync(p)) return 0;
	const st = fs.statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	return fs
		.readdirSync(p)
		.reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** Build inputs whose change makes dist/ stale. */
const BUILD_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'];

/**
 * Copies `source`'s dist/ into `base` if it is newer than every build input and
 * has every file package.json registers; returns whether it did.
 */
function reuseFreshDist(source: string, base: string, pkg: { n8n: { nodes?: string[]; credentials?: string[] } }): boolean {
	if (process.env.VERIFY_TEST_BUILD === '1') return false;
	const dist = path.join(source, 'dist');
	if (!fs.existsSync(dist)) return false;
	const inputs = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(source, p))));
	const jsTimes = fs
		.readdirSync(dist, { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.js'))
		.map((f) => fs.statSync(path.join(dist, f)).mtimeMs);
	if (jsTimes.length === 0 || Math.min(...jsTimes) < inputs) return false;
	fs.cpSync(dist, path.join(base, 'dist'), { recursive: true });
	const registered = [...(pkg.n8n.nodes ?? []), ...(pkg.n8n.credentials ?? [])];
	if (registered.every((f) => fs.existsSync(path.join(base, f)))) return true;
	fs.rmSync(path.join(base, 'dist'), { recursive: true, force: true });
	return false;
}

/** dist/nodes/X/X.node.js -> nodes/X/X.node.ts */
function sourceOf(distPath: string): string {
	return distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

const targets: Target[] = [
	{ label: 'the fixture package', source: FIXTURE },
	{ label: 'this repository', source: REPO_ROOT },
];

describe.each(targets)('verify.js on a built copy of $label', ({ source }) => {
	let workDir: string;
	let base: string;
	let nodeJs: string;
	let nodeTs: string;
	let scenario = 0;

	/** A fresh copy of the built package to change. */
	function copyOfBuilt(): string {
		const dir = path.join(workDir, `scenario-${++scenario}`);
		copyPackage(base, dir, new Set(['node_modules']));
		return dir;
	}

	function append(file: string, text: string): void {
		fs.appendFileSync(file, `\n${text}\n`);
	}

	beforeAll(() => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-test-'));
		base = path.join(workDir, 'base');
		copyPackage(source, base, SKIP_TOP);
		const pkg = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8'));
		// Reuse the target's own dist/ when it is complete and newer than every input
		// (CI builds before testing); otherwise build the copy.
		if (!reuseFreshDist(source, base, pkg)) {
			const build = spawnSync('npm', ['run', 'build'], { cwd: base, encoding: 'utf8' });
			if (build.status !== 0) {
				throw new Error(`npm run build failed in ${base}:\n${build.stdout}\n${build.stderr}`);
			}
		}
		nodeJs = pkg.n8n.nodes[0];
		nodeTs = sourceOf(nodeJs);
		expect(fs.existsSync(path.join(base, nodeJs))).toBe(true);
		expect(fs.existsSync(path.join(base, nodeTs))).toBe(true);
	}, 180_000);

	afterAll(() => {
		if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	});

	test('passes on the untouched copy, and says which scanner checked what', () => {
		const r = runVerify(copyOfBuilt());
		if (r.status !== 0) {
			// Show every finding, so a failure here says what to fix.
			throw new Error(`verify did not pass on the untouched copy:\n${r.output}`);
		}
		expect(r.output).toMatch(/^verify: n8n's scanner @n8n\/scan-community-package@\d+\.\d+\.\d+ \(@n8n\/eslint-plugin-community-nodes@/m);
		expect(r.output).toMatch(/^verify: scanner:source: package\.json \{nodes,credentials\}\/\*\*\/\*\.\{js,ts,json\}: \d+ file\(s\), passed$/m);
		expect(r.output).toMatch(/^verify: scanner:tarball: \*\*\/\*\.js package\.json: \d+ file\(s\), passed$/m);
		expect(r.output).toMatch(/^verify: OK$/m);
	}, 120_000);

	test('fails when a runtime dependency is added to package.json', () => {
		const dir = copyOfBuilt();
		const pkgPath = path.join(dir, 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
		pkg.dependencies = { lodash: '^4.17.21' };
		fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		expect(r.output).toMatch(/verify: FAILED/);
		// The scanner's rule, on the source and on the package.json inside the tarball.
		expect(r.output).toMatch(finding('scanner:source', 'package.json', '@n8n/community-nodes/no-runtime-dependencies'));
		expect(r.output).toMatch(finding('scanner:tarball', 'package.json', '@n8n/community-nodes/no-runtime-dependencies'));
	}, 120_000);

	test('fails when an eslint-disable comment hides a real finding in node code', () => {
		const dir = copyOfBuilt();
		append(path.join(dir, nodeTs), "// eslint-disable-next-line\nconsole.log('verify probe');");
		append(path.join(dir, nodeJs), "// eslint-disable-next-line\nconsole.log('verify probe');");

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		expect(r.output).toMatch(finding('scanner:source', nodeTs, 'Unexpected console statement\\s+no-console'));
		expect(r.output).toMatch(finding('scanner:tarball', nodeJs, 'Unexpected console statement\\s+no-console'));
	}, 120_000);

	test('fails when setTimeout is introduced in node code', () => {
		const dir = copyOfBuilt();
		append(
			path.join(dir, nodeTs),
			'export function verifyProbeDelay(): void {\n\tsetTimeout(() => undefined, 10);\n}',
		);
		append(
			path.join(dir, nodeJs),
			'function verifyProbeDelay() {\n    setTimeout(() => undefined, 10);\n}\nexports.verifyProbeDelay = verifyProbeDelay;',
		);

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		const rule = "'setTimeout' is not allowed.*@n8n/community-nodes/no-restricted-globals";
		expect(r.output).toMatch(finding('scanner:source', nodeTs, rule));
		expect(r.output).toMatch(finding('scanner:tarball', nodeJs, rule));
	}, 120_000);

	test('fails when the tarball carries a file n8n does not load', () => {
		const dir = copyOfBuilt();
		fs.writeFileSync(path.join(dir, nodeJs.replace(/\.js$/, '.d.ts')), 'export {};\n');

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		expect(r.output).toContain(`[tarball] tarball: ${nodeJs.replace(/\.js$/, '.d.ts')} is not something n8n loads`);
	}, 120_000);

	if (source === REPO_ROOT) {
		test('lint (the ESLint step of npm run lint) fails on setTimeout hidden by an eslint-disable comment, in source and dist', () => {
			const dir = copyOfBuilt();
			append(path.join(dir, nodeTs), '// eslint-disable-next-line\nsetTimeout(() => undefined, 10);');
			append(path.join(dir, nodeJs), '// eslint-disable-next-line\nsetTimeout(() => undefined, 10);');

			// npm run lint builds first, which would replace the edited dist/: run its ESLint step.
			const eslint = path.join(NODE_MODULES, 'eslint', 'bin', 'eslint.js');
			const r = spawnSync(process.execPath, [eslint, '.', '--max-warnings', '0'], {
				cwd: dir,
				encoding: 'utf8',
				timeout: 110_000,
				env: cleanEnv(),
			});
			const output = `${r.stdout}\n${r.stderr}`;
			expect(r.status).toBe(1);
			for (const file of [nodeTs, nodeJs]) {
				expect(output).toMatch(
					new RegExp(`^${escape(path.join(dir, file))}\\n(.*\\n)*?.*'setTimeout' is not allowed.*@n8n/community-nodes/no-restricted-globals`, 'm'),
				);
			}
		}, 120_000);
	}
});
