import { boldCall, call, control, createBody, LEGACY, s1, useDouble } from './helpers';

const double = useDouble();
let base: string;
beforeAll(() => {
	base = double.url;
});

const faults = (rules: unknown[]) => control(base, 'POST', '/faults', { rules });

describe('fault rules', () => {
	test('status with Retry-After in seconds, limited times, vendor-shaped bodies', async () => {
		await faults([{ method: 'POST', path: 'account-users$', kind: 'status', status: 503, retryAfter: 2, times: 2 }]);
		const a = await s1(base, 'POST', LEGACY, { body: createBody('f1@example.com') });
		expect(a.status).toBe(503);
		expect(a.headers.get('retry-after')).toBe('2');
		expect(a.headers.get('content-type')).toMatch(/^application\/json/);
		expect(a.json).toMatchObject({ status: 503, title: 'Service Unavailable' });
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200); // method does not match
		expect((await s1(base, 'POST', LEGACY, { body: createBody('f1@example.com') })).status).toBe(503);
		expect((await s1(base, 'POST', LEGACY, { body: createBody('f1@example.com') })).status).toBe(201);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.postsByEmail['f1@example.com']).toBe(1); // faulted requests never reached the handler
		expect(st.faults[0]).toMatchObject({ remaining: 0, hits: 2 });
		expect(st.requests.filter((r: { status: number }) => r.status === 503)).toHaveLength(2);
	});

	test('Retry-After as an HTTP-date, 429 and Bold bodies', async () => {
		const date = new Date(Date.now() + 3000).toUTCString();
		await faults([{ path: '^/v2/', kind: 'status', status: 429, retryAfter: date }]);
		const a = await boldCall(base, 'PUT', '/v2/users/5/invitation', { body: { sendEmail: true } });
		expect(a.status).toBe(429);
		expect(a.headers.get('retry-after')).toBe(date);
		expect(a.json).toMatchObject({ code: 429 });
		expect(typeof a.json.errorCode).toBe('string');
	});

	test('status without retryAfter sends no Retry-After', async () => {
		await faults([{ kind: 'status', status: 500, times: 1 }]);
		const a = await s1(base, 'GET', `${LEGACY}?limit=1`);
		expect(a.status).toBe(500);
		expect(a.headers.get('retry-after')).toBeNull();
	});

	test('afterProcessing: the work is done, then the answer fails', async () => {
		await faults([{ method: 'POST', path: 'account-users$', kind: 'status', status: 504, afterProcessing: true, times: 1 }]);
		const a = await s1(base, 'POST', LEGACY, { body: createBody('ambiguous@example.com') });
		expect(a.status).toBe(504);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.createsByEmail['ambiguous@example.com']).toBe(1);
		const created = st.softwareOne.users.find((u: { email: string }) => u.email === 'ambiguous@example.com');
		expect(st.softwareOne.invitationEmailsByUser[created.id]).toBe(1);
		const retry = await s1(base, 'POST', LEGACY, { body: createBody('ambiguous@example.com') });
		expect(retry.status).toBe(409);
	});

	test('afterProcessing with reset on Bold: counted, socket destroyed', async () => {
		await faults([{ path: '/invitation', kind: 'reset', afterProcessing: true, times: 1 }]);
		await expect(boldCall(base, 'PUT', '/v2/users/5/invitation', { body: { sendSms: true } })).rejects.toThrow();
		const st = await control(base, 'GET', '/state');
		expect(st.bold.smsByUser['5']).toBe(1);
		expect(st.requests[st.requests.length - 1]).toMatchObject({ path: '/v2/users/5/invitation', status: 0, fault: 'reset' });
	});

	test('reset before processing: nothing happens', async () => {
		await faults([{ kind: 'reset', times: 1 }]);
		await expect(s1(base, 'POST', LEGACY, { body: createBody('reset@example.com') })).rejects.toThrow();
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.postsByEmail['reset@example.com']).toBeUndefined();
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('hang never answers', async () => {
		await faults([{ kind: 'hang', times: 1 }]);
		const started = Date.now();
		await expect(s1(base, 'GET', `${LEGACY}?limit=1`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('malformed answers 200 with broken JSON', async () => {
		await faults([{ kind: 'malformed', times: 1 }]);
		const a = await s1(base, 'GET', `${LEGACY}?limit=1`);
		expect(a.status).toBe(200);
		expect(a.text).toBe('{"broken": ');
		expect(a.json).toBeUndefined();
	});

	test('latency delays and then answers normally; delayMs also delays other kinds', async () => {
		await faults([
			{ path: 'account-users', kind: 'latency', delayMs: 200, times: 1 },
			{ path: '^/v1/', kind: 'status', status: 502, delayMs: 150, times: 1 },
		]);
		let t = Date.now();
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(190);
		t = Date.now();
		expect((await boldCall(base, 'GET', '/v1/account')).status).toBe(502);
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
	});

	test('the path regex also sees the query string', async () => {
		await faults([{ path: 'eq\\(invitation\\.status', kind: 'status', status: 503 }]);
		expect((await s1(base, 'GET', `${LEGACY}?eq(invitation.status,Invited)&limit=1`)).status).toBe(503);
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('POST replaces, append adds, DELETE clears; bad rules are 400', async () => {
		await faults([{ kind: 'status', status: 500 }]);
		await control(base, 'POST', '/faults', { rules: [{ kind: 'malformed' }], append: true });
		expect((await control(base, 'GET', '/faults')).rules).toHaveLength(2);
		await faults([{ kind: 'malformed' }]);
		expect((await control(base, 'GET', '/faults')).rules).toHaveLength(1);
		await control(base, 'DELETE', '/faults');
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
		for (const rule of [{ kind: 'explode' }, { kind: 'status', status: 200 }, { kind: 'status', path: '(' }, { kind: 'latency' }]) {
			const a = await call(base, 'POST', '/__control/faults', { body: { rules: [rule] } });
			expect(a.status).toBe(400);
		}
	});

	test('control routes are never faulted', async () => {
		await faults([{ kind: 'status', status: 500 }]);
		expect((await call(base, 'GET', '/__control/state')).status).toBe(200);
	});
});

describe('rate limit and latency', () => {
	test('token bucket: burst then 429 with Retry-After >= 1, counted', async () => {
		// One token per 10 s: a loaded CI machine (three jest lanes on 2 cores) must not refill
		// the bucket between these requests, which it did with one per 2 s.
		await control(base, 'POST', '/config', { rateLimit: { rps: 0.1, burst: 3 } });
		const statuses: number[] = [];
		let limited;
		for (let i = 0; i < 5; i++) {
			const a = await s1(base, 'GET', `${LEGACY}?limit=1`);
			statuses.push(a.status);
			if (a.status === 429) limited = a;
		}
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		expect(limited!.json).toMatchObject({ status: 429 });
		expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(10);
		const bold = await boldCall(base, 'GET', '/v1/account');
		expect(bold.status).toBe(429);
		expect(bold.json.code).toBe(429);
		const st = await control(base, 'GET', '/state');
		expect(st.rateLimited).toBe(3);
		// The request log says what each 429 told the client to wait (the bench reads the first one).
		const logged = st.requests.find((r: { status: number }) => r.status === 429);
		expect(logged.retryAfter).toBe(Number(limited!.headers.get('retry-after')));
		expect(st.requests.find((r: { status: number }) => r.status === 200).retryAfter).toBeUndefined();
		await control(base, 'POST', '/config', { rateLimit: null });
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('the bucket refills', async () => {
		// A token per 400 ms: wide enough that the second request still finds the bucket empty on
		// a loaded machine (one per 50 ms might not be), short enough to wait for.
		await control(base, 'POST', '/config', { rateLimit: { rps: 2.5, burst: 1 } });
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
		const limited = await s1(base, 'GET', `${LEGACY}?limit=1`);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		await new Promise((r) => setTimeout(r, 450));
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('latencyMs delays every API request', async () => {
		await control(base, 'POST', '/config', { latencyMs: 120 });
		const t = Date.now();
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(110);
	});
});
