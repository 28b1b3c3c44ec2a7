import { call, control, createBody, LEGACY, s1, S1_KEY, S1_TOKEN, start, useDouble } from './helpers';

const double = useDouble();
let base: string;
beforeAll(() => {
	base = double.url;
});

describe('SoftwareOne auth', () => {
	test('missing and invalid secrets get 401 problem details', async () => {
		const missing = await call(base, 'GET', `${LEGACY}?limit=1`);
		expect(missing.status).toBe(401);
		expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
		expect(missing.json).toMatchObject({ status: 401, title: 'Unauthorized' });
		expect(typeof missing.json.traceId).toBe('string');
		const invalid = await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { authorization: 'Bearer nope' } });
		expect(invalid.status).toBe(401);
	});

	test.each([
		['authorization', `Bearer ${S1_TOKEN}`],
		['authorization', S1_TOKEN],
		['authorization', `Bearer ${S1_KEY}`],
		['authorization', `ApiKey ${S1_KEY}`],
		['authorization', S1_KEY],
		['x-api-key', S1_KEY],
		['x-api-key', `Bearer ${S1_TOKEN}`],
	])('%s: %s is accepted', async (header, value) => {
		const a = await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { [header]: value } });
		expect(a.status).toBe(200);
		expect(a.json.$meta.pagination).toEqual({ offset: 0, limit: 1, total: 3 });
		expect(a.json.data).toHaveLength(1);
	});

	test('a header not in authHeaders is ignored until configured', async () => {
		const before = await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { 'x-custom-auth': S1_KEY } });
		expect(before.status).toBe(401);
		await control(base, 'POST', '/config', { authHeaders: ['X-Custom-Auth'] });
		const after = await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { 'x-custom-auth': S1_KEY } });
		expect(after.status).toBe(200);
	});

	test('a forbidden token gets 403', async () => {
		const a = await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { authorization: 'Bearer s1-forbidden-token' } });
		expect(a.status).toBe(403);
		expect(a.json.status).toBe(403);
	});
});

