'use strict';
// The node as a person sees it: real n8n 2.41.1 in headless Chromium, with the package installed
// from its `npm pack` tarball. One browser page walks through the editor the way a user would;
// every screen it checks is saved under test-results/browser-screenshots/ (`npm run screenshots` refreshes
// docs/screenshots/ instead; docs/BROWSER.md says what each shows).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchBrowser, screenshot, openDropdown, pick, visibleLabels, parameter } = require('../../tools/browser/browser');
const { startBrowserStack } = require('../../tools/browser/stack');

const OWNER = { email: 'olivia.owner@example.com', firstName: 'Olivia', lastName: 'Owner', password: 'Browser-Owner-1' };
const NODE = 'User Invitation';
const ACTIONS = [
	'Create a user and send the invitation',
	'Resend an invitation',
	'Get a user',
	'Get many users',
	'Update an invitation',
	'Remove a user',
	'Add a user to a group',
	'Remove a user from a group',
	'Set the groups of a user',
	'Create a user and send the lock invitation',
	'Add a lock user to a user group',
	'Remove a lock user from a user group',
];
// The labels n8n shows above every operation's own fields.
const COMMON = ['Credential', 'Resource', 'Operation'];
const FAILURES = path.join(os.tmpdir(), 'n8n-browser-failures');

let stack;
let browser;
let page;
const timings = {};
const credentialNames = {};

/** A step of the journey; on failure a screenshot of the screen at that moment goes to FAILURES. */
function step(name, body) {
	test(name, async () => {
		const started = Date.now();
		try {
			await body();
		} catch (error) {
			if (page) {
				fs.mkdirSync(FAILURES, { recursive: true });
				const file = path.join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
				await page.screenshot({ path: file }).catch(() => undefined);
				error.message += `\n(screen at the failure: ${file})`;
			}
			throw error;
		} finally {
			timings[name] = Date.now() - started;
		}
	});
}

const ndv = () => page.getByTestId('ndv');

/** Loads the editor on a new workflow (a full page load: 10-20 s on a busy 2-core machine). */
async function openNewWorkflow() {
	await page.goto(`${stack.baseUrl}/workflow/new`);
	const canvas = page.getByTestId('canvas-plus-button');
	const signIn = page.locator('input[name=password]');
	await canvas.or(signIn).first().waitFor({ timeout: 90_000 });
	if (await signIn.isVisible()) throw new Error('n8n shows its sign-in page: the owner is not signed in');
}

