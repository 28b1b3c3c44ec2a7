// Every operation, with each credential type, through real n8n against the API double.
import { type CredentialRef, NODE_TYPE, type Stack, describeE2e } from '../../tools/n8n';
import { GROUP, byResourceLocator, delta, expectNoSecrets, pairedIndexes, runNode } from './helpers';

describeE2e('operations in real n8n', (stack: () => Stack) => {
	const s1Credentials: Array<[string, () => CredentialRef]> = [
		['bearer token', () => stack().credentials.softwareOneBearer],
		['API key', () => stack().credentials.softwareOneApiKey],
	];
	const boldCredentials: Array<[string, () => CredentialRef]> = [
		['bearer token', () => stack().credentials.boldBearer],
		['API key', () => stack().credentials.boldApiKey],
	];

	beforeEach(async () => {
		await stack().double.reset();
	});

	describe.each(s1Credentials)('SoftwareOne with a %s credential', (label, credential) => {
		const tag = label.replace(/\W+/g, '-').toLowerCase();

		test('Create User creates each user once and sends one invitation e-mail each', async () => {
			const emails = [`ann.${tag}@example.com`, `bob.${tag}@example.com`];
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: {
					resource: 'accountUser',
					operation: 'create',
					user: {
						mappingMode: 'defineBelow',
						value: {
							email: '={{ $json.email }}',
							firstName: '={{ $json.firstName }}',
							lastName: '={{ $json.lastName }}',
							phonePrefix: '={{ $json.prefix }}',
							phoneNumber: '={{ $json.phone }}',
							languageCode: 'nl',
						},
					},
					groupIds: GROUP,
				},
				items: [
					{ email: emails[0], firstName: 'Ann', lastName: 'Able', prefix: '+31', phone: '612345678' },
					{ email: emails[1], firstName: 'Bob', lastName: 'Baker', prefix: '', phone: '' },
				],
			});

			expect(run.answer.status).toBe(200);
			expect(run.output.map((item) => item.json.email)).toEqual(emails);
			expect(pairedIndexes(run.output)).toEqual([0, 1]);
			for (const item of run.output) {
				expect(item.json).toMatchObject({ invitationStatus: 'Invited', groupIds: [GROUP], accountId: 'ACC-1234-5678' });
				expect(item.json.id).toMatch(/^AUSR-/);
			}
			const state = await stack().double.state();
			expect(state.softwareOne.createsByEmail).toEqual({ [emails[0]]: 1, [emails[1]]: 1 });
			expect(state.softwareOne.duplicateCreates).toBe(0);
			const ids = run.output.map((item) => String(item.json.id));
			expect(state.softwareOne.invitationEmailsByUser).toMatchObject({ [ids[0]]: 1, [ids[1]]: 1 });
			const ann = state.softwareOne.users.find((user) => user.email === emails[0]);
			expect(ann).toMatchObject({ phone: { prefix: '+31', number: '612345678' }, settings: { languageCode: 'nl' } });
			const bob = state.softwareOne.users.find((user) => user.email === emails[1]);
			expect(bob?.phone).toBeUndefined();
			expectNoSecrets(run.execution.rawData);
		});

		test('Get User reads one user, simplified and raw', async () => {
			const [seeded] = (await stack().double.seed({
				softwareOneUsers: [{ email: `get.${tag}@example.com`, firstName: 'Gail', lastName: 'Getter', status: 'Invited' }],
			})).softwareOneUsers;
			const simple = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'get', userId: byResourceLocator('={{ $json.id }}') },
				items: [{ id: seeded.id }],
			});
			expect(simple.output).toHaveLength(1);
			expect(simple.output[0].json).toMatchObject({
				id: seeded.id,
				email: `get.${tag}@example.com`,
				name: 'Gail Getter',
				invitationStatus: 'Invited',
			});

			const raw = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'get', userId: byResourceLocator(seeded.id), simplify: false },
				items: [{}],
			});
			expect(raw.output[0].json).toMatchObject({ id: seeded.id, user: { email: `get.${tag}@example.com` }, invitation: { status: 'Invited' } });
		});

		test('the User field’s "From list" search answers through n8n, filtered and paged', async () => {
			await stack().double.seed({
				softwareOneUsers: Array.from({ length: 60 }, (_, i) => ({ email: `listed${i}.${tag}@example.com`, firstName: 'Listed', lastName: `No${i}` })),
			});
			const { id, name, type } = credential();
			const search = async (filter?: string, paginationToken?: string) =>
				(
					await stack().client.rest('post', '/dynamic-node-parameters/resource-locator-results', {
						path: 'userId',
						nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
						methodName: 'searchAccountUsers',
						currentNodeParameters: {
							authentication: type === 'userInvitationApiKeyApi' ? 'apiKey' : 'bearerToken',
							resource: 'accountUser',
							operation: 'resendInvite',
							endpointFamily: 'accountUsers',
							userId: { __rl: true, mode: 'list', value: '' },
						},
						credentials: { [type]: { id, name } },
						filter,
						paginationToken,
					})
				).data.data as { results: Array<{ name: string; value: string }>; paginationToken?: string };

			const found = await search('expired.user');
			expect(found.results).toEqual([
				{ name: 'Eve Expired <expired.user@example.com> — InvitationExpired', value: 'AUSR-0000-0003' },
			]);
			const first = await search();
			expect(first.results).toHaveLength(50);
			expect(first.paginationToken).toBe('50');
			const second = await search(undefined, first.paginationToken);
			expect(second.results).toHaveLength(13); // 60 seeded + 3 default users
			expect(second.paginationToken).toBeUndefined();
			expectNoSecrets(JSON.stringify([found, first, second]));
		});

		test('Get User takes a user picked from the list (resource locator in list mode)', async () => {
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: {
					resource: 'accountUser',
					operation: 'get',
					userId: { __rl: true, mode: 'list', value: 'AUSR-0000-0003', cachedResultName: 'Eve Expired' },
				},
				items: [{}],
			});
			expect(run.output[0].json).toMatchObject({ id: 'AUSR-0000-0003', email: 'expired.user@example.com' });
		});

		test('Get Many Users filters by status and by e-mail, and respects Limit', async () => {
			await stack().double.seed({
				softwareOneUsers: [
					{ email: `p1.${tag}@example.com`, status: 'Invited' },
					{ email: `p2.${tag}@example.com`, status: 'Invited' },
					{ email: `x1.${tag}@example.com`, status: 'InvitationExpired' },
				],
			});
			const state = await stack().double.state();
			const invited = state.softwareOne.users.filter((user) => user.status === 'Invited').map((user) => user.email);

			const byStatus = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'getAll', limit: 50, filters: { invitationStatus: 'Invited' } },
				items: [{}],
			});
			expect(byStatus.output.map((item) => item.json.email).sort()).toEqual([...invited].sort());
			expect(byStatus.output.every((item) => item.json.invitationStatus === 'Invited')).toBe(true);

			const byEmail = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'getAll', limit: 50, filters: { email: '={{ $json.email }}' } },
				items: [{ email: `x1.${tag}@example.com` }, { email: `p2.${tag}@example.com` }],
			});
			expect(byEmail.output.map((item) => item.json.email)).toEqual([`x1.${tag}@example.com`, `p2.${tag}@example.com`]);
			expect(pairedIndexes(byEmail.output)).toEqual([0, 1]);

			const limited = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'getAll', limit: 2 },
				items: [{}],
			});
			expect(limited.output).toHaveLength(2);
		});

		test('Get Many Users with Return All pages through more than 100 users', async () => {
			const users = Array.from({ length: 240 }, (_, i) => ({
				email: `page${String(i).padStart(3, '0')}.${tag}@example.com`,
				status: i % 2 === 0 ? 'InvitationExpired' : 'Invited',
			}));
			await stack().double.seed({ softwareOneUsers: users });
			const expired = (await stack().double.state()).softwareOne.users.filter((user) => user.status === 'InvitationExpired');
			expect(expired.length).toBeGreaterThan(100);

			const run = await runNode(stack(), {
				credential: credential(),
				parameters: {
					resource: 'accountUser',
					operation: 'getAll',
					returnAll: true,
					filters: { invitationStatus: 'InvitationExpired' },
				},
				items: [{}],
			});
			expect(run.output).toHaveLength(expired.length);
			expect(new Set(run.output.map((item) => item.json.id)).size).toBe(expired.length);
			expect(run.output.every((item) => item.json.invitationStatus === 'InvitationExpired')).toBe(true);
			expect(new Set(pairedIndexes(run.output))).toEqual(new Set([0]));

			const pages = (await stack().double.requests()).filter(
				(request) => request.method === 'GET' && request.path === '/public/v1/accounts/account-users',
			);
			expect(pages.map((request) => /offset=(\d+)/.exec(request.query ?? '')?.[1])).toEqual(['0', '100']);
			for (const page of pages) expect(page.query).toContain('limit=100');

			// A Limit above one page asks for exactly what is missing on the second page.
			await stack().double.reset();
			await stack().double.seed({ softwareOneUsers: users });
			const limited = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'getAll', limit: 150 },
				items: [{}],
			});
			expect(limited.output).toHaveLength(150);
			const limitedPages = (await stack().double.requests()).filter((request) => request.method === 'GET');
			expect(limitedPages.map((request) => request.query)).toEqual(['limit=100&offset=0', 'limit=50&offset=100']);
		});

		test('Resend Invite (auto) sends a new invitation when expired, re-sends when pending, and nothing when active', async () => {
			const { softwareOneUsers: seeded } = await stack().double.seed({
				softwareOneUsers: [
					{ email: `exp.${tag}@example.com`, status: 'InvitationExpired' },
					{ email: `pend.${tag}@example.com`, status: 'Invited' },
					{ email: `act.${tag}@example.com`, status: 'Active' },
				],
			});
			const [expired, pending, active] = seeded;
			const before = (await stack().double.state()).softwareOne.invitationEmailsByUser;
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: {
					resource: 'accountUser',
					operation: 'resendInvite',
					userId: byResourceLocator('={{ $json.id }}'),
					invitationKind: 'auto',
				},
				items: seeded.map((user) => ({ id: user.id })),
				continueOnFail: true,
			});

			expect(run.output).toHaveLength(3);
			expect(pairedIndexes(run.output)).toEqual([0, 1, 2]);
			expect(run.output[0].json).toMatchObject({ id: expired.id, invitationStatus: 'Invited' });
			expect(run.output[1].json).toMatchObject({ id: pending.id, invitationStatus: 'Invited' });
			expect(String(run.output[2].json.error)).toBe(`User ${active.id} has invitation status "Active"; no invitation was sent [item 2]`);

			const after = await stack().double.state();
			expect(delta(before, after.softwareOne.invitationEmailsByUser)).toEqual({ [expired.id]: 1, [pending.id]: 1 });
			const posts = after.requests.filter((request) => request.method === 'POST').map((request) => request.path);
			expect(posts.sort()).toEqual(
				[
					`/public/v1/accounts/account-users/${expired.id}/send-new-invite`,
					`/public/v1/accounts/account-users/${pending.id}/resend-invite`,
				].sort(),
			);
		});

		test('Resend Invite (auto) over 20 items reads all 20 users in one list request: 21 requests, not 40', async () => {
			const { softwareOneUsers: seeded } = await stack().double.seed({
				softwareOneUsers: Array.from({ length: 20 }, (_, i) => ({ email: `batch${i}.${tag}@example.com`, status: i % 2 ? 'Invited' : 'InvitationExpired' })),
			});
			const ids = seeded.map((user) => user.id);
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'resendInvite', userId: byResourceLocator('={{ $json.id }}'), invitationKind: 'auto' },
				items: ids.map((id) => ({ id })),
			});

			expect(run.output.map((item) => item.json.id)).toEqual(ids);
			expect(pairedIndexes(run.output)).toEqual(ids.map((_, i) => i));
			const requests = await stack().double.requests();
			expect(requests).toHaveLength(21);
			expect(requests[0]).toMatchObject({ method: 'GET', path: '/public/v1/accounts/account-users', status: 200 });
			expect(decodeURIComponent(String(requests[0].query))).toBe(`in(id,(${ids.join(',')}))&select=+audit&limit=100&offset=0`);
			expect(requests.slice(1).map((request) => `${request.method} ${request.path.split('/').pop()}`).sort()).toEqual(
				ids.map((_, i) => `POST ${i % 2 ? 'resend-invite' : 'send-new-invite'}`).sort(),
			);
			const emails = (await stack().double.state()).softwareOne.invitationEmailsByUser;
			expect(ids.map((id) => emails[id])).toEqual(ids.map(() => 1));
		});

		test.each([
			['expired', 'InvitationExpired', 'send-new-invite', false],
			['pending', 'Invited', 'resend-invite', true],
		])('Resend Invite (%s) calls %s once', async (kind, status, endpoint, readsFirst) => {
			const [user] = (await stack().double.seed({ softwareOneUsers: [{ email: `${kind}.${tag}@example.com`, status }] }))
				.softwareOneUsers;
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: { resource: 'accountUser', operation: 'resendInvite', userId: byResourceLocator(user.id), invitationKind: kind },
				items: [{}],
			});
			expect(run.output).toHaveLength(1);
			expect(run.output[0].json).toMatchObject({ id: user.id, invitationStatus: 'Invited' });
			const state = await stack().double.state();
			expect(state.softwareOne.invitationEmailsByUser[user.id]).toBe(1);
			// Expired: one request, the send. Pending: the user's audit first, the only trace of a re-send
			// should its answer be lost.
			expect(state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				...(readsFirst ? [`GET /public/v1/accounts/account-users/${user.id}`] : []),
				`POST /public/v1/accounts/account-users/${user.id}/${endpoint}`,
			]);
		});
	});

	describe.each(boldCredentials)('Bold with a %s credential', (_label, credential) => {
		test('Update Invitation changes language and e-mail, and sends exactly one e-mail', async () => {
			const run = await runNode(stack(), {
				credential: credential(),
				parameters: {
					resource: 'lockUser',
					operation: 'updateInvitation',
					invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.userId }}', language: 'de', emailAddress: '={{ $json.email }}' } },
					sendEmail: true,
				},
				items: [{ userId: 5, email: 'guest.new@example.com' }],
			});
			expect(run.output).toHaveLength(1);
			expect(run.output[0].json).toEqual({ id: 5, language: 'de', emailAddress: 'guest.new@example.com', sendEmail: true });
			expect(pairedIndexes(run.output)).toEqual([0]);
			const state = await stack().double.state();
			expect(state.bold.emailsByUser).toEqual({ 5: 1 });
			expect(state.bold.smsByUser).toEqual({});
			expect(state.bold.updatesByUser).toEqual({ 5: 1 });
			expect(state.bold.users.find((user) => user.id === 5)).toMatchObject({ language: 'de', emailAddress: 'guest.new@example.com' });
			expectNoSecrets(run.execution.rawData);
		});
	});
});