describe('SoftwareOne create', () => {
	test('a valid body creates an Invited account user and sends one e-mail', async () => {
		const a = await s1(base, 'POST', LEGACY, {
			body: createBody('new.person@example.com', {
				account: { id: 'ACC-1111-2222' },
				invitation: { status: 'Invited' },
			}),
		});
		expect(a.status).toBe(201);
		expect(a.json.id).toMatch(/^AUSR-\d{4}-\d{4}$/);
		expect(a.headers.get('location')).toBe(`${LEGACY}/${a.json.id}`);
		expect(a.json.user).toMatchObject({ email: 'new.person@example.com', name: 'Test User' });
		expect(a.json.user.id).toMatch(/^USR-\d{4}-\d{4}$/);
		expect(a.json.account.id).toBe('ACC-1111-2222');
		expect(a.json.groups[0].id).toBe('UGR-1234-5678');
		expect(a.json.invitation.status).toBe('Invited');
		expect(typeof a.json.invitation.url).toBe('string');
		expect(a.json.audit).toBeUndefined();
		expect(JSON.stringify(a.json)).not.toContain('null');
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.createsByEmail['new.person@example.com']).toBe(1);
		expect(st.softwareOne.postsByEmail['new.person@example.com']).toBe(1);
		expect(st.softwareOne.invitationEmailsByUser[a.json.id]).toBe(1);
	});

	test('without account.id the default account is used; Active sends no e-mail', async () => {
		const a = await s1(base, 'POST', LEGACY, { body: createBody('active@example.com', { invitation: { status: 'Active' } }) });
		expect(a.status).toBe(201);
		expect(a.json.account.id).toBe('ACC-1234-5678');
		expect(a.json.invitation).toEqual({ status: 'Active' });
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.invitationEmailsByUser[a.json.id]).toBeUndefined();
	});

	test('an invalid body gets a 400 validation problem keyed by field', async () => {
		const a = await s1(base, 'POST', LEGACY, {
			body: {
				user: {
					email: '',
					lastName: 'X',
					extra: 1,
					phone: { prefix: '12345678901', number: '1234567890123456', area: '1' },
					settings: { cultureCode: 'en-GB-x', languageCode: 'en', theme: 'dark' },
				},
				account: { id: 'ACC-1', name: 'x' },
				groups: [{ id: 'UGR-12-34' }, { name: 'no id' }],
				invitation: { status: 'Pending', when: 'now' },
				unknown: true,
			},
		});
		expect(a.status).toBe(400);
		expect(a.headers.get('content-type')).toMatch(/^application\/json/);
		expect(a.json).toMatchObject({ status: 400, title: 'One or more validation errors occurred.' });
		expect(typeof a.json.type).toBe('string');
		expect(typeof a.json.traceId).toBe('string');
		expect(Object.keys(a.json.errors).sort()).toEqual(
			[
				'account.id',
				'account.name',
				'groups[0].id',
				'groups[1].id',
				'groups[1].name',
				'invitation.status',
				'invitation.when',
				'unknown',
				'user.email',
				'user.extra',
				'user.firstName',
				'user.phone.area',
				'user.phone.number',
				'user.phone.prefix',
				'user.settings.cultureCode',
				'user.settings.theme',
			].sort(),
		);
		expect(a.json.errors['user.email'][0]).toMatch(/required/);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.users).toHaveLength(3);
	});

	test.each([
		['groups missing', { user: { email: 'a@b.c', firstName: 'A', lastName: 'B' } }, 'groups'],
		['groups empty', { user: { email: 'a@b.c', firstName: 'A', lastName: 'B' }, groups: [] }, 'groups'],
		['user missing', { groups: [{ id: 'UGR-1234-5678' }] }, 'user'],
		['email not a string', createBody('x', { user: { email: 5, firstName: 'A', lastName: 'B' } }), 'user.email'],
		['whitespace lastName', createBody('x', { user: { email: 'a@b.c', firstName: 'A', lastName: '  ' } }), 'user.lastName'],
		['account null', createBody('a@b.c', { account: null }), 'account'],
	])('%s -> 400', async (_name, body, key) => {
		const a = await s1(base, 'POST', LEGACY, { body });
		expect(a.status).toBe(400);
		expect(a.json.errors[key as string]).toBeDefined();
	});

	test('nullable phone and settings fields accept null; bad JSON and empty bodies are 400', async () => {
		const ok = await s1(base, 'POST', LEGACY, {
			body: createBody('nullable@example.com', {
				user: {
					email: 'nullable@example.com',
					firstName: 'N',
					lastName: 'L',
					phone: { prefix: null, number: '123' },
					settings: { cultureCode: null, languageCode: 'en' },
				},
			}),
		});
		expect(ok.status).toBe(201);
		expect(ok.json.user.phone).toEqual({ number: '123' });
		const bad = await s1(base, 'POST', LEGACY, { rawBody: '{"user":', headers: { 'content-type': 'application/json' } });
		expect(bad.status).toBe(400);
		const empty = await s1(base, 'POST', LEGACY, { rawBody: '', headers: { 'content-type': 'application/json' } });
		expect(empty.status).toBe(400);
		const xml = await s1(base, 'POST', LEGACY, { rawBody: '<user/>', headers: { 'content-type': 'application/xml' } });
		expect(xml.status).toBe(415);
	});

	test('a duplicate membership (same e-mail, any case, same account) is a 409 problem', async () => {
		const first = await s1(base, 'POST', LEGACY, { body: createBody('dup@example.com') });
		expect(first.status).toBe(201);
		const again = await s1(base, 'POST', LEGACY, { body: createBody('DUP@example.com') });
		expect(again.status).toBe(409);
		expect(again.json).toMatchObject({ status: 409, title: 'Conflict' });
		const otherAccount = await s1(base, 'POST', LEGACY, { body: createBody('dup@example.com', { account: { id: 'ACC-9999-0000' } }) });
		expect(otherAccount.status).toBe(201);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.duplicateCreates).toBe(1);
		expect(st.softwareOne.createsByEmail['dup@example.com']).toBe(2);
		expect(st.softwareOne.postsByEmail['dup@example.com']).toBe(3);
		await control(base, 'POST', '/config', { duplicateStatus: 400 });
		const as400 = await s1(base, 'POST', LEGACY, { body: createBody('dup@example.com') });
		expect(as400.status).toBe(400);
	});

	test('account-scoped create takes the account from the path; a different body account is 400', async () => {
		for (const prefix of ['/public/v1/accounts/ACC-2222-3333/users', '/public/v1/accounts/accounts/ACC-2222-3333/users']) {
			const email = `${prefix.length}@scoped.example.com`;
			const a = await s1(base, 'POST', prefix, { body: createBody(email) });
			expect(a.status).toBe(201);
			expect(a.json.account.id).toBe('ACC-2222-3333');
			expect(a.headers.get('location')).toBe(`${prefix}/${a.json.id}`);
		}
		const mismatch = await s1(base, 'POST', '/public/v1/accounts/ACC-2222-3333/users', {
			body: createBody('m@example.com', { account: { id: 'ACC-1234-5678' } }),
		});
		expect(mismatch.status).toBe(400);
		expect(mismatch.json.errors['account.id']).toBeDefined();
		const badAccount = await s1(base, 'GET', '/public/v1/accounts/not-an-account/users');
		expect(badAccount.status).toBe(404);
	});
});

