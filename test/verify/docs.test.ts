/**
 * The README is the page n8n users read (issue 25): at most 300 lines, its sections in the order a
 * user reads them, the two commands a fresh machine needs. Developer material lives in docs/, reached
 * from docs/DEVELOPMENT.md. Every relative link and #anchor in README.md and docs/*.md resolves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const DOCS = path.join(ROOT, 'docs');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^```/.test(line)) fenced = !fenced;
		const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m) continue;
		const base = m[1]
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n ? `${base}-${n}` : base);
	}
	return out;
}

/** Relative links and images of a markdown file, outside code blocks and code spans. */
function links(markdown: string): string[] {
	const text = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
	return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l));
}

const markdownFiles = [README, ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => path.join(DOCS, f))];

describe('README.md: the user\'s page', () => {
	const text = read(README);
	const headings = text.split('\n').filter((l) => /^## /.test(l)).map((l) => l.slice(3));

	test('is at most 300 lines', () => {
		expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(300);
	});

	test('has the sections of issue 25, in the order users read them', () => {
		const order = [
			/^Install/,
			/^Credentials/,
			/^Operations/,
			/Trigger/,
			/AI agents/,
			/^Examples/,
			/[Ee]rrors and safe retries/,
			/^Compatibility/,
			/^Version history/,
			/^The two commands/,
			/^License/,
		];
		const at = order.map((re) => headings.findIndex((h) => re.test(h)));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	test('opens with an operations table and shows two or three screenshots', () => {
		const intro = text.slice(0, text.indexOf('\n## '));
		expect(intro).toMatch(/\| \*\*Create User\*\* \|/);
		const pictures = text.match(/!\[[^\]]*\]\(docs\/screenshots\/[^)]+\.png\)/g) ?? [];
		expect(pictures.length).toBeGreaterThanOrEqual(2);
		expect(pictures.length).toBeLessThanOrEqual(3);
	});

	test('keeps the two commands as npm commands, and .ci/run runs the same test command', () => {
		expect(text).toContain('npm ci && npm run demo');
		expect(text).toMatch(/^npm test\s+#/m);
		expect(read(path.join(ROOT, '.ci', 'run'))).toMatch(/^step "npm test"; npm test$/m);
	});

	test('sends developers to docs/DEVELOPMENT.md and links the changelog', () => {
		expect(text).toContain('](docs/DEVELOPMENT.md)');
		expect(text).toContain('](CHANGELOG.md)');
	});
});

describe('docs/DEVELOPMENT.md: where the developer sections went', () => {
	const text = read(path.join(DOCS, 'DEVELOPMENT.md'));

	test.each([
		'E2E.md',
		'BROWSER.md',
		'QUEUE-MODE.md',
		'VERIFICATION.md',
		'PERFORMANCE.md',
		'SOFTWAREONE.md',
		'MUTATION.md',
		'RELEASING.md',
	])('links %s', (page) => {
		expect(text).toContain(`](${page})`);
		expect(fs.existsSync(path.join(DOCS, page))).toBe(true);
	});

	test('holds the suites with their times, the first-run figures and what is not done yet', () => {
		expect(text).toMatch(/^## The two commands, in detail/m);
		expect(text).toMatch(/\| Suite \| Command alone \| What it is \| Time here/);
		expect(text).toMatch(/\*\*First run, measured\*\*/);
		expect(text).toMatch(/^## Not done yet/m);
	});
});

describe.each(markdownFiles.map((f) => [path.relative(ROOT, f), f]))('%s', (_rel, file) => {
	test('every relative link and anchor resolves', () => {
		const broken: string[] = [];
		for (const link of links(read(file))) {
			const [target, anchor] = link.split('#');
			const resolved = target ? path.resolve(path.dirname(file), decodeURIComponent(target)) : file;
			if (!fs.existsSync(resolved)) broken.push(`${link}: no ${path.relative(ROOT, resolved)}`);
			else if (anchor && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) {
				broken.push(`${link}: no heading #${anchor} in ${path.relative(ROOT, resolved)}`);
			}
		}
		expect(broken).toEqual([]);
	});
});
