import { BOLD_KEY, BOLD_TOKEN, boldCall, call, control, isoWithOffset, useDouble } from './helpers';

const double = useDouble();
let base: string;
beforeAll(() => {
	base = double.url;
});

const put = (id: string | number, body: unknown, headers?: Record<string, string>) =>
	boldCall(base, 'PUT', `/v2/users/${id}/invitation`, { body, headers });

describe('Bold auth', () => {
	test('missing or invalid token: 401 in Bold error shape', async () => {
		const headerSets: Record<string, string>[] = [{}, { authorization: 'Bearer 11111111-2222-3333-4444-555555555555' }];
		for (const headers of headerSets) {
			const a = await call(base, 'PUT', '/v2/users/5/invitation', { body: { sendEmail: true }, headers });
			expect(a.status).toBe(401);
			expect(a.json).toMatchObject({ message: 'Invalid authentication token', code: 401 });
			expect(typeof a.json.errorMessage).toBe('string');
			expect(typeof a.json.errorCode).toBe('string');
		}
		const st = await control(base, 'GET', '/state');
		expect(st.bold.emailsByUser).toEqual({});
	});

	test.each([
		['authorization', `Bearer ${BOLD_TOKEN}`],
		['authorization', BOLD_KEY],
		['authorization', `ApiKey ${BOLD_KEY}`],
		['authorization', `Bearer ${BOLD_KEY}`],
		['x-api-key', BOLD_KEY],
	])('%s: %s is accepted', async (header, value) => {
		const a = await call(base, 'GET', '/v1/account', { headers: { [header]: value } });
		expect(a.status).toBe(200);
		expect(a.json).toEqual({ id: expect.any(Number), name: expect.any(String) });
	});

	test('SoftwareOne secrets do not open Bold', async () => {
		const a = await call(base, 'GET', '/v1/account', { headers: { authorization: 'Bearer s1-valid-token' } });
		expect(a.status).toBe(401);
	});

	test('a forbidden token gets 403 insufficient rights', async () => {
		await control(base, 'POST', '/tokens', { bold: { forbidden: ['9b0833c5-22f3-495f-9181-0740e31f7369'] } });
		const a = await put(5, { sendEmail: true }, { authorization: 'Bearer 9b0833c5-22f3-495f-9181-0740e31f7369' });
		expect(a.status).toBe(403);
		expect(a.json).toMatchObject({ code: 403, message: 'Insufficient rights' });
	});
});

describe('Bold update invitation', () => {
	test('the seed example answers {id: 5} and counts one e-mail', async () => {
		const a = await put(5, { sendEmail: true });
		expect(a.status).toBe(200);
		expect(a.json).toEqual({ id: 5 });
		expect(a.headers.get('access-control-allow-origin')).toBe('*');
		const b = await put(2, { sendEmail: false });
		expect(b.json).toEqual({ id: 2 });
		const st = await control(base, 'GET', '/state');
		expect(st.bold.emailsByUser).toEqual({ 5: 1 });
		expect(st.bold.updatesByUser).toEqual({ 5: 1, 2: 1 });
		expect(st.bold.smsByUser).toEqual({});
	});

	test('all fields together update the user and count e-mail and SMS', async () => {
		const expiration = isoWithOffset(3);
		const a = await put(5, {
			language: 'de',
			expiration,
			emailAddress: 'new@example.com',
			sendEmail: true,
			phoneNumber: '+31850607337',
			sendSms: true,
		});
		expect(a.status).toBe(200);
		await put(5, { sendSms: true });
		const st = await control(base, 'GET', '/state');
		const user = st.bold.users.find((u: { id: number }) => u.id === 5);
		expect(user).toMatchObject({ language: 'de', expiration, emailAddress: 'new@example.com', phoneNumber: '+31850607337' });
		expect(st.bold.emailsByUser['5']).toBe(1);
		expect(st.bold.smsByUser['5']).toBe(2);
		expect(st.bold.updatesByUser['5']).toBe(2);
	});

	test('expiration: Z and compact offsets are accepted', async () => {
		const z = new Date(Date.now() + 86_400_000).toISOString();
		expect((await put(5, { expiration: z })).status).toBe(200);
		const compact = isoWithOffset(2).replace('+02:00', '+0200');
		expect((await put(5, { expiration: compact })).status).toBe(200);
	});

	test.each([
		['empty body', {}],
		['unknown field', { sendEmail: true, role: 'admin' }],
		['language upper case', { language: 'EN' }],
		['language three letters', { language: 'eng' }],
		['expiration without offset', { expiration: '2099-06-23T13:53:02' }],
		['expiration date only', { expiration: '2099-06-23' }],
		['expiration in the past', { expiration: '2022-06-23T13:53:02+02:00' }],
		['expiration not a date', { expiration: '2099-13-45T13:53:02+02:00' }],
		['expiration not a string', { expiration: 1234567890 }],
		['email without @', { emailAddress: 'nobody.example.com' }],
		['sendEmail as string', { sendEmail: 'true' }],
		['phone not E.164', { phoneNumber: '0850607337' }],
		['phone with spaces', { phoneNumber: '+31 85 060 7337' }],
		['phone too long', { phoneNumber: '+1234567890123456' }],
		['sendSms as number', { sendSms: 1 }],
		['array body', [{ sendEmail: true }]],
		['null field', { language: null }],
	])('%s -> 400 in Bold error shape', async (_name, body) => {
		const a = await put(5, body);
		expect(a.status).toBe(400);
		expect(a.json).toMatchObject({ code: 400 });
		expect(typeof a.json.message).toBe('string');
		expect(typeof a.json.errorMessage).toBe('string');
		expect(typeof a.json.errorCode).toBe('string');
		const st = await control(base, 'GET', '/state');
		expect(st.bold.updatesByUser).toEqual({});
	});

	test('the error names the field', async () => {
		const offset = await put(5, { expiration: '2099-06-23T13:53:02' });
		expect(offset.json.errorMessage).toMatch(/offset/);
		const past = await put(5, { expiration: '2022-06-23T13:53:02+02:00' });
		expect(past.json.errorMessage).toMatch(/past/);
	});

	test('non-numeric and unknown users are 404', async () => {
		const word = await put('abc', { sendEmail: true });
		expect(word.status).toBe(404);
		expect(word.json.code).toBe(404);
		const unknown = await put(999, { sendEmail: true });
		expect(unknown.status).toBe(404);
		expect((await boldCall(base, 'GET', '/v2/nothing')).status).toBe(404);
		expect((await boldCall(base, 'POST', '/v2/users/5/invitation', { body: { sendEmail: true } })).status).toBe(405);
	});

	test('seeded users get the next free id or the one asked for', async () => {
		const seeded = await control(base, 'POST', '/seed', {
			boldUsers: [{ emailAddress: 'a@example.com' }, { id: 42, emailAddress: 'b@example.com' }],
		});
		expect(seeded.boldUsers).toEqual([
			{ id: 6, emailAddress: 'a@example.com' },
			{ id: 42, emailAddress: 'b@example.com' },
		]);
		expect((await put(42, { sendSms: true, phoneNumber: '+447700900123' })).status).toBe(200);
		const st = await control(base, 'GET', '/state');
		expect(st.bold.smsByUser).toEqual({ 42: 1 });
	});
});