describe('SoftwareOne read', () => {
	test('all three path families see one store; scoped reads check the account', async () => {
		const created = await s1(base, 'POST', LEGACY, { body: createBody('shared@example.com') });
		const id = created.json.id;
		for (const p of [
			`${LEGACY}/${id}`,
			`/public/v1/accounts/ACC-1234-5678/users/${id}`,
			`/public/v1/accounts/accounts/ACC-1234-5678/users/${id}`,
		]) {
			const a = await s1(base, 'GET', p);
			expect(a.status).toBe(200);
			expect(a.json.id).toBe(id);
		}
		const wrong = await s1(base, 'GET', `/public/v1/accounts/ACC-0000-0001/users/${id}`);
		expect(wrong.status).toBe(404);
		expect(wrong.json.status).toBe(404);
		const missing = await s1(base, 'GET', `${LEGACY}/AUSR-9999-9999`);
		expect(missing.status).toBe(404);
	});

	test('select=+audit adds the audit block', async () => {
		const plain = await s1(base, 'GET', `${LEGACY}/AUSR-0000-0002`);
		expect(plain.json.audit).toBeUndefined();
		expect(plain.json.$meta).toEqual({ omitted: ['audit'] });
		const withAudit = await s1(base, 'GET', `${LEGACY}/AUSR-0000-0002?select=+audit`);
		expect(withAudit.json.audit.created.at).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(withAudit.json.audit.invitationAcceptedAt).toBeDefined();
		const encoded = await s1(base, 'GET', `${LEGACY}/AUSR-0000-0002?select=%2Baudit`);
		expect(encoded.json.audit).toBeDefined();
	});

	test('list: order sorts by the named properties (- descending) before paging; another property is a 400', async () => {
		const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((u) => u.id);
		const byId = await s1(base, 'GET', `${LEGACY}?order=id&limit=2&offset=1`);
		expect(ids(byId)).toEqual(['AUSR-0000-0002', 'AUSR-0000-0003']);
		const descending = await s1(base, 'GET', `${LEGACY}?order=-id&limit=100&offset=0`);
		expect(ids(descending)).toEqual(['AUSR-0000-0003', 'AUSR-0000-0002', 'AUSR-0000-0001']);
		const byEmail = await s1(base, 'GET', `${LEGACY}?order=user.email,-id&limit=100`);
		expect(ids(byEmail)).toEqual(['AUSR-0000-0002', 'AUSR-0000-0003', 'AUSR-0000-0001']);
		const unknown = await s1(base, 'GET', `${LEGACY}?order=audit.created.at`);
		expect(unknown.status).toBe(400);
	});

	test('list: RQL filters, quoted values, and(), paging', async () => {
		for (let i = 0; i < 5; i++) await s1(base, 'POST', LEGACY, { body: createBody(`page${i}@example.com`) });
		const expired = await s1(base, 'GET', `${LEGACY}?eq(invitation.status,InvitationExpired)&limit=100&offset=0`);
		expect(expired.status).toBe(200);
		expect(expired.json.data.map((u: { user: { email: string } }) => u.user.email)).toEqual(['expired.user@example.com']);
		expect(expired.json.$meta.pagination).toEqual({ offset: 0, limit: 100, total: 1 });

		const both = await s1(base, 'GET', `${LEGACY}?and(eq(invitation.status,Invited),eq(user.email,"page3@example.com"))&limit=100&offset=0`);
		expect(both.json.data).toHaveLength(1);
		expect(both.json.data[0].user.email).toBe('page3@example.com');
		const encoded = await s1(base, 'GET', `${LEGACY}?${encodeURIComponent('eq(user.email,"PAGE3@example.com")')}&limit=10`);
		expect(encoded.json.data).toHaveLength(1);
		const shorthand = await s1(base, 'GET', `${LEGACY}?invitation.status=InvitationExpired&limit=10`);
		expect(shorthand.json.$meta.pagination.total).toBe(1);
		const byId = await s1(base, 'GET', `${LEGACY}?eq(id,AUSR-0000-0001)&limit=10`);
		expect(byId.json.data.map((u: { id: string }) => u.id)).toEqual(['AUSR-0000-0001']);

		const invited = await s1(base, 'GET', `${LEGACY}?eq(invitation.status,Invited)&limit=2&offset=2`);
		expect(invited.json.$meta.pagination).toEqual({ offset: 2, limit: 2, total: 6 });
		expect(invited.json.data.map((u: { user: { email: string } }) => u.user.email)).toEqual(['page1@example.com', 'page2@example.com']);

		const scoped = await s1(base, 'GET', '/public/v1/accounts/ACC-9999-9999/users?limit=10');
		expect(scoped.json.$meta.pagination.total).toBe(0);
	});

	test('list: limit over 100, bad numbers, bad RQL and unknown fields are 400', async () => {
		for (const q of ['limit=101', 'limit=-1', 'offset=x', 'eq(invitation.status', 'eq(nope,1)', 'frob(id,1)']) {
			const a = await s1(base, 'GET', `${LEGACY}?${q}`);
			expect([q, a.status]).toEqual([q, 400]);
			expect(a.json.status).toBe(400);
		}
		const max = await s1(base, 'GET', `${LEGACY}?limit=100`);
		expect(max.status).toBe(200);
	});

	test('unknown routes and methods', async () => {
		expect((await s1(base, 'GET', '/public/v1/nothing')).status).toBe(404);
		expect((await s1(base, 'GET', `${LEGACY}/AUSR-0000-0001/frobnicate`)).status).toBe(404);
		expect((await call(base, 'GET', '/elsewhere')).json.status).toBe(404);
		const wrongMethod = await s1(base, 'GET', `${LEGACY}/AUSR-0000-0001/resend-invite`);
		expect(wrongMethod.status).toBe(405);
	});
});