/** Presses n, searches "User Invitation" and clicks the node; the actions list opens. */
async function searchNode() {
	await page.getByTestId('canvas-plus-button').waitFor();
	await page.keyboard.press('n');
	const search = page.getByTestId('node-creator-search-bar');
	await search.waitFor();
	await page.keyboard.type(NODE);
	const item = page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${NODE}$`) });
	await item.waitFor();
	return item;
}

/**
 * On an empty canvas n8n lists the package's trigger events first (from the User Invitation Trigger)
 * and folds the actions away: unfold them.
 */
async function showActions() {
	const creator = page.getByTestId('node-creator');
	if (await creator.getByText(ACTIONS[0], { exact: true }).isVisible()) return;
	await creator.getByText(/^Actions \(\d+\)$/).click();
	await creator.getByText(ACTIONS[0], { exact: true }).waitFor();
}

/**
 * The node panel of a User Invitation node. Normally still open from the step before; if an earlier
 * step failed half-way, a fresh workflow with the node is made, so later steps still say something.
 */
async function nodePanel() {
	const modal = page.getByTestId('editCredential-modal');
	if (await modal.isVisible()) {
		// Left open by a failed step: close it (and say no to "save changes?").
		await page.locator('.el-dialog__headerbtn:visible').last().click();
		const discard = page.getByRole('button', { name: /close|discard|leave/i });
		if (await discard.first().isVisible().catch(() => false)) await discard.first().click();
		await modal.waitFor({ state: 'hidden' });
	}
	if (await ndv().isVisible()) return ndv();
	await openNewWorkflow();
	await (await searchNode()).click();
	await showActions();
	await page.getByText(ACTIONS[0], { exact: true }).click();
	await ndv().waitFor();
	return ndv();
}

async function selectOperation(resource, operation) {
	const panel = await nodePanel();
	if ((await parameter(panel, 'resource').input.locator('input').inputValue()) !== resource) {
		await pick(page, panel, 'parameter-input-resource', resource);
	}
	await pick(page, panel, 'parameter-input-operation', operation);
	await expect(parameter(panel, 'operation').input.locator('input').inputValue()).resolves.toBe(operation);
	return panel;
}

async function valueOf(panel, name) {
	return await parameter(panel, name).input.locator('input').first().inputValue();
}

async function hintOf(panel, name) {
	return (await parameter(panel, name).item.innerText()).split('\n').map((line) => line.trim());
}

/** Opens the "Add Field"/"Add Option" drop-down of a collection, reads its options, closes it. */
async function collectionOptions(panel, name) {
	const add = parameter(panel, name).item.getByTestId('collection-parameter-add');
	const { list, options } = await openDropdown(page, add);
	await add.click(); // closes it again; Escape would close the whole node panel
	await list.waitFor({ state: 'hidden' });
	return options;
}

/** Scrolls the parameter list so that `name` is at its top, and takes the focus off any field. */
async function scrollTo(panel, name) {
	await parameter(panel, name).item.evaluate((element) => element.scrollIntoView({ block: 'start' }));
	await page.evaluate(() => document.activeElement?.blur());
}

/** Closes the notifications of earlier steps, so a screenshot shows only what this step caused. */
async function dismissNotifications() {
	const close = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let attempt = 0; attempt < 20 && (await close.count()); attempt++) {
		// A notification may close by itself while we reach for it (seen on a busy machine): then the
		// click finds nothing, and the loop looks again.
		await close.first().click({ timeout: 3_000 }).catch(() => undefined);
		await page.waitForTimeout(200);
	}
	if (await close.count()) throw new Error('n8n keeps showing notifications that do not close');
}

/** Clicks Execute step (after clearing old notifications). */
async function executeStep(panel) {
	await dismissNotifications();
	await panel.getByTestId('node-execute-button').click();
	await page.mouse.move(250, 750); // off the button: a hovered button reads blank in a screenshot
}

/** Waits until the Execute step button shows its label again (it is blank while it runs/animates). */
async function executeButtonSettled(panel) {
	const button = await panel.getByTestId('node-execute-button').elementHandle();
	await page.waitForFunction((el) => /Execute step/.test(el.innerText), button, { timeout: 60_000 });
}

const credentialModal = () => page.getByTestId('editCredential-modal');

/** From the node panel: "Connect to …" on a node without credential, else the list's "Create new credential". */
async function openNewCredentialDialog(panel) {
	const empty = panel.getByTestId('node-credentials-empty-state');
	if (await empty.isVisible()) {
		await empty.click();
	} else {
		await panel.getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').click();
	}
	await credentialModal().waitFor();
	return credentialModal();
}

/** Picks the kind of credential (the node's Authentication) in the dialog's top-right menu. */
async function chooseCredentialKind(modal, kind) {
	if ((await modal.getByTestId('credential-mode-dropdown-trigger').innerText()).trim() === kind) return;
	await modal.getByTestId('credential-mode-dropdown-trigger').click();
	await page.locator('[role=menuitem]:visible').filter({ hasText: new RegExp(`^${kind}$`) }).first().click();
	await expect(modal.getByTestId('credential-mode-dropdown-trigger').innerText()).resolves.toContain(kind);
}

async function fill(scope, name, value) {
	await scope.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
}

/**
 * Service = Custom URL at the double, a wrong secret first: Save shows the failure and its reason
 * (screenshot); then the right secret and Retry (the dialog's test button): "Connection tested
 * successfully" (screenshot); Save closes the dialog and the node uses the new credential.
 */
async function credentialJourney({ kind, service, secretField, wrong, right, shots, extra = async () => undefined }) {
	const panel = await nodePanel();
	const modal = await openNewCredentialDialog(panel);
	await chooseCredentialKind(modal, kind);
	await pick(page, modal, 'parameter-input-environment', 'Custom URL');
	expect(await modal.locator('label.n8n-input-label:visible').allInnerTexts().then((l) => l.map((t) => t.split('\n')[0].replace(/\*$/, '').trim()))).toEqual(
		expect.arrayContaining(['Service', 'Base URL', 'Test Connection Against']),
	);
	await fill(modal, 'customUrl', stack.doubleUrl);
	await pick(page, modal, 'parameter-input-customService', service);
	await extra(modal);
	await fill(modal, secretField, wrong);
	await modal.getByTestId('credential-save-button').click();

	const failed = modal.getByText(/Couldn.t connect with these settings/);
	await failed.waitFor({ timeout: 60_000 });
	const details = modal.getByText('More details');
	if (await details.isVisible()) await details.click();
	await expect(modal.innerText()).resolves.toMatch(/did not accept the secret \(401\)/);
	await screenshot(page, shots[0]);

	await fill(modal, secretField, right);
	await modal.getByRole('button', { name: 'Retry' }).click();
	await page.mouse.move(250, 750); // off the button: a hovered button reads blank in a screenshot
	const success = modal.getByTestId('credentials-config-container-test-success');
	await success.waitFor({ timeout: 60_000 });
	await expect(success.innerText()).resolves.toContain('Connection tested successfully');
	await success.getByRole('button', { name: 'Retry' }).waitFor(); // the button has its label back
	await screenshot(page, shots[1]);

	const name = (await modal.getByTestId('credential-name').innerText()).trim();
	await modal.getByTestId('credential-save-button').click();
	await modal.waitFor({ state: 'hidden', timeout: 60_000 });
	await expect(panel.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(name);
	return name;
}

beforeAll(async () => {
	fs.rmSync(FAILURES, { recursive: true, force: true });
	let t = Date.now();
	stack = await startBrowserStack();
	timings['n8n: install check, pack, start'] = Date.now() - t;
	t = Date.now();
	browser = await launchBrowser();
	page = browser.page;
	page.setDefaultTimeout(30_000);
	// The first load of n8n's editor (megabytes of script) beside the other lanes of `npm test` on 2 cores can
	// take longer than 30 s; a wait is a guard against a hang, not a speed check.
	page.setDefaultNavigationTimeout(90_000);
	timings['chromium: install check, launch'] = Date.now() - t;
}, 20 * 60_000);

afterAll(async () => {
	const lines = Object.entries({ ...stack?.timings, ...timings }).map(([what, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${what}`);
	if (browser) {
		const blocked = [...new Set(browser.blocked)];
		lines.push(`  editor requests to outside hosts, blocked in the browser: ${blocked.length ? blocked.join(', ') : 'none'}`);
	}
	if (stack) {
		const attempts = stack.egressAttempts().map((a) => `${a.method} ${a.target}`);
		lines.push(`  n8n server requests to outside hosts, refused by the egress sink: ${attempts.length ? [...new Set(attempts)].join(', ') : 'none'}`);
	}
	process.stderr.write(`\n[browser] timings and traffic\n${lines.join('\n')}\n`);
	try {
		await browser?.close();
	} finally {
		await stack?.stop();
	}
}, 60_000);

