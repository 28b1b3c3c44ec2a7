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

describe('checkPublishing', () => {
	const good = [
		'permissions:',
		'  id-token: write',
		'steps:',
		'  - uses: actions/setup-node@v5',
		'    with:',
		'      registry-url: https://registry.npmjs.org',
		'  - run: npm run release',
	].join('\n');

	test('a workflow that publishes with n8n-node release and id-token: write is clean', () => {
		expect(checks.checkPublishing([{ file: 'publish.yml', text: good }])).toEqual([]);
	});

	test('a plain npm publish without provenance and without id-token is found', () => {
		const text = good.replace('  id-token: write', '  contents: read').replace('npm run release', 'npm publish');
		expect(checks.checkPublishing([{ file: 'publish.yml', text }])).toEqual([
			"publish.yml: permissions must grant 'id-token: write' (npm provenance)",
			'publish.yml: publish with `npm run release` (n8n-node release) or `npm publish --provenance`',
		]);
	});

	test('no publishing workflow at all is found', () => {
		expect(checks.checkPublishing([{ file: 'ci.yml', text: 'steps:\n  - run: npm test' }]).join('\n')).toMatch(
			/no GitHub Actions workflow publishes the package/,
		);
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
