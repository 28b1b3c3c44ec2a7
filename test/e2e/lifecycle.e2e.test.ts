// The lifecycle operations of issue 27 in real n8n against the API double: Remove User, the group
// operations, Bold's Create User (With Invitation) and user-group membership, Dry Run, retries under
// faults, and each new operation as an MCP tool.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import crypto from 'node:crypto';
import { type Json, type SavedWorkflow, type Stack, NODE_TYPE, describeE2e, loadExample, sleep } from '../../tools/n8n';
import { byResourceLocator, expectNoSecrets, runNode } from './helpers';

const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
const TOOL_TYPE = NODE_TYPE.replace(/userInvitation$/, 'userInvitationTool');

describeE2e('the account-user and lock-user lifecycle in real n8n', (stack: () => Stack) => {
	const s1 = () => stack().credentials.softwareOneBearer;
	const bold = () => stack().credentials.boldBearer;
	const counters = async () => (await stack().double.state()) as Json;
	const calls = (state: Json, since = 0) =>
		(state.requests as Array<{ method: string; path: string; status: number }>).slice(since).map((r) => `${r.method} ${r.path} ${r.status}`);

	beforeEach(async () => {
		await stack().double.reset();
	});

	describe('Remove User', () => {
		test('revokes a pending invitation found by e-mail; the output says what was removed', async () => {
			const run = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'remove', userId: byEmail('={{ $json.email }}') },
				items: [{ email: 'invited.user@example.com' }],
			});
			expect(run.output.map((item) => item.json)).toEqual([
				{ removed: true, id: 'AUSR-0000-0001', email: 'invited.user@example.com', statusBefore: 'Invited', groupIds: ['UGR-1234-5678'] },
			]);
			expect((await counters()).softwareOne.deletesById).toEqual({ 'AUSR-0000-0001': 1 });
			expectNoSecrets(run.execution.rawData);
		});

		test('leaves an Active user alone by default; removes them with "Any Status"', async () => {
			const refused = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'remove', userId: byResourceLocator('AUSR-0000-0002') },
				items: [{}],
			});
			expect(String(refused.error?.message)).toContain('has already joined (status Active); nothing was removed');
			expect((await counters()).softwareOne.deletesById).toEqual({});

			const removed = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'remove', userId: byResourceLocator('AUSR-0000-0002'), removeWhen: 'any' },
				items: [{}],
			});
			expect(removed.output[0].json).toMatchObject({ removed: true, statusBefore: 'Active' });
		});

		test('the DELETE\'s answer is lost after the user was removed: done, no error, removed once', async () => {
			await stack().double.faults([{ method: 'DELETE', path: 'AUSR-0000-0003$', kind: 'reset', afterProcessing: true, times: 1 }]);
			const run = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'remove', userId: byResourceLocator('AUSR-0000-0003') },
				items: [{}],
			});
			expect(run.error).toBeUndefined();
			expect(run.output[0].json).toMatchObject({ removed: true, id: 'AUSR-0000-0003', statusBefore: 'InvitationExpired' });
			const state = await counters();
			expect(state.softwareOne.deletesById).toEqual({ 'AUSR-0000-0003': 1 });
			expect(calls(state).filter((line) => line.includes('AUSR-0000-0003'))).toEqual([
				'GET /public/v1/accounts/account-users/AUSR-0000-0003 200',
				'DELETE /public/v1/accounts/account-users/AUSR-0000-0003 0',
				'GET /public/v1/accounts/account-users/AUSR-0000-0003 404',
			]);
		});

		test('Dry Run: the offboarding reads, sends no DELETE, and shows the request', async () => {
			const run = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'remove', userId: byEmail('={{ $json.email }}'), removeWhen: 'any', options: { dryRun: true } },
				items: [{ email: 'active.user@example.com' }],
			});
			expect(run.output[0].json).toEqual({
				dryRun: true,
				wouldSend: { method: 'DELETE', path: '/public/v1/accounts/account-users/AUSR-0000-0002' },
			});
			const state = await counters();
			expect(state.softwareOne.deletesById).toEqual({});
			expect(calls(state).every((line) => line.startsWith('GET '))).toBe(true);
		});
	});

	describe('groups', () => {
		test('Add to Group, again (already a member: a note), Remove From Group, Set Groups (before and after)', async () => {
			const user = byResourceLocator('AUSR-0000-0002');
			const add = async () =>
				await runNode(stack(), { credential: s1(), parameters: { resource: 'accountUser', operation: 'addToGroup', userId: user, groupId: 'UGR-2222-3333' }, items: [{}] });
			expect((await add()).output[0].json).toMatchObject({ changed: true, groupsBefore: ['UGR-1234-5678'], groupsAfter: ['UGR-1234-5678', 'UGR-2222-3333'] });
			expect((await add()).output[0].json).toMatchObject({ changed: false, note: 'Already a member of group UGR-2222-3333; nothing was sent.' });

			const removed = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'removeFromGroup', userId: user, groupId: 'UGR-1234-5678' },
				items: [{}],
			});
			expect(removed.output[0].json).toMatchObject({ changed: true, groupsAfter: ['UGR-2222-3333'] });

			const set = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'setGroups', userId: byEmail('active.user@example.com'), groupIds: 'UGR-1234-5678, UGR-4444-5555' },
				items: [{}],
			});
			expect(set.output[0].json).toMatchObject({ groupsBefore: ['UGR-2222-3333'], groupsAfter: ['UGR-1234-5678', 'UGR-4444-5555'] });
			expect((await counters()).softwareOne.groupChangesByUser).toEqual({ 'AUSR-0000-0002': 3 });
		});

		test('a POST …/groups whose answer is lost after it worked: success, one change', async () => {
			await stack().double.faults([{ method: 'POST', path: '/groups$', kind: 'status', status: 504, afterProcessing: true, times: 1 }]);
			const run = await runNode(stack(), {
				credential: s1(),
				parameters: { resource: 'accountUser', operation: 'addToGroup', userId: byResourceLocator('AUSR-0000-0001'), groupId: 'UGR-2222-3333' },
				items: [{}],
			});
			expect(run.error).toBeUndefined();
			expect(run.output[0].json).toMatchObject({ groupsAfter: ['UGR-1234-5678', 'UGR-2222-3333'] });
			expect((await counters()).softwareOne.groupChangesByUser).toEqual({ 'AUSR-0000-0001': 1 });
		});
	});

	describe('Bold', () => {
		const create = (extra: Record<string, Json> = {}) => ({
			resource: 'lockUser',
			operation: 'createWithInvitation',
			organizationId: 2,
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			emailAddress: '={{ $json.email }}',
			additionalFields: { language: 'nl', userGroupId: 32 },
			...extra,
		});
		const person = { firstName: 'Averlyn', lastName: 'Tromley', email: 'averlyn@example.com' };

		test('Create User (With Invitation): one user, one invitation e-mail, in the group', async () => {
			const run = await runNode(stack(), { credential: bold(), parameters: create(), items: [person] });
			const { userId } = run.output[0].json;
			expect(run.output[0].json).toMatchObject({ created: true, userGroupId: 32 });
			const state = await counters();
			expect(state.bold.emailsByUser).toEqual({ [userId]: 1 });
			expect(state.bold.groupMembers['32']).toEqual([{ id: userId, groupAdmin: false }]);
			expect(run.output[0].json).not.toHaveProperty('token');
		});

		test('the answer is lost after Bold created and invited: sent again, 409 → success; still one invitation', async () => {
			await stack().double.faults([{ method: 'POST', path: '^/v2/users$', kind: 'reset', afterProcessing: true, times: 1 }]);
			const run = await runNode(stack(), { credential: bold(), parameters: create(), items: [person] });
			expect(run.error).toBeUndefined();
			expect(run.output[0].json).toMatchObject({ created: true });
			const state = await counters();
			expect(Object.values(state.bold.emailsByUser)).toEqual([1]);
			expect(state.bold.createsByEmail).toEqual({ 'averlyn@example.com': 1 });
		});

		test('"Return the Existing User": the existing id, nothing sent; "Fail the Item": an error with the id', async () => {
			const first = await runNode(stack(), { credential: bold(), parameters: create(), items: [person] });
			const again = await runNode(stack(), { credential: bold(), parameters: create({ ifExists: 'returnExisting' }), items: [person] });
			expect(again.output[0].json).toMatchObject({ userId: first.output[0].json.userId, created: false });
			const failed = await runNode(stack(), { credential: bold(), parameters: create(), items: [person] });
			expect(String(failed.error?.message)).toContain(`already exists (user ID ${first.output[0].json.userId})`);
			expect(Object.values((await counters()).bold.emailsByUser)).toEqual([1]);
		});

		test('Dry Run: nothing created; the POST with its query is the result', async () => {
			const run = await runNode(stack(), { credential: bold(), parameters: create({ options: { dryRun: true } }), items: [person] });
			expect(run.output[0].json).toMatchObject({ dryRun: true, wouldSend: { method: 'POST', path: '/v2/users?userGroupId=32&groupAdmin=false' } });
			expect((await counters()).bold.createsByEmail).toEqual({});
		});

		test('Add to User Group and Remove From User Group', async () => {
			const ids = { boldUserId: '5', boldUserGroupId: '45' };
			const added = await runNode(stack(), { credential: bold(), parameters: { resource: 'lockUser', operation: 'addToUserGroup', ...ids, groupAdmin: true }, items: [{}] });
			expect(added.output[0].json).toEqual({ userId: 5, userGroupId: 45, member: true, groupAdmin: true });
			expect((await counters()).bold.groupMembers['45']).toEqual([{ id: 5, groupAdmin: true }]);
			const removed = await runNode(stack(), { credential: bold(), parameters: { resource: 'lockUser', operation: 'removeFromUserGroup', ...ids }, items: [{}] });
			expect(removed.output[0].json).toEqual({ userId: 5, userGroupId: 45, member: false });
			expect((await counters()).bold.groupMembers['45']).toEqual([]);
		});
	});

	describe('the examples', () => {
		const exampleCredentials = () => ({
			'SoftwareOne (bearer token)': stack().credentials.softwareOneBearer,
			'Bold Smart Lock (bearer token)': stack().credentials.boldBearer,
		});

		test('offboarding.json: with Dry Run (as shipped) it answers with the DELETE it would send and changes nothing; with it off, it offboards', async () => {
			const leaver = { email: 'active.user@example.com', adminGroupId: 'UGR-1234-5678' };
			const dry = loadExample('offboarding.json', { credentials: exampleCredentials() });
			await stack().client.createActiveWorkflow(dry.workflow);
			const answer = await stack().client.webhook(dry.webhookPaths['Employee Left (HR Webhook)'], leaver);
			expect(answer.status).toBe(200);
			expect(answer.data).toEqual([
				{ dryRun: true, wouldSend: { method: 'DELETE', path: '/public/v1/accounts/account-users/AUSR-0000-0002' } },
			]);
			let state = await counters();
			expect(state.softwareOne.deletesById).toEqual({});
			expect(state.softwareOne.groupChangesByUser).toEqual({});

			const live = loadExample('offboarding.json', { credentials: exampleCredentials() });
			for (const node of live.workflow.nodes) if (node.parameters?.options?.dryRun) node.parameters.options.dryRun = false;
			await stack().client.createActiveWorkflow(live.workflow);
			const done = await stack().client.webhook(live.webhookPaths['Employee Left (HR Webhook)'], leaver);
			expect(done.data).toEqual([
				{ removed: true, id: 'AUSR-0000-0002', email: 'active.user@example.com', statusBefore: 'Active', groupIds: [] },
			]);
			state = await counters();
			expect(state.softwareOne.groupChangesByUser).toEqual({ 'AUSR-0000-0002': 1 });
			expect(state.softwareOne.deletesById).toEqual({ 'AUSR-0000-0002': 1 });
		});

		test('fix-mistyped-invitation.json: revokes the wrong address, invites the right one into the same groups; a joined user is left alone', async () => {
			const { workflow, webhookPaths } = loadExample('fix-mistyped-invitation.json', { credentials: exampleCredentials() });
			await stack().client.createActiveWorkflow(workflow);
			const path = webhookPaths['Correction (Webhook)'];
			const answer = await stack().client.webhook(path, { wrongEmail: 'invited.user@example.com', rightEmail: 'ivy.right@example.com', firstName: 'Ivy', lastName: 'Right' });
			expect(answer.data).toMatchObject({ email: 'ivy.right@example.com', invitationStatus: 'Invited', groupIds: ['UGR-1234-5678'] });
			let state = await counters();
			expect(state.softwareOne.deletesById).toEqual({ 'AUSR-0000-0001': 1 });
			expect(state.softwareOne.createsByEmail).toEqual({ 'ivy.right@example.com': 1 });

			const refused = await stack().client.webhook(path, { wrongEmail: 'active.user@example.com', rightEmail: 'x@example.com', firstName: 'X', lastName: 'Y' });
			expect(refused.status).toBe(500);
			state = await counters();
			expect(state.softwareOne.deletesById).toEqual({ 'AUSR-0000-0001': 1 });
			expect(state.softwareOne.createsByEmail).toEqual({ 'ivy.right@example.com': 1 });
		});

		test('bold-form-invite.json: a submission creates and invites once; a second one sends nothing more', async () => {
			const { workflow } = loadExample('bold-form-invite.json', { credentials: exampleCredentials() });
			// The form's fields arrive as a webhook body here: a Set node in the form's place passes them on as the form would.
			const path = `bold-form-${crypto.randomBytes(4).toString('hex')}`;
			const form = workflow.nodes.find((node: Json) => node.type === 'n8n-nodes-base.formTrigger');
			expect(form.parameters.formFields.values.map((field: Json) => field.fieldLabel)).toEqual(['First Name', 'Last Name', 'Email', 'Language']);
			Object.assign(form, { type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: '={{ $json.body }}', options: {} } });
			delete form.webhookId;
			workflow.nodes.push({
				id: crypto.randomUUID(),
				name: 'Submission',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [-260, 0],
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			});
			workflow.connections.Submission = { main: [[{ node: form.name, type: 'main', index: 0 }]] };
			await stack().client.createActiveWorkflow(workflow);
			const submission = { 'First Name': 'Fiona', 'Last Name': 'Form', Email: 'fiona.form@example.com', Language: 'de' };
			const first = await stack().client.webhook(path, submission);
			expect(first.data).toMatchObject({ created: true, userGroupId: 32 });
			const second = await stack().client.webhook(path, submission);
			expect(second.data).toMatchObject({ userId: first.data.userId, created: false });
			const state = await counters();
			expect(state.bold.emailsByUser).toEqual({ [first.data.userId]: 1 });
			expect(state.bold.users.find((user: Json) => user.id === first.data.userId)).toMatchObject({ language: 'de', firstName: 'Fiona' });
		});
	});

	describe('as MCP tools', () => {
		const ALLOWED_GROUPS = 'UGR-1234-5678, UGR-2222-3333, UGR-4444-5555, 32';
		const workflows: SavedWorkflow[] = [];
		let client: Client;

		const fromAI = (key: string, description: string, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;
		const tool = (name: string, credential: Json, parameters: Record<string, Json>, index: number) => ({
			id: crypto.randomUUID(),
			name,
			type: TOOL_TYPE,
			typeVersion: 1,
			position: [index * 220, 260],
			// The groups this suite's agent may choose (Agent Limits: by default it may choose none).
			parameters: { authentication: 'bearerToken', agentLimits: { allowedGroupIds: ALLOWED_GROUPS }, ...parameters },
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		});

		beforeAll(async () => {
			await stack().double.reset();
			const path = `lifecycle-${crypto.randomBytes(4).toString('hex')}`;
			const userId = { __rl: true, mode: 'email', value: fromAI('email', 'E-mail address of the account user, for example jane.doe@example.com') };
			const groupId = fromAI('groupId', 'User group ID, for example UGR-1234-5678');
			const nodes = [
				tool('Remove User', s1(), { resource: 'accountUser', operation: 'remove', userId }, 0),
				tool('Add to Group', s1(), { resource: 'accountUser', operation: 'addToGroup', userId, groupId }, 1),
				tool('Remove From Group', s1(), { resource: 'accountUser', operation: 'removeFromGroup', userId, groupId }, 2),
				tool('Set Groups', s1(), { resource: 'accountUser', operation: 'setGroups', userId, groupIds: fromAI('groupIds', 'Comma-separated user group IDs like UGR-1234-5678') }, 3),
				tool('Create Lock User', bold(), {
					resource: 'lockUser',
					operation: 'createWithInvitation',
					organizationId: 2,
					firstName: fromAI('firstName', 'First name'),
					lastName: fromAI('lastName', 'Last name'),
					emailAddress: fromAI('emailAddress', 'E-mail address, for example jane.doe@example.com'),
				}, 4),
				tool('Add to User Group', bold(), { resource: 'lockUser', operation: 'addToUserGroup', boldUserId: fromAI('lockUserId', 'Numeric Bold user ID, like 5'), boldUserGroupId: fromAI('lockUserGroupId', 'Numeric Bold user group ID, like 32') }, 5),
				tool('Remove From User Group', bold(), { resource: 'lockUser', operation: 'removeFromUserGroup', boldUserId: fromAI('lockUserId', 'Numeric Bold user ID, like 5'), boldUserGroupId: fromAI('lockUserGroupId', 'Numeric Bold user group ID, like 32') }, 6),
			];
			const trigger = {
				id: crypto.randomUUID(),
				name: 'MCP Server Trigger',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2,
				position: [400, 0],
				webhookId: crypto.randomUUID(),
				parameters: { authentication: 'none', path },
			};
			const connections = Object.fromEntries(nodes.map((node) => [node.name, { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] }]));
			workflows.push(
				await stack().client.createActiveWorkflow({ name: `e2e lifecycle tools ${path}`, nodes: [trigger, ...nodes], connections, settings: { executionOrder: 'v1' } }),
			);
			const url = new URL(`${stack().n8n.baseUrl}/mcp/${path}`);
			const deadline = Date.now() + 10_000;
			for (;;) {
				client = new Client({ name: 'lifecycle-e2e', version: '1.0.0' });
				try {
					await client.connect(new StreamableHTTPClientTransport(url));
					break;
				} catch (error) {
					if (!/not registered/i.test(String((error as Error).message)) || Date.now() > deadline) throw error;
					await sleep(200);
				}
			}
		});

		afterAll(async () => {
			await client?.close().catch(() => undefined);
			for (const workflow of workflows) await stack().client.deactivateWorkflow(workflow).catch(() => undefined);
		});

		const call = async (name: string, args: Record<string, Json>) => {
			const result = await client.callTool({ name, arguments: args });
			const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('\n');
			return { isError: result.isError === true, text };
		};

		test('lists each new operation as a tool that says what it changes and whether it can be undone', async () => {
			const { tools } = await client.listTools();
			const byName = Object.fromEntries(tools.map((entry) => [entry.name, entry.description ?? '']));
			expect(Object.keys(byName).sort()).toEqual([
				'Add_to_Group',
				'Add_to_User_Group',
				'Create_Lock_User',
				'Remove_From_Group',
				'Remove_From_User_Group',
				'Remove_User',
				'Set_Groups',
			]);
			expect(byName.Remove_User).toMatch(/cannot be undone/);
			expect(byName.Create_Lock_User).toMatch(/cannot be undone/);
			for (const name of ['Add_to_Group', 'Remove_From_Group', 'Set_Groups', 'Add_to_User_Group', 'Remove_From_User_Group']) {
				expect(byName[name]).toMatch(/can be undone/);
			}
		});

		test('the agent adds a group twice, sets groups, then removes a pending user by e-mail', async () => {
			// A group outside the builder's Agent Limits is refused before any request.
			const outside = await call('Add_to_Group', { email: 'invited.user@example.com', groupId: 'UGR-9999-9999' });
			expect(outside).toMatchObject({ isError: true });
			expect(outside.text).toMatch(/Refused by the tool's limits.*UGR-9999-9999/);
			const first = await call('Add_to_Group', { email: 'invited.user@example.com', groupId: 'UGR-2222-3333' });
			expect(first.isError).toBe(false);
			const second = await call('Add_to_Group', { email: 'invited.user@example.com', groupId: 'UGR-2222-3333' });
			expect(second.text).toContain('Already a member');
			expect((await call('Set_Groups', { email: 'invited.user@example.com', groupIds: 'UGR-4444-5555' })).text).toContain('UGR-4444-5555');
			expect((await call('Remove_From_Group', { email: 'invited.user@example.com', groupId: 'UGR-1234-5678' })).text).toContain('Not a member');
			const removed = await call('Remove_User', { email: 'invited.user@example.com' });
			expect(removed.text).toContain('"removed":true');
			const refused = await call('Remove_User', { email: 'active.user@example.com' });
			expect(refused.text).toMatch(/already joined/);
			expect((await counters()).softwareOne.deletesById).toEqual({ 'AUSR-0000-0001': 1 });
		});

		test('the agent creates a lock user and manages their group', async () => {
			const created = await call('Create_Lock_User', { firstName: 'Jo', lastName: 'Lock', emailAddress: 'jo.lock@example.com' });
			expect(created.isError).toBe(false);
			const userId = String(JSON.parse(created.text)[0].userId);
			expect((await call('Add_to_User_Group', { lockUserId: userId, lockUserGroupId: '32' })).text).toContain('"member":true');
			expect((await call('Remove_From_User_Group', { lockUserId: userId, lockUserGroupId: '32' })).text).toContain('"member":false');
			const again = await call('Create_Lock_User', { firstName: 'Jo', lastName: 'Lock', emailAddress: 'jo.lock@example.com' });
			expect(again.text).toMatch(/already exists/);
			expect((await counters()).bold.emailsByUser).toEqual({ [userId]: 1 });
		});
	});
});
