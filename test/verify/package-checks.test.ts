/**
 * Fast tests of the package.json and tarball checks behind `npm run verify`
 * (scripts/verify/package-checks.js), without packing anything.
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
	iconRefs(js: string): string[];
	findInlineDirectives(root: string, files: string[]): string[];
}

// A plain CommonJS script without type declarations.
const checks = require('../../scripts/verify/package-checks') as Checks;

const FIXTURE = path.join(__dirname, 'fixtures', 'n8n-nodes-verify-fixture');

function fixtureManifest(): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.join(FIXTURE, 'package.json'), 'utf8'));
}

describe('checkManifest', () => {
	test('the fixture manifest is clean', () => {
		expect(checks.checkManifest(fixtureManifest())).toEqual([]);
	});

	test.each([
		['a name without n8n-nodes-', { name: 'user-invitations' }, /name "user-invitations"/],
		['a scoped name without n8n-nodes-', { name: '@acme/nodes-x' }, /name "@acme\/nodes-x"/],
		['no community keyword', { keywords: ['n8n'] }, /n8n-community-node-package/],
		['a non-MIT license', { license: 'Apache-2.0' }, /license must be "MIT"/],
		['runtime dependencies', { dependencies: { axios: '1.0.0' } }, /"dependencies" must be empty.*axios/],
		['optional dependencies', { optionalDependencies: { x: '1' } }, /"optionalDependencies" must be empty/],
		['bundled dependencies', { bundleDependencies: ['x'] }, /"bundleDependencies" is not allowed/],
		['another peer dependency', { peerDependencies: { 'n8n-workflow': '*', 'n8n-core': '*' } }, /"n8n-core"/],
		['no n8n-workflow peer', { peerDependencies: {} }, /must list "n8n-workflow"/],
		['overrides', { overrides: { x: '1' } }, /"overrides" is not allowed/],
		['a postinstall script', { scripts: { postinstall: 'node x.js' } }, /"postinstall" runs on install/],
		['a prepare script', { scripts: { prepare: 'npm run build' } }, /"prepare" runs on install/],
		['no author', { author: undefined }, /author/],
		['no homepage', { homepage: '' }, /homepage is missing/],
		['no repository', { repository: undefined }, /repository \(with a url\) is missing/],
		['a repository off GitHub', { repository: 'https://gitlab.com/a/b.git' }, /not on GitHub/],
		['API version 2', { n8n: { n8nNodesApiVersion: 2, nodes: ['dist/a.node.js'] } }, /n8nNodesApiVersion must be 1/],
		['a node path outside dist/', { n8n: { n8nNodesApiVersion: 1, nodes: ['nodes/a.node.ts'] } }, /must be a \.js path under dist\//],
		['no nodes', { n8n: { n8nNodesApiVersion: 1, nodes: [] } }, /at least one node/],
		['no n8n section', { n8n: undefined }, /"n8n" section is missing/],
	])('finds %s', (_label, change, expected) => {
		const pkg = { ...fixtureManifest(), ...change };
		const findings = checks.checkManifest(pkg);
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

	test('files outside dist/, test code and a missing LICENSE are found', () => {
		const files = [...base.filter((f) => f !== 'LICENSE'), 'src/index.ts', 'dist/test/a.test.js', 'dist/run.sh'];
		const text = checks.checkTarball(files, fixtureManifest(), dir).findings.join('\n');
		expect(text).toMatch(/found src\/index\.ts/);
		expect(text).toMatch(/test code is published: dist\/test\/a\.test\.js/);
		expect(text).toMatch(/unexpected file type under dist\/: dist\/run\.sh/);
		expect(text).toMatch(/LICENSE file is missing/);
	});
});

describe('helpers', () => {
	test('iconRefs reads plain and themed file: icons', () => {
		expect(checks.iconRefs("icon: 'file:a.svg', x: { light: \"file:../b.png\", dark: `file:c.dark.svg` }")).toEqual([
			'a.svg',
			'../b.png',
			'c.dark.svg',
		]);
	});

	test('findInlineDirectives lists eslint-disable comments', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-directives-'));
		fs.writeFileSync(path.join(dir, 'a.ts'), 'const a = 1;\n// eslint-disable-next-line no-console\n/* eslint-disable */\n');
		expect(checks.findInlineDirectives(dir, ['a.ts'])).toEqual([
			'a.ts:2: // eslint-disable-next-line no-console',
			'a.ts:3: /* eslint-disable */',
		]);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
