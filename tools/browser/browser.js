'use strict';
// Headless Chromium (Debian's, never a downloaded one) driven by playwright-core, and the small
// moves a person makes in n8n's editor: pick from a drop-down, read the labels, take a screenshot.
// playwright-core is the library; n8n's own page objects live in its repository, not on npm.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// Tests never write tracked files: the pictures go to the ignored test-results/ folder. `npm run screenshots`
// sets BROWSER_SCREENSHOTS=docs/screenshots to refresh the committed ones on purpose.
const SCREENSHOTS = process.env.BROWSER_SCREENSHOTS
	? path.resolve(process.env.BROWSER_SCREENSHOTS)
	: path.join(REPO_ROOT, 'test-results', 'browser-screenshots');
const VIEWPORT = { width: 1440, height: 900 };

/** The flags the brief and N8N-RUNTIME.md name: no sandbox (root), no GPU, nothing that calls home. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	// Belt and braces: no host name but loopback resolves, so nothing can leave the machine.
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

// n8n marks its elements with data-test-id, not Playwright's default data-testid.
selectors.setTestIdAttribute('data-test-id');

/** /usr/bin/chromium, installed by setup.sh (apt) the first time. */
function ensureChromium() {
	const run = spawnSync('bash', [path.join(__dirname, 'setup.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	if (run.status !== 0) throw new Error(`tools/browser/setup.sh failed (exit ${run.status})`);
	return run.stdout.trim().split('\n').pop();
}

const LOOPBACK = /^(https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]|data:|blob:|about:)/;

/**
 * Launches Chromium with a fresh profile. Every request the page makes beyond loopback is aborted
 * and recorded in `blocked` (n8n's editor asks the npm registry about community packages).
 */
async function launchBrowser() {
	const executablePath = ensureChromium();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-browser-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	const blocked = [];
	await context.route(
		(url) => !LOOPBACK.test(url.href),
		(route) => {
			blocked.push(route.request().url());
			return route.abort('blockedbyclient');
		},
	);
	const page = context.pages()[0] || (await context.newPage());
	let closed = false;
	return {
		context,
		page,
		blocked,
		profile,
		async close() {
			if (closed) return;
			closed = true;
			try {
				await context.close();
			} finally {
				fs.rmSync(profile, { recursive: true, force: true });
			}
		},
	};
}

/** A screenshot of the whole window (1440×900) under test-results/browser-screenshots/ (or BROWSER_SCREENSHOTS). */
async function screenshot(page, name) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	return file;
}

/**
 * The options list of an n8n (Element Plus) drop-down: its input names the list it controls, so
 * the options of another drop-down that is still fading out never get in the way.
 */
async function dropdownFor(page, trigger) {
	const id = await trigger.locator('input[aria-controls]').first().getAttribute('aria-controls');
	return page.locator(`[id="${id}"]`);
}

/** Opens a drop-down (`trigger`: a locator around its input) and reads its option names. */
async function openDropdown(page, trigger) {
	const list = await dropdownFor(page, trigger);
	await trigger.click();
	const items = list.locator('.el-select-dropdown__item');
	await items.first().waitFor();
	const options = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	return { list, items, options };
}

/** Opens a drop-down (by its data-test-id, inside `scope`) and clicks the option named `text`. */
async function pick(page, scope, testId, text) {
	const { list, items, options } = await openDropdown(page, scope.getByTestId(testId));
	let index = options.indexOf(text);
	if (index < 0) index = options.findIndex((name) => name.includes(text));
	if (index < 0) throw new Error(`"${text}" is not among the options of ${testId}: ${options.join(' | ')}`);
	await items.nth(index).click();
	await list.waitFor({ state: 'hidden' });
}

/** The labels of the parameters the node panel shows now, in order (the Settings tab's are hidden). */
async function visibleLabels(ndv) {
	// n8n renders a fixed collection (Poll Times, Mode inside it) lazily: "Loading fields..." stands
	// in its place for a moment, and its labels are missing until it is gone.
	const loading = ndv.getByTestId('node-parameters').getByText('Loading fields', { exact: false });
	for (let waited = 0; (await loading.count()) > 0; waited += 100) {
		if (waited > 30_000) throw new Error('the node panel still shows "Loading fields..." after 30 s');
		await ndv.page().waitForTimeout(100);
	}
	const texts = await ndv.getByTestId('node-parameters').locator('label.n8n-input-label:visible').allInnerTexts();
	return texts.map((text) => text.split('\n')[0].replace(/\*$/, '').trim());
}

/** One parameter of the node panel: its input, label and the text below it (hint). */
function parameter(ndv, name) {
	return {
		input: ndv.getByTestId(`parameter-input-${name}`),
		// The innermost parameter item around the label (collections nest items).
		item: ndv.getByTestId('parameter-item').filter({ has: ndv.page().locator(`label[for="${name}"]`) }).last(),
	};
}

module.exports = {
	launchBrowser,
	screenshot,
	openDropdown,
	pick,
	visibleLabels,
	parameter,
};