describe('SoftwareOne invitations', () => {
	test('send-new-invite only from InvitationExpired: back to Invited, new link, one e-mail', async () => {
		const refused = await s1(base, 'POST', `${LEGACY}/AUSR-0000-0001/send-new-invite`);
		expect(refused.status).toBe(400);
		expect(refused.json.status).toBe(400);
		const active = await s1(base, 'POST', `${LEGACY}/AUSR-0000-0002/send-new-invite`);
		expect(active.status).toBe(400);

		const before = await s1(base, 'GET', `${LEGACY}/AUSR-0000-0003`);
		expect(before.json.invitation).toEqual({ status: 'InvitationExpired' });
		const sent = await s1(base, 'POST', `${LEGACY}/AUSR-0000-0003/send-new-invite`);
		expect(sent.status).toBe(200);
		expect(sent.json.invitation.status).toBe('Invited');
		expect(sent.json.invitation.url).toBeDefined();
		const again = await s1(base, 'POST', `${LEGACY}/AUSR-0000-0003/send-new-invite`);
		expect(again.status).toBe(400);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.invitationEmailsByUser['AUSR-0000-0003']).toBe(1);
		expect(st.softwareOne.invitationEmailsByUser['AUSR-0000-0001']).toBeUndefined();
	});

	test('resend-invite only from Invited: same state, new expiry, one e-mail each time', async () => {
		const created = await s1(base, 'POST', LEGACY, { body: createBody('resend@example.com') });
		const id = created.json.id;
		const st0 = await control(base, 'GET', '/state');
		const rec0 = st0.softwareOne.users.find((u: { id: string }) => u.id === id);
		await new Promise((r) => setTimeout(r, 5));
		const r1 = await s1(base, 'POST', `/public/v1/accounts/ACC-1234-5678/users/${id}/resend-invite`);
		expect(r1.status).toBe(200);
		expect(r1.json.invitation.status).toBe('Invited');
		const r2 = await s1(base, 'POST', `${LEGACY}/${id}/resend-invite`);
		expect(r2.status).toBe(200);
		const st = await control(base, 'GET', '/state');
		const rec = st.softwareOne.users.find((u: { id: string }) => u.id === id);
		expect(rec.status).toBe('Invited');
		expect(Date.parse(rec.invitationExpiresAt)).toBeGreaterThan(Date.parse(rec0.invitationExpiresAt));
		expect(st.softwareOne.invitationEmailsByUser[id]).toBe(3); // create + 2 resends

		expect((await s1(base, 'POST', `${LEGACY}/AUSR-0000-0003/resend-invite`)).status).toBe(400);
		expect((await s1(base, 'POST', `${LEGACY}/AUSR-0000-0002/resend-invite`)).status).toBe(400);
		expect((await s1(base, 'POST', `/public/v1/accounts/ACC-0000-0001/users/${id}/resend-invite`)).status).toBe(404);
		expect((await s1(base, 'POST', `${LEGACY}/AUSR-9999-9999/resend-invite`)).status).toBe(404);
	});

	test('control expire makes a pending invitation expired', async () => {
		const created = await s1(base, 'POST', LEGACY, { body: createBody('expire.me@example.com') });
		const view = await control(base, 'POST', `/expire/${created.json.id}`);
		expect(view.status).toBe('InvitationExpired');
		const list = await s1(base, 'GET', `${LEGACY}?eq(invitation.status,InvitationExpired)&limit=100&offset=0`);
		expect(list.json.data.map((u: { id: string }) => u.id)).toContain(created.json.id);
		expect((await s1(base, 'POST', `${LEGACY}/${created.json.id}/resend-invite`)).status).toBe(400);
		expect((await s1(base, 'POST', `${LEGACY}/${created.json.id}/send-new-invite`)).status).toBe(200);
	});

	test('an invitation past its time to live reads as InvitationExpired', async () => {
		await control(base, 'POST', '/config', { invitationTtlMs: 1 });
		const created = await s1(base, 'POST', LEGACY, { body: createBody('short.ttl@example.com') });
		await new Promise((r) => setTimeout(r, 10));
		const a = await s1(base, 'GET', `${LEGACY}/${created.json.id}`);
		expect(a.json.invitation.status).toBe('InvitationExpired');
	});
});

