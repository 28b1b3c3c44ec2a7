/**
 * Tests for scripts/verify.js: it must fail on the problems n8n's verification
 * would reject, and pass on a clean package.
 *
 * Each target (the tiny fixture package and a copy of this repository) is
 * copied to a temporary directory and built once (or its own dist/ is reused
 * when it is newer than every source; VERIFY_TEST_BUILD=1 always builds);
 * every scenario then copies
 * that built package, changes one thing, and runs
 * `node scripts/verify.js --dir <copy> --no-build` on it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const VERIFY = path.join(REPO_ROOT, 'scripts', 'verify.js');
const LINT = path.join(REPO_ROOT, 'scripts', 'lint.js');
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

function runScript(script: string, dir: string): RunResult {
	// Jest sets NODE_ENV=test; the scripts must behave as they do for a developer.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const r = spawnSync(process.execPath, [script, '--dir', dir, '--no-build'], {
		encoding: 'utf8',
		timeout: 120_000,
		env,
	});
	return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const runVerify = (dir: string): RunResult => runScript(VERIFY, dir);
const runLint = (dir: string): RunResult => runScript(LINT, dir);

function newestMtime(p: string): number {
	if (!fs.existsSync(p)) return 0;
	const st = fs.statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	return fs
		.readdirSync(p)
		.reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** Build inputs whose change makes dist/ stale. */
const BUILD_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'];

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

	test('passes on the untouched copy', () => {
		const r = runVerify(copyOfBuilt());
		if (r.status !== 0) {
			// Show every finding, so a failure here says what to fix.
			throw new Error(`verify did not pass on the untouched copy:\n${r.output}`);
		}
		expect(r.output).toMatch(/^verify: OK$/m);
	}, 60_000);

	test('fails when a runtime dependency is added to package.json', () => {
		const dir = copyOfBuilt();
		const pkgPath = path.join(dir, 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
		pkg.dependencies = { lodash: '^4.17.21' };
		fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		expect(r.output).toMatch(/verify: FAILED/);
		expect(r.output).toMatch(/\[package\.json\] package\.json: "dependencies" must be empty.*lodash/);
		// The scanner's own rule fires too, on the source and on the tarball's package.json.
		expect(r.output).toMatch(/\[eslint:source\] package\.json:.*@n8n\/community-nodes\/no-runtime-dependencies/);
		expect(r.output).toMatch(/\[eslint:tarball\] package\.json:.*@n8n\/community-nodes\/no-runtime-dependencies/);
	}, 60_000);

	test('fails when an eslint-disable comment hides a real finding in node code', () => {
		const dir = copyOfBuilt();
		append(path.join(dir, nodeTs), "// eslint-disable-next-line\nconsole.log('verify probe');");
		append(path.join(dir, nodeJs), "// eslint-disable-next-line\nconsole.log('verify probe');");

		const r = runVerify(dir);
		expect(r.status).toBe(1);
		expect(r.output).toContain(`[eslint:source] ${nodeTs}:`);
		expect(r.output).toMatch(new RegExp(`\\[eslint:source\\] ${nodeTs}:\\d+:\\d+ error no-console`));
		expect(r.output).toMatch(new RegExp(`\\[eslint:tarball\\] ${nodeJs}:\\d+:\\d+ error no-console`));
		// The comment itself is pointed out, since it hides nothing.
		expect(r.output).toMatch(/inline ESLint directive \(ignored by the scanner, hides nothing\)/);
	}, 60_000);

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
		const setTimeoutFinding = (leg: string, file: string): RegExp =>
			new RegExp(
				`\\[${leg}\\] ${file}:\\d+:\\d+ error @n8n/community-nodes/no-restricted-globals .*'setTimeout'`,
			);
		expect(r.output).toMatch(setTimeoutFinding('eslint:source', nodeTs));
		expect(r.output).toMatch(setTimeoutFinding('eslint:tarball', nodeJs));
	}, 60_000);

	test('lint.js fails on setTimeout hidden by an eslint-disable comment, in source and dist', () => {
		const dir = copyOfBuilt();
		append(path.join(dir, nodeTs), '// eslint-disable-next-line\nsetTimeout(() => undefined, 10);');
		append(path.join(dir, nodeJs), '// eslint-disable-next-line\nsetTimeout(() => undefined, 10);');

		const r = runLint(dir);
		expect(r.status).toBe(1);
		expect(r.output).toMatch(/^lint: FAILED/m);
		expect(r.output).toContain(path.join(dir, nodeTs));
		expect(r.output).toContain(path.join(dir, nodeJs));
		expect(r.output).toMatch(/@n8n\/community-nodes\/no-restricted-globals/);
	}, 60_000);
});
