'use strict';
// examples/mcp-server-tools.json in the editor, as a person who imported it sees it: the MCP Server
// Trigger with four User Invitation tools on the canvas, and a tool's panel with its Tool Description
// and the fields the model fills. Screenshots 17 and 18 under docs/screenshots/ (docs/BROWSER.md).

const { launchBrowser, screenshot, visibleLabels } = require('../../tools/browser/browser');
const { startBrowserStack } = require('../../tools/browser/stack');
const { N8nClient, credentialSpecs, loadExample } = require('../../tools/n8n');

const OWNER = { email: 'mia.mcp@example.com', firstName: 'Mia', lastName: 'Mcp', password: 'Browser-Mcp-Owner-1' };

let stack;
let browser;
let page;
let workflow;

beforeAll(async () => {
	stack = await startBrowserStack();
	const client = new N8nClient(stack.n8n);
	await client.setupOwner(OWNER);
	const specs = credentialSpecs(stack.doubleUrl);
	const credentials = {
		'SoftwareOne (bearer token)': await client.createCredential(specs.softwareOneBearer),
		'Bold Smart Lock (bearer token)': await client.createCredential(specs.boldBearer),
		'MCP clients (bearer token)': await client.createCredential({
			name: 'MCP clients (bearer token)',
			type: 'httpBearerAuth',
			data: { token: 'browser-mcp-token' },
		}),
	};
	const loaded = loadExample('mcp-server-tools.json', { credentials, suffix: 'browser' });
	loaded.workflow.name = loaded.workflow.name.replace(/ \(browser\)$/, '');
	workflow = await client.createActiveWorkflow(loaded.workflow);

	browser = await launchBrowser();
	page = browser.page;
	page.setDefaultTimeout(30_000);
	// The first load of n8n's editor (megabytes of script) beside the other lanes of `npm test` on 2 cores can
	// take longer than 30 s; a wait is a guard against a hang, not a speed check.
	page.setDefaultNavigationTimeout(90_000);
	// n8n ties its session cookie to the browser id the editor keeps, so sign in from the page.
	await page.goto(`${stack.baseUrl}/signin`);
	await page.locator('input[name=password]').waitFor({ timeout: 90_000 });
	const status = await page.evaluate(async ({ email, password }) => {
		const headers = { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' };
		const answer = await fetch('/rest/login', { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: email, password }) });
		return answer.status;
	}, OWNER);
	expect(status).toBe(200);
}, 20 * 60_000);

afterAll(async () => {
	try {
		await browser?.close();
	} finally {
		await stack?.stop();
	}
}, 60_000);

describe('the MCP example in the n8n editor', () => {
	test('the canvas: MCP Server Trigger with the four User Invitation tools attached', async () => {
		await page.goto(`${stack.baseUrl}/workflow/${workflow.id}`);
		const nodes = page.getByTestId('canvas-node');
		await nodes.first().waitFor({ timeout: 90_000 });
		for (const name of ['MCP Server Trigger', 'Create User', 'Resend Invite', 'Get Many Users', 'Update Invitation']) {
			await nodes.filter({ hasText: name }).first().waitFor();
		}
		await screenshot(page, '17-mcp-server-tools');
	});

	test('a tool\'s panel: its Tool Description, and the User field defined by the model', async () => {
		const node = page.getByTestId('canvas-node').filter({ hasText: 'Resend Invite' }).first();
		const box = await node.boundingBox();
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 2 });
		const panel = page.getByTestId('ndv');
		await panel.waitFor();
		const labels = await visibleLabels(panel);
		expect(labels).toEqual(expect.arrayContaining(['Tool Description', 'User', 'Invitation State']));
		await expect(panel.getByTestId('parameter-input-toolDescription').locator('textarea').inputValue()).resolves.toContain(
			'Send the invitation e-mail of a SoftwareOne account user again',
		);
		// The ✨ override: n8n shows "Defined automatically by the model" instead of an input.
		await panel.getByText('Defined automatically by the').first().waitFor();
		await screenshot(page, '18-mcp-tool-resend-invite');
	});
});