describe('User Invitation in the n8n editor', () => {
	step('owner account is made on n8n\'s own set-up page', async () => {
		await page.goto(`${stack.baseUrl}/`);
		await page.waitForURL(/\/setup/, { timeout: 90_000 });
		await page.locator('input[name=email]').fill(OWNER.email);
		await page.locator('input[name=firstName]').fill(OWNER.firstName);
		await page.locator('input[name=lastName]').fill(OWNER.lastName);
		await page.locator('input[name=password]').fill(OWNER.password);
		await screenshot(page, '01-owner-setup');
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/setup'), { timeout: 60_000 });
		// Who is signed in now, asked the way the editor asks (n8n ties its cookie to this browser id).
		const me = await page.evaluate(async () => {
			const headers = { 'browser-id': localStorage.getItem('n8n-browserId') ?? '' };
			return await (await fetch('/rest/login', { headers })).json();
		});
		expect(me.data.email).toBe(OWNER.email);
		expect(me.data.role).toMatch(/owner/);
	});

	step('1. node creator: "n", search "User Invitation", the node and its actions', async () => {
		await openNewWorkflow();
		const item = await searchNode();
		const creator = page.getByTestId('node-creator');
		// On an empty canvas n8n shows the package's trigger first, so the description is the trigger's.
		await expect(creator.getByTestId('node-creator-item-description').first().innerText()).resolves.toMatch(
			/SoftwareOne Marketplace/,
		);
		await screenshot(page, '02-node-search');

		await item.click();
		await expect(creator.innerText()).resolves.toContain('Triggers (5)');
		await showActions();
		for (const action of ACTIONS) await expect(creator.getByText(action, { exact: true }).isVisible()).resolves.toBe(true);
		const text = await creator.innerText();
		expect(text).toMatch(/Account User \(SoftwareOne\) Actions/i);
		expect(text).toMatch(/Lock User \(Bold\) Actions/i);
		expect(text).toContain(`Actions (${ACTIONS.length})`);
		await creator.getByText(ACTIONS[4], { exact: true }).scrollIntoViewIfNeeded();
		await screenshot(page, '03-node-actions');

		await creator.getByText(ACTIONS[0], { exact: true }).click();
		await ndv().waitFor();
		await expect(ndv().getByTestId('node-title-container').innerText()).resolves.toContain(ACTIONS[0]);
	});

	step('2a. Create User: the User fields to map, group IDs, invitation, simplify, additional fields', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Create User');
		// The User fields are n8n's field-mapping form: a mode, then one input per field.
		expect(await visibleLabels(panel)).toEqual([
			...COMMON,
			'Endpoints',
			'Account ID',
			'Mapping Column Mode',
			'Values to Send',
			'Email',
			'First Name',
			'Last Name',
			'Phone Prefix',
			'Phone Number',
			'Culture Code',
			'Language Code',
			'Group IDs',
			'Invitation',
			'If the User Already Exists',
			'Simplify',
			'Additional Fields',
			'Options',
		]);
		await expect(valueOf(panel, 'endpointFamily')).resolves.toBe('Auto-Detect');
		await expect(parameter(panel, 'groupIds').input.locator('input').getAttribute('placeholder')).resolves.toBe(
			'UGR-1234-5678, UGR-2345-6789',
		);
		expect(await hintOf(panel, 'groupIds')).toContain('One or more user group IDs, separated by commas');
		await expect(valueOf(panel, 'invitationStatus')).resolves.toBe('Send Invitation E-Mail');
		await expect(parameter(panel, 'simplify').input.locator('[role=switch]').getAttribute('aria-checked')).resolves.toBe('true');
		// With one field left, n8n draws Additional Fields as a button that adds Account ID at once.
		await expect(
			parameter(panel, 'additionalFields').item.getByTestId('collection-parameter-add').innerText(),
		).resolves.toMatch(/Add Field/i);
		expect(await collectionOptions(panel, 'options')).toEqual([
			'Concurrency',
			'Dry Run',
			// A new node is version 1.1, where join links are left out unless this is on.
			'Include Invitation Link',
			'Max Retries',
			'Max Retry Wait (Seconds)',
			'Timeout (Seconds)',
		]);

		// The description shows when the pointer rests on the label.
		const label = parameter(panel, 'groupIds').item.locator('label[for="groupIds"]');
		await label.hover();
		await label.locator('[data-icon="circle-help"]').hover();
		await page.getByText('The user groups the new user joins; at least one').first().waitFor({ timeout: 10_000 });
		await page.mouse.move(1, 1);

		// Account-scoped endpoints ask for the account.
		await pick(page, panel, 'parameter-input-endpointFamily', 'Account-Scoped (Newer Path)');
		expect(await visibleLabels(panel)).toContain('Account ID');
		expect(await hintOf(panel, 'scopeAccountId')).toContain(
			"The account whose users you manage, like ACC-1234-5678. The account-scoped endpoints need it; Auto-detect tries them only with it. Empty: the credential's Account ID, if it has one.",
		);
		await pick(page, panel, 'parameter-input-endpointFamily', 'Account Users');
		expect(await visibleLabels(panel)).not.toContain('Account ID');
		// Back to the default: the next steps show each operation as a new node shows it.
		await pick(page, panel, 'parameter-input-endpointFamily', 'Auto-Detect');

		await scrollTo(panel, 'operation');
		await screenshot(page, '04-operation-create-user');
	});

	step('2b. Resend Invite: pick the user, invitation state, nothing of Create', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Resend Invite');
		await expect(panel.getByTestId('node-title-container').innerText()).resolves.toContain('Resend an invitation');
		expect(await visibleLabels(panel)).toEqual([...COMMON, 'Endpoints', 'Account ID', 'User', 'Invitation State', 'Simplify', 'Options']);
		await expect(valueOf(panel, 'invitationKind')).resolves.toBe('Detect Automatically');

		// The user can be picked from a list or typed as an ID.
		const modes = parameter(panel, 'userId').item.getByTestId('rlc-mode-selector');
		await expect(modes.locator('input').inputValue()).resolves.toMatch(/^From list$/i);
		const { list, options } = await openDropdown(page, modes);
		expect(options.map((o) => o.toLowerCase())).toEqual(['from list', 'by id', 'by e-mail']);
		await list.locator('.el-select-dropdown__item').filter({ hasText: /^By ID$/i }).click();
		await expect(panel.getByTestId('rlc-input').getAttribute('placeholder')).resolves.toBe('e.g. AUSR-1234-5678');
		expect((await hintOf(panel, 'userId')).join(' ')).toContain('The account user ID');

		await screenshot(page, '05-operation-resend-invite');
	});

	step('2c. Get User: only the user and Simplify', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Get User');
		await expect(panel.getByTestId('node-title-container').innerText()).resolves.toContain('Get a user');
		expect(await visibleLabels(panel)).toEqual([...COMMON, 'Endpoints', 'Account ID', 'User', 'Simplify', 'Options']);
		await screenshot(page, '06-operation-get-user');
	});

	step('2d. Get Many: Return All, Limit 50, filters by e-mail and invitation status', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Get Many');
		await expect(panel.getByTestId('node-title-container').innerText()).resolves.toContain('Get many users');
		expect(await visibleLabels(panel)).toEqual([...COMMON, 'Endpoints', 'Account ID', 'Return All', 'Limit', 'Filters', 'Simplify', 'Options']);
		const returnAll = parameter(panel, 'returnAll').input.locator('[role=switch]');
		await expect(returnAll.getAttribute('aria-checked')).resolves.toBe('false');
		await expect(valueOf(panel, 'limit')).resolves.toBe('50');
		expect(await collectionOptions(panel, 'filters')).toEqual(['Email', 'Invitation Status']);

		const limit = panel.locator('label[for="limit"]');
		await parameter(panel, 'returnAll').input.locator('.el-switch').click();
		await limit.waitFor({ state: 'hidden' });
		await parameter(panel, 'returnAll').input.locator('.el-switch').click();
		await limit.waitFor();
		await screenshot(page, '07-operation-get-many');
	});

	step('2e. Update Invitation (Bold): the Invitation fields to map and the send switches, no SoftwareOne fields', async () => {
		const panel = await selectOperation('Lock User (Bold)', 'Update Invitation');
		await expect(panel.getByTestId('node-title-container').innerText()).resolves.toContain('Update an invitation');
		expect(await visibleLabels(panel)).toEqual([
			...COMMON,
			'Mapping Column Mode',
			'Values to Send',
			'User ID',
			'Email Address',
			'Expiration',
			'Language',
			'Phone Number',
			'Send Email',
			'Send SMS',
			'Options',
		]);
		// The "at least one field" rule is a notice above the switches.
		await panel.getByText('Set at least one field besides User ID').waitFor();
		await screenshot(page, '08-operation-update-invitation');
	});
	step('3a. API Key credential: Custom URL at the double, wrong key fails clearly, right key tests OK', async () => {
		// The node is on Update Invitation (Bold) from the step before: a Bold API key is what it needs.
		const name = await credentialJourney({
			kind: 'API Key',
			service: 'Bold Smart Lock',
			secretField: 'apiKey',
			wrong: 'not-the-key',
			right: stack.secrets.boldApiKey,
			shots: ['09-credential-api-key-failed', '10-credential-api-key-tested'],
			extra: async (modal) => {
				await expect(modal.getByTestId('parameter-input-headerName').locator('input').inputValue()).resolves.toBe('Authorization');
				await expect(modal.getByTestId('parameter-input-prefix').locator('input').getAttribute('placeholder')).resolves.toBe('e.g. Bearer');
			},
		});
		credentialNames.apiKey = name;
	});

	step('3b. Bearer Token credential: wrong token fails clearly, right token tests OK', async () => {
		await selectOperation('Account User (SoftwareOne)', 'Create User');
		const name = await credentialJourney({
			kind: 'Bearer Token',
			service: 'SoftwareOne Marketplace',
			secretField: 'token',
			wrong: 'not-the-token',
			right: stack.secrets.softwareOneToken,
			shots: ['11-credential-bearer-failed', '12-credential-bearer-tested'],
		});
		credentialNames.bearer = name;
		const saved = await page.evaluate(async () => {
			const headers = { 'browser-id': localStorage.getItem('n8n-browserId') ?? '' };
			return (await (await fetch('/rest/credentials', { headers })).json()).data.map((c) => c.type).sort();
		});
		expect(saved).toEqual(['userInvitationApiKeyApi', 'userInvitationBearerTokenApi']);
	});

	step('4a. Execute step: Create User against the double, the new user in the output panel', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Create User');
		await expect(panel.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(credentialNames.bearer);
		await fill(panel, 'email', 'ada.lovelace@example.com');
		await fill(panel, 'firstName', 'Ada');
		await fill(panel, 'lastName', 'Lovelace');
		await fill(panel, 'groupIds', 'UGR-1234-5678');
		await executeStep(panel);

		const output = panel.getByTestId('output-panel');
		await output.getByText('ada.lovelace@example.com').first().waitFor({ timeout: 60_000 });
		const text = await output.innerText();
		expect(text).toContain('1 item');
		expect(text).toContain('Invited');
		expect(text).toContain('Ada Lovelace');
		expect(text).toMatch(/AUSR-\d{4}-\d{4}/);
		const users = (await stack.double.state()).softwareOne.users.filter((u) => JSON.stringify(u).includes('ada.lovelace@example.com'));
		expect(users).toHaveLength(1);
		await executeButtonSettled(panel);
		await screenshot(page, '13-execute-create-user');
	});

	step('4b. Execute step with a bad e-mail: the error says which field and what is expected', async () => {
		const panel = await nodePanel();
		const before = (await stack.double.requests()).length;
		await fill(panel, 'email', 'not-an-email');
		await executeStep(panel);
		const message = panel.getByTestId('node-error-message');
		await message.waitFor({ timeout: 60_000 });
		await expect(message.innerText()).resolves.toBe('Email "not-an-email" is not valid [item 0]');
		await expect(panel.getByTestId('node-error-description').innerText()).resolves.toBe(
			'Email must be an e-mail address like name@example.com.',
		);
		expect((await stack.double.requests()).length).toBe(before); // nothing was sent
		await executeButtonSettled(panel);
		await screenshot(page, '14-execute-bad-email');
	});

	step('4c. Get User: pick the new user "From list" by typing part of the e-mail, then run it', async () => {
		await dismissNotifications(); // now: a click on a notification later would close the list
		const panel = await selectOperation('Account User (SoftwareOne)', 'Get User');
		const locator = parameter(panel, 'userId').item;
		const modes = locator.getByTestId('rlc-mode-selector');
		if (!/^From list$/i.test(await modes.locator('input').inputValue())) {
			const { list } = await openDropdown(page, modes);
			await list.locator('.el-select-dropdown__item').filter({ hasText: /^From list$/i }).click();
		}
		await locator.getByTestId('rlc-input').click();
		const search = page.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input').first();
		await search.waitFor();
		await search.fill('lovelace');
		const item = page.getByTestId('rlc-item').filter({ hasText: 'ada.lovelace@example.com' });
		await item.first().waitFor({ timeout: 30_000 });
		await expect(item.first().innerText()).resolves.toContain('Ada Lovelace <ada.lovelace@example.com> — Invited');
		await screenshot(page, '15-get-user-from-list');
		await item.first().click();

		await executeStep(panel);
		const output = panel.getByTestId('output-panel');
		await output.getByText('ada.lovelace@example.com').first().waitFor({ timeout: 60_000 });
		await expect(output.innerText()).resolves.toContain('1 item');
	});

	step('5. the canvas: the node, its name and subtitle after the runs', async () => {
		await page.getByTestId('ndv-close-button').click();
		await ndv().waitFor({ state: 'hidden' });
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Get a user' });
		await node.waitFor();
		// The subtitle names the operation as the action list does, not its internal value "get".
		await expect(node.innerText()).resolves.toContain('Get User');
		await screenshot(page, '16-canvas');
	});

	step('6. User Invitation Trigger: its panel, and Fetch Test Event shows a real user', async () => {
		await stack.double.seed({
			softwareOneUsers: [{ email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper', status: 'InvitationExpired' }],
		});
		await openNewWorkflow();
		await (await searchNode()).click();
		// n8n lists the trigger's events as the node's triggers; picking one presets Events.
		const creator = page.getByTestId('node-creator');
		expect(await creator.getByText(/^On (invitation|user|groups) /).allInnerTexts()).toEqual([
			'On groups changed',
			'On invitation accepted',
			'On invitation expired',
			'On user added',
			'On user removed',
		]);
		await creator.getByText('On invitation expired', { exact: true }).click();
		await ndv().waitFor();
		const panel = ndv();
		expect(await visibleLabels(panel)).toEqual(['Credential', 'Poll Times', 'Mode', 'Events', 'Endpoints', 'Account ID', 'Filters', 'Simplify', 'Options']);
		await expect(panel.getByText('Bold Smart Lock has no way to list users').isVisible()).resolves.toBe(true);
		await expect(panel.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(credentialNames.bearer);

		await expect(parameter(panel, 'events').input.innerText()).resolves.toContain('Invitation Expired');
		await expect(parameter(panel, 'events').input.innerText()).resolves.not.toContain('Invitation Accepted');

		await dismissNotifications();
		const fetch = panel.getByTestId('node-execute-button').first();
		await expect(fetch.innerText()).resolves.toMatch(/Fetch Test Event/i);
		await fetch.click();
		await page.mouse.move(250, 750);
		const output = panel.getByTestId('output-panel');
		await output.getByText('grace.hopper@example.com').first().waitFor({ timeout: 60_000 });
		const text = await output.innerText();
		expect(text).toContain('1 item');
		expect(text).toContain('invitationExpired');
		await screenshot(page, '19-trigger-fetch-test-event');
	});
});

// Issue 27's lifecycle as a user meets it: a fresh workflow with the action picked from the node
// creator, the fields each operation shows, one real Set Groups and one Remove User with Dry Run.
// Its own block (after the journey above, whose credentials it uses), so it can move independently.
describe('the lifecycle operations in the editor', () => {
	const LEAVER = { email: 'leaver@example.com', firstName: 'Lee', lastName: 'Leaver', status: 'Active' };
	let leaverId;

	/** A new workflow with the node, opened from its action in the node creator, as a user starts. */
	async function openAction(action) {
		await openNewWorkflow();
		await (await searchNode()).click();
		await showActions();
		await page.getByTestId('node-creator').getByText(action, { exact: true }).click();
		await ndv().waitFor();
		await expect(ndv().getByTestId('node-title-container').innerText()).resolves.toContain(action);
		return ndv();
	}

	/** User → By E-Mail, and the address typed in. */
	async function userByEmail(panel, email) {
		const locator = parameter(panel, 'userId').item;
		const { list } = await openDropdown(page, locator.getByTestId('rlc-mode-selector'));
		await list.locator('.el-select-dropdown__item').filter({ hasText: /^By E-Mail$/i }).click();
		await expect(locator.getByTestId('rlc-input').getAttribute('placeholder')).resolves.toBe('e.g. name@example.com');
		await locator.getByTestId('rlc-input').fill(email);
	}

	/** Shows the output as JSON (what was or would be sent reads best there) and returns its text. */
	async function outputJson(panel, waitFor) {
		const output = panel.getByTestId('output-panel');
		await output.getByTestId('radio-button-json').click();
		await output.getByText(waitFor).first().waitFor({ timeout: 60_000 });
		// The JSON view draws its indentation as "·" and breaks lines after each colon: one space instead.
		return (await output.innerText()).replace(/·/g, ' ').replace(/\s+/g, ' ');
	}

	step('7a. Set Groups: picked from the actions, the user by e-mail, Group IDs; a run shows the groups before and after', async () => {
		const [seeded] = (await stack.double.seed({ softwareOneUsers: [LEAVER] })).softwareOneUsers;
		leaverId = String(seeded.id);
		const panel = await openAction('Set the groups of a user');
		await expect(panel.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(credentialNames.bearer);
		await expect(valueOf(panel, 'operation')).resolves.toBe('Set Groups');
		expect(await visibleLabels(panel)).toEqual([...COMMON, 'Endpoints', 'Account ID', 'User', 'Group IDs', 'Simplify', 'Options']);
		await expect(parameter(panel, 'groupIds').input.locator('input').getAttribute('placeholder')).resolves.toBe('UGR-1234-5678, UGR-2345-6789');
		expect(await hintOf(panel, 'groupIds')).toContain('One or more user group IDs, separated by commas');
		// Dry Run is one of the Options of every write, off until added.
		expect(await collectionOptions(panel, 'options')).toContain('Dry Run');

		await userByEmail(panel, LEAVER.email);
		await fill(panel, 'groupIds', 'UGR-1234-5678, UGR-2345-6789');
		await executeStep(panel);
		const text = await outputJson(panel, 'groupsAfter');
		expect(text).toContain('1 item');
		expect(text).toMatch(/"groupsBefore": \[\s*"UGR-1234-5678"\s*\]/);
		expect(text).toMatch(/"groupsAfter": \[\s*"UGR-1234-5678",\s*"UGR-2345-6789"\s*\]/);
		const user = (await stack.double.state()).softwareOne.users.find((u) => u.id === leaverId);
		expect([...user.groups].sort()).toEqual(['UGR-1234-5678', 'UGR-2345-6789']);
		await executeButtonSettled(panel);
		await scrollTo(panel, 'operation');
		await dismissNotifications();
		await screenshot(page, '20-operation-set-groups');
	});

	step('7b. Remove User with Dry Run: the Remove choice, then the request it would send, and nothing sent', async () => {
		const panel = await selectOperation('Account User (SoftwareOne)', 'Remove User');
		await expect(panel.getByTestId('node-title-container').innerText()).resolves.toContain('Remove a user');
		// Revoking is the default: an Active user is left alone unless "Any Status" is chosen.
		await expect(valueOf(panel, 'removeWhen')).resolves.toBe('Only If the Invitation Is Still Pending or Expired');
		const { list, options } = await openDropdown(page, parameter(panel, 'removeWhen').input);
		expect(options).toEqual(['Only If the Invitation Is Still Pending or Expired', 'Any Status']);
		await list.locator('.el-select-dropdown__item').filter({ hasText: /^Any Status/ }).click();
		await list.waitFor({ state: 'hidden' });

		if (!(await parameter(panel, 'userId').item.getByTestId('rlc-input').inputValue()).includes('@')) await userByEmail(panel, LEAVER.email);
		const add = parameter(panel, 'options').item.getByTestId('collection-parameter-add');
		const { items, options: offered } = await openDropdown(page, add);
		await items.nth(offered.indexOf('Dry Run')).click();
		const dryRun = parameter(panel, 'dryRun').input.locator('.el-switch');
		await dryRun.click();
		await expect(parameter(panel, 'dryRun').input.locator('[role=switch]').getAttribute('aria-checked')).resolves.toBe('true');
		expect(await visibleLabels(panel)).toEqual([...COMMON, 'Endpoints', 'Account ID', 'User', 'Remove', 'Options', 'Dry Run']);

		const before = (await stack.double.requests()).length;
		await executeStep(panel);
		const text = await outputJson(panel, 'wouldSend');
		expect(text).toContain('1 item');
		expect(text).toContain('"dryRun": true');
		expect(text).toContain('"method": "DELETE"');
		expect(text).toContain(`"/public/v1/accounts/account-users/${leaverId}"`);
		// Reads only (finding the user, its status); the user is still there.
		const sent = (await stack.double.requests()).slice(before);
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
		expect((await stack.double.state()).softwareOne.users.some((u) => u.id === leaverId)).toBe(true);
		await executeButtonSettled(panel);
		await scrollTo(panel, 'operation');
		await dismissNotifications();
		await screenshot(page, '21-remove-user-dry-run');
	});
});