describe('lists by many values: in(...)', () => {
	let base: string;
	let close: () => Promise<void>;
	beforeAll(async () => {
		const d = await start();
		base = d.url;
		close = d.close;
	});
	afterAll(async () => await close());

	it('takes its values flat or as one parenthesised list, quoted or bare', async () => {
		const listed = await s1(base, 'GET', `${LEGACY}?in(id,(AUSR-0000-0001,"AUSR-0000-0003"))&limit=100`);
		expect(listed.json.data.map((u: { id: string }) => u.id)).toEqual(['AUSR-0000-0001', 'AUSR-0000-0003']);
		const flat = await s1(base, 'GET', `${LEGACY}?in(user.email,"ACTIVE.user@example.com",nobody@example.com)`);
		expect(flat.json.data.map((u: { id: string }) => u.id)).toEqual(['AUSR-0000-0002']);
	});

	it('config.refuseIn answers in() with 400, as an API without it would; eq still works', async () => {
		await control(base, 'POST', '/config', { refuseIn: true });
		const refused = await s1(base, 'GET', `${LEGACY}?in(id,(AUSR-0000-0001))`);
		expect(refused.status).toBe(400);
		expect(refused.json.detail).toBe("Unsupported RQL operator 'in'.");
		expect((await s1(base, 'GET', `${LEGACY}?eq(id,AUSR-0000-0001)`)).status).toBe(200);
		await control(base, 'POST', '/reset');
		expect((await s1(base, 'GET', `${LEGACY}?in(id,(AUSR-0000-0001))`)).status).toBe(200);
	});
});
