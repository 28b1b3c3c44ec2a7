import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { BOLD_TOKEN, boldCall, call, control, createBody, LEGACY, s1, useDouble } from './helpers';

const double = useDouble();
let base: string;
beforeAll(() => {
	base = double.url;
});

describe('control API', () => {
	test('config.families: only the listed SoftwareOne families answer, the others are unknown routes (404)', async () => {
		await control(base, 'POST', '/config', { families: ['accountsAccounts'] });
		const seed = await s1(base, 'GET', `${LEGACY}?limit=1`);
		const scoped = await s1(base, 'GET', '/public/v1/accounts/ACC-1234-5678/users?limit=1');
		const newer = await s1(base, 'GET', '/public/v1/accounts/accounts/ACC-1234-5678/users?limit=1');
		expect([seed.status, scoped.status, newer.status]).toEqual([404, 404, 200]);
		expect(seed.text).toContain('No route matches');
		await expect(control(base, 'POST', '/config', { families: ['legacy'] })).rejects.toThrow();
		await control(base, 'POST', '/reset');
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
	});

	test('state has the documented shape and defaults', async () => {
		const st = await control(base, 'GET', '/state');
		expect(Object.keys(st.softwareOne).sort()).toEqual(
			['createsByEmail', 'deletesById', 'duplicateCreates', 'groupChangesByUser', 'invitationEmailsByUser', 'postsByEmail', 'users'].sort(),
		);
		expect(st.softwareOne.users.map((u: { status: string }) => u.status)).toEqual(['Invited', 'Active', 'InvitationExpired']);
		expect(Object.keys(st.bold).sort()).toEqual(['createsByEmail', 'emailsByUser', 'groupMembers', 'smsByUser', 'updatesByUser', 'users'].sort());
		expect(st.bold.users.map((u: { id: number }) => u.id).sort()).toEqual([2, 5]);
		expect(st.requests).toEqual([]);
		expect(st.rateLimited).toBe(0);
	});

	test('requests are logged with method, path, status and time; control calls are not', async () => {
		await s1(base, 'GET', `${LEGACY}?limit=1`);
		await boldCall(base, 'PUT', '/v2/users/5/invitation', { body: { sendEmail: true } });
		const st = await control(base, 'GET', '/state');
		expect(st.requests).toHaveLength(2);
		expect(st.requests[0]).toMatchObject({ method: 'GET', path: LEGACY, query: 'limit=1', status: 200 });
		expect(st.requests[1]).toMatchObject({ method: 'PUT', path: '/v2/users/5/invitation', status: 200 });
		expect(Date.parse(st.requests[0].at)).not.toBeNaN();
	});

	test('reset restores seed data, secrets, faults, config and counters', async () => {
		await s1(base, 'POST', LEGACY, { body: createBody('gone@example.com') });
		await control(base, 'POST', '/tokens', { bearer: ['other'] });
		await control(base, 'POST', '/faults', { rules: [{ kind: 'status', status: 500 }] });
		await control(base, 'POST', '/config', { latencyMs: 5, rateLimit: { rps: 1, burst: 1 } });
		await control(base, 'POST', '/reset');
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.users).toHaveLength(3);
		expect(st.softwareOne.createsByEmail).toEqual({});
		expect(st.faults).toEqual([]);
		expect(st.config).toMatchObject({ latencyMs: 0, rateLimit: null });
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(200);
		const created = await s1(base, 'POST', LEGACY, { body: createBody('again@example.com') });
		expect(created.json.id).toBe('AUSR-0000-0004'); // id counters restart too
	});

	test('seed creates SoftwareOne users in any state and returns them with ids', async () => {
		const seeded = await control(base, 'POST', '/seed', {
			softwareOneUsers: [
				{ email: 'seed1@example.com', firstName: 'S', lastName: 'One', status: 'InvitationExpired', accountId: 'ACC-5555-6666', groups: ['UGR-0000-0001'] },
				{ email: 'seed2@example.com', firstName: 'S', lastName: 'Two', status: 'Active', groups: [{ id: 'UGR-0000-0002' }] },
				{ email: 'seed3@example.com' },
			],
		});
		expect(seeded.softwareOneUsers).toHaveLength(3);
		const [one, two, three] = seeded.softwareOneUsers;
		expect(one).toMatchObject({ id: expect.stringMatching(/^AUSR-/), status: 'InvitationExpired', accountId: 'ACC-5555-6666', groups: ['UGR-0000-0001'] });
		expect(two).toMatchObject({ status: 'Active', accountId: 'ACC-1234-5678', groups: ['UGR-0000-0002'] });
		expect(three).toMatchObject({ status: 'Invited', email: 'seed3@example.com' });
		const api = await s1(base, 'GET', `/public/v1/accounts/ACC-5555-6666/users/${one.id}`);
		expect(api.json.invitation.status).toBe('InvitationExpired');
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.invitationEmailsByUser).toEqual({}); // seeding sends no e-mail
		const dup = await call(base, 'POST', '/__control/seed', { body: { softwareOneUsers: [{ email: 'seed3@example.com' }] } });
		expect(dup.status).toBe(409);
		const bad = await call(base, 'POST', '/__control/seed', { body: { softwareOneUsers: [{ email: 'x@example.com', status: 'Weird' }] } });
		expect(bad.status).toBe(400);
	});

	test('transitions move a user between states as the API then shows it, without e-mails', async () => {
		const id = 'AUSR-0000-0001';
		const status = async () => (await s1(base, 'GET', `${LEGACY}/${id}`)).json.invitation?.status;
		expect(await status()).toBe('Invited');
		expect((await control(base, 'POST', `/expire/${id}`)).status).toBe('InvitationExpired');
		expect(await status()).toBe('InvitationExpired');
		const invited = await control(base, 'POST', `/invite/${id}`);
		expect(invited).toMatchObject({ status: 'Invited', invitationUrl: expect.stringContaining('/__invitations/') });
		expect(await status()).toBe('Invited');
		const accepted = await control(base, 'POST', `/accept/${id}`);
		expect(accepted).toMatchObject({ status: 'Active', invitationAcceptedAt: expect.any(String) });
		expect(await status()).toBe('Active');
		await control(base, 'POST', `/remove/${id}`);
		expect((await s1(base, 'GET', `${LEGACY}/${id}`)).status).toBe(404);
		const st = await control(base, 'GET', '/state');
		expect(st.softwareOne.users.map((u: { id: string }) => u.id)).not.toContain(id);
		expect(st.softwareOne.invitationEmailsByUser).toEqual({});
	});

	test('each transition and each invitation sent moves audit.updated.at on in the list, even back to back; a list without select=+audit has none', async () => {
		const id = 'AUSR-0000-0001';
		const updatedAt = async () => {
			const list = await s1(base, 'GET', `${LEGACY}?select=+audit&limit=100&offset=0`);
			const entry = (list.json.data as Array<{ id: string; audit: { updated: { at: string } } }>).find((u) => u.id === id);
			return entry?.audit.updated.at;
		};
		const seen = [await updatedAt()];
		for (const step of ['/expire/', '/invite/', '/expire/']) {
			await control(base, 'POST', `${step}${id}`);
			seen.push(await updatedAt());
		}
		expect((await s1(base, 'POST', `${LEGACY}/${id}/send-new-invite`)).status).toBe(200);
		seen.push(await updatedAt());
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.map((at) => Date.parse(String(at)))).toEqual([...seen.map((at) => Date.parse(String(at)))].sort((a, b) => a - b));
		const plain = await s1(base, 'GET', `${LEGACY}?limit=100&offset=0`);
		expect(plain.json.data[0].audit).toBeUndefined();
	});

	test.each(['expire', 'accept', 'invite', 'remove'])('%s of an unknown id is 404', async (transition) => {
		const a = await call(base, 'POST', `/__control/${transition}/AUSR-9999-9999`);
		expect(a.status).toBe(404);
	});

	test('tokens replace the valid secrets (top level: both vendors; per vendor)', async () => {
		const view = await control(base, 'POST', '/tokens', { bearer: ['t-new'], apiKeys: [] });
		expect(view.softwareOne.bearer).toEqual(['t-new']);
		expect(view.bold.bearer).toEqual(['t-new']);
		expect((await s1(base, 'GET', `${LEGACY}?limit=1`)).status).toBe(401);
		expect((await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { authorization: 'Bearer t-new' } })).status).toBe(200);
		expect((await call(base, 'GET', `${LEGACY}?limit=1`, { headers: { 'x-api-key': 's1-valid-key' } })).status).toBe(401);
		await control(base, 'POST', '/tokens', { bold: { bearer: [BOLD_TOKEN] } });
		expect((await boldCall(base, 'GET', '/v1/account')).status).toBe(200);
		expect((await call(base, 'GET', '/v1/account', { headers: { authorization: 'Bearer t-new' } })).status).toBe(401);
		const bad = await call(base, 'POST', '/__control/tokens', { body: { bearer: 'not-a-list' } });
		expect(bad.status).toBe(400);
	});

	test('config validates its input', async () => {
		for (const body of [{ latencyMs: -1 }, { rateLimit: { rps: 0 } }, { duplicateStatus: 418 }, { authHeaders: 'x' }]) {
			const a = await call(base, 'POST', '/__control/config', { body });
			expect(a.status).toBe(400);
		}
		expect((await call(base, 'GET', '/__control/nothing')).status).toBe(404);
	});

	test('the request log keeps the last 5000 entries', async () => {
		const { state } = double;
		for (let i = 0; i < 5003; i++) state.logRequest('GET', `/p${i}`, '', 200, null);
		const requests = state.requests();
		expect(requests).toHaveLength(5000);
		expect(requests[0].path).toBe('/p3');
		expect(requests[4999].path).toBe('/p5002');
	});
});

describe('running it directly', () => {
	test('node server.js --port N prints one line and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'tools', 'double', 'server.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
		const line = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d: Buffer) => {
				out += d.toString();
				if (out.includes('\n')) resolve(out);
			});
			child.once('error', reject);
			child.once('exit', (code) => reject(new Error(`exited ${code}`)));
		});
		const m = /^API double listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(line);
		expect(m).not.toBeNull();
		const a = await call(m![1], 'GET', '/v1/account', { headers: { authorization: `Bearer ${BOLD_TOKEN}` } });
		expect(a.status).toBe(200);
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
