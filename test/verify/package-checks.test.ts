/**
 * Fast tests of the checks `npm run verify` adds to n8n's scanner
 * (tools/verify/package-checks.js), without packing anything.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface Checks {
	checkManifest(pkg: Record<string, unknown>): string[];
	checkTarball(
		files: string[],
		pkg: Record<string, unknown>,
		unpackDir: string,
	): { findings: string[]; warnings: string[] };
	checkPublishing(workflows: { file: string; text: string }[]): string[];
	iconRefs(js: string): string[];
}

// A plain CommonJS script without type declarations.
const checks = require('../../tools/verify/package-checks') as Checks;

const FIXTURE = path.join(__dirname, 'fixtures', 'n8n-nodes-verify-fixture');

function fixtureManifest(): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.join(FIXTURE, 'package.json'), 'utf8'));
}

describe('checkManifest: what no scanner rule reads', () => {
	test('the fixture manifest is clean', () => {
		expect(checks.checkManifest(fixtureManifest())).toEqual([]);
	});

	test.each([
		['optional dependencies', { optionalDependencies: { x: '1' } }, /"optionalDependencies" must be empty.*found: x/],
		['bundled dependencies', { bundleDependencies: ['x'] }, /"bundleDependencies" must be empty.*found: x/],
		['bundled dependencies: true', { bundledDependencies: true }, /"bundledDependencies" must be empty/],
		['no repository', { repository: undefined }, /repository undefined is not on GitHub/],
		['a repository off GitHub', { repository: 'https://gitlab.com/a/b.git' }, /"https:\/\/gitlab\.com\/a\/b\.git" is not on GitHub/],
	])('finds %s', (_label, change, expected) => {
		const findings = checks.checkManifest({ ...fixtureManifest(), ...change });
		expect(findings.join('\n')).toMatch(expected);
	});
});

describe('checkTarball', () => {
	let dir: string;
	const nodeJs = 'dist/nodes/VerifyFixture/VerifyFixture.node.js';
	const credJs = 'dist/credentials/VerifyFixtureApi.credentials.js';
	const base = [
		'LICENSE',
		'README.md',
		'package.json',
		credJs,
		nodeJs,
		'dist/nodes/VerifyFixture/verifyFixture.svg',
		'dist/nodes/VerifyFixture/verifyFixture.dark.svg',
	];

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-checks-'));
		const write = (rel: string, text: string): void => {
			fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
			fs.writeFileSync(path.join(dir, rel), text);
		};
		write('LICENSE', fs.readFileSync(path.join(FIXTURE, 'LICENSE'), 'utf8'));
		write('README.md', fs.readFileSync(path.join(FIXTURE, 'README.md'), 'utf8'));
		write(nodeJs, "icon: { light: 'file:verifyFixture.svg', dark: 'file:verifyFixture.dark.svg' },");
		write(
			credJs,
			"this.icon = { light: 'file:../nodes/VerifyFixture/verifyFixture.svg', dark: 'file:../nodes/VerifyFixture/verifyFixture.dark.svg' };",
		);
	});

	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('a complete tarball is clean', () => {
		expect(checks.checkTarball(base, fixtureManifest(), dir)).toEqual({ findings: [], warnings: [] });
	});

	test('a missing icon is found, resolved against the file that references it', () => {
		const files = base.filter((f) => !f.endsWith('verifyFixture.dark.svg'));
		const { findings } = checks.checkTarball(files, fixtureManifest(), dir);
		expect(findings).toContain(
			`tarball: icon file:verifyFixture.dark.svg referenced by ${nodeJs} is missing (expected dist/nodes/VerifyFixture/verifyFixture.dark.svg)`,
		);
		expect(findings.join('\n')).toMatch(/file:\.\.\/nodes\/VerifyFixture\/verifyFixture\.dark\.svg referenced by dist\/credentials/);
	});

	test('a registered node missing from the tarball is found', () => {
		const { findings } = checks.checkTarball(base.filter((f) => f !== nodeJs), fixtureManifest(), dir);
		expect(findings.join('\n')).toMatch(/n8n entry dist\/nodes\/VerifyFixture\/VerifyFixture\.node\.js is not in the tarball/);
	});

	test('files outside dist/, test code, files n8n does not load and a missing LICENSE are found', () => {
		const files = [
			...base.filter((f) => f !== 'LICENSE'),
			'src/index.ts',
			'dist/test/a.test.js',
			'dist/run.sh',
			'dist/nodes/VerifyFixture/VerifyFixture.node.d.ts',
			'dist/nodes/VerifyFixture/VerifyFixture.node.js.map',
		];
		const text = checks.checkTarball(files, fixtureManifest(), dir).findings.join('\n');
		expect(text).toMatch(/found src\/index\.ts/);
		expect(text).toMatch(/test code is published: dist\/test\/a\.test\.js/);
		expect(text).toMatch(/dist\/run\.sh is not something n8n loads/);
		expect(text).toMatch(/VerifyFixture\.node\.d\.ts is not something n8n loads/);
		expect(text).toMatch(/VerifyFixture\.node\.js\.map is not something n8n loads/);
		expect(text).toMatch(/LICENSE file is missing/);
	});

	test('a codex file and icons in dist/ are what n8n loads', () => {
		const files = [...base, 'dist/nodes/VerifyFixture/VerifyFixture.node.json', 'dist/nodes/VerifyFixture/x.png'];
		expect(checks.checkTarball(files, fixtureManifest(), dir).findings).toEqual([]);
	});
});

describe('checkPublishing: the workflows, read as YAML (issue 26)', () => {
	const SHA = {
		checkout: 'actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0',
		setupNode: 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0',
		upload: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
		download: 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0',
	};
	/** The smallest workflow of the shape issue 26 asks for: build without id-token, publish of its tarball. */
	const good = `name: Publish
on:
  push:
    tags: ['v*.*.*']
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${SHA.checkout}
      - uses: ${SHA.setupNode}
      - run: npm ci
      - run: npm run lint
      - run: npm run build
      - run: npm pack
      - uses: ${SHA.upload}
        with:
          name: package
          path: '*.tgz'
  publish:
    needs: build
    runs-on: ubuntu-latest
    environment: npm-publish
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: ${SHA.setupNode}
        with:
          node-version: 24.x
          registry-url: https://registry.npmjs.org
      - run: npm install -g npm@11.19.1 --ignore-scripts
      - uses: ${SHA.download}
        with:
          name: package
      - run: npm publish "n8n-nodes-x-\${GITHUB_REF_NAME#v}.tgz" --provenance --access public
`;
	const check = (text: string): string[] => checks.checkPublishing([{ file: 'publish.yml', text }]);
	/** `good` with one line replaced; the fixture must contain the line, so a typo cannot pass as a finding. */
	const changed = (from: string, to: string): string => {
		expect(good).toContain(from);
		return good.replace(from, to);
	};

	test('a build job without id-token and a publish job that only publishes its tarball is clean', () => {
		expect(check(good)).toEqual([]);
	});

	test('the repository\'s own workflows pass', () => {
		const dir = path.join(__dirname, '..', '..', '.github', 'workflows');
		const workflows = fs.readdirSync(dir).map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
		expect(checks.checkPublishing(workflows)).toEqual([]);
	});

	test('the publish.yml before issue 26 is refused on every point of the issue', () => {
		const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'workflows', 'publish-before-issue-26.yml'), 'utf8');
		const found = check(text).join('\n');
		expect(found).toMatch(/"uses: actions\/checkout@v5" is not pinned to a full commit SHA/);
		expect(found).toMatch(/job "publish" holds id-token: write and runs "npm ci --ignore-scripts": it installs dependencies/);
		expect(found).toMatch(/job "publish" runs "npm run release", which lints, builds and publishes/);
		expect(found).toMatch(/job "publish" installs npm@\^11\.5\.1; pin an exact version/);
		expect(found).toMatch(/job "publish" has no environment:/);
		expect(found).toMatch(/job "publish" passes an npm token \(NODE_AUTH_TOKEN\)/);
		expect(found).toMatch(/job "publish" checks out the repository/);
		expect(found).toMatch(/job "publish" does not download the build job's tarball/);
	});

	test.each([
		['an action pinned to a tag', [SHA.download, 'actions/download-artifact@v4'], /"uses: actions\/download-artifact@v4" is not pinned to a full commit SHA/],
		['an action pinned to a short SHA', [SHA.checkout, 'actions/checkout@fbc6f39 # v5.1.0'], /"uses: actions\/checkout@fbc6f39" is not pinned/],
		['a pinned SHA without its release comment', [SHA.upload, SHA.upload.replace(' # v4.6.2', '')], /needs a "# vX.Y.Z" comment/],
		['a publish job that installs dependencies', ['      - run: npm install -g npm@11.19.1 --ignore-scripts', '      - run: npm ci --ignore-scripts\n      - run: npm install -g npm@11.19.1 --ignore-scripts'], /job "publish" holds id-token: write and runs "npm ci --ignore-scripts": it installs dependencies/],
		['a publish job that builds', ['      - uses: ' + SHA.download, '      - run: npm run build\n      - uses: ' + SHA.download], /job "publish" holds id-token: write and runs "npm run build": it runs a repository script/],
		['a publish job that runs tsc', ['      - uses: ' + SHA.download, '      - run: npx tsc\n      - uses: ' + SHA.download], /job "publish" holds id-token: write and runs "npx tsc": it runs package code/],
		['a publish job that runs a repository script', ['      - uses: ' + SHA.download, '      - run: node scripts/verify.js\n      - uses: ' + SHA.download], /runs "node scripts\/verify\.js": it runs repository code/],
		['a publish job that publishes with n8n-node release', ['npm publish "n8n-nodes-x-${GITHUB_REF_NAME#v}.tgz" --provenance --access public', 'npm run release'], /runs "npm run release", which lints, builds and publishes/],
		['a publish job that checks out the repository', ['      - uses: ' + SHA.download, `      - uses: ${SHA.checkout}\n      - uses: ${SHA.download}`], /job "publish" checks out the repository/],
		['a publish job without needs', ['    needs: build\n', ''], /job "publish" has no needs: on a build job/],
		['a publish job that needs a job holding id-token', ['    permissions:\n      contents: read\n    steps:\n      - uses: ' + SHA.checkout, '    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: ' + SHA.checkout], /needs "build", which holds id-token: write itself/],
		['a build job holding id-token', ['    permissions:\n      contents: read\n    steps:\n      - uses: ' + SHA.checkout, '    permissions: write-all\n    steps:\n      - uses: ' + SHA.checkout], /job "build" does not publish but holds id-token: write/],
		['id-token granted at the top', ['permissions:\n  contents: read\njobs:', 'permissions:\n  contents: read\n  id-token: write\njobs:'], /granted at the top-level, to every job/],
		['a publish job without id-token', ['      id-token: write\n', ''], /job "publish" publishes without 'id-token: write'/],
		['a publish job without an environment', ['    environment: npm-publish\n', ''], /job "publish" has no environment:/],
		['npm installed by range', ['npm@11.19.1', 'npm@^11.5.1'], /installs npm@\^11\.5\.1; pin an exact version/],
		['npm installed as latest', ['npm@11.19.1', 'npm@latest'], /installs npm@latest; pin an exact version/],
		['npm too old for trusted publishing', ['npm@11.19.1', 'npm@10.9.2'], /uses npm 10\.9\.2; trusted publishing needs npm 11\.5\.1/],
		['the runner\'s npm', ['      - run: npm install -g npm@11.19.1 --ignore-scripts\n', ''], /publishes with the runner's npm; install an exact npm/],
		['npm installed with its scripts', [' --ignore-scripts\n', '\n'], /runs "npm install -g npm@11\.19\.1" without --ignore-scripts/],
		['an npm token for the publish step', ['--provenance --access public\n', '--provenance --access public\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n'], /job "publish" passes an npm token \(NODE_AUTH_TOKEN\)/],
		['an npm token at the workflow level', ['permissions:\n  contents: read\njobs:', 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\npermissions:\n  contents: read\njobs:'], /the workflow's env sets NPM_TOKEN/],
		['a publish without provenance', [' --provenance --access public', ' --access public'], /without --provenance/],
		['a publish of the checked-out folder', ['npm publish "n8n-nodes-x-${GITHUB_REF_NAME#v}.tgz"', 'npm publish'], /on a folder: npm packs the checked-out source/],
		['a publish job without the artifact', [`      - uses: ${SHA.download}\n        with:\n          name: package\n`, ''], /does not download the build job's tarball/],
		['setup-node without registry-url', ['          registry-url: https://registry.npmjs.org\n', ''], /actions\/setup-node needs registry-url for publishing/],
	])('finds %s', (_label, [from, to], expected) => {
		const findings = check(changed(from as string, to as string));
		expect(findings.join('\n')).toMatch(expected);
	});

	test('a workflow that is not YAML is a finding, not a crash', () => {
		expect(check('jobs:\n  a: [unclosed\n').join('\n')).toMatch(/publish\.yml: not valid YAML/);
	});

	test('no publishing workflow at all is found', () => {
		const text = `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${SHA.checkout}\n      - run: npm test\n`;
		expect(checks.checkPublishing([{ file: 'ci.yml', text }])).toEqual([
			'workflows: no GitHub Actions workflow publishes the package (n8n verifies only packages published with provenance)',
		]);
	});
});

describe('iconRefs', () => {
	test('reads plain and themed file: icons', () => {
		expect(checks.iconRefs("icon: 'file:a.svg', x: { light: \"file:../b.png\", dark: `file:c.dark.svg` }")).toEqual([
			'a.svg',
			'../b.png',
			'c.dark.svg',
		]);
	});
});
