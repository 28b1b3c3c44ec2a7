import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { forEachConcurrently } from '../../../../nodes/UserInvitation/helpers/concurrency';
import { apiPath } from '../../../../nodes/UserInvitation/helpers/url';
import {
	ApiSession,
	type Connection,
	DEFAULT_RETRY_SETTINGS,
	type RetrySettings,
} from '../../../../nodes/UserInvitation/transport';
import { Pacer, type PacingClock } from '../../../../nodes/UserInvitation/transport/pacing';

/**
 * The pacer on a simulated clock, against a simulated API with a token-bucket rate limit (the
 * double's rule: burst tokens, refilled at rps, 429 + Retry-After in whole seconds, at least 1).
 * Durations here are simulated seconds: they show what the pacing does, not how fast a machine is.
 */

class SimulatedClock implements PacingClock {
	private t = 0;
	private timers: Array<{ at: number; seq: number; wake: () => void }> = [];
	private seq = 0;

	now = (): number => this.t;

	sleep = async (ms: number): Promise<void> =>
		await new Promise<void>((wake) => {
			this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake });
		});

	/** Runs simulated time forward until `work` settles. */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		void work.finally(() => (settled = true)).catch(() => undefined);
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await work;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next) throw new Error('Nothing left to wait for, but the work has not finished');
			this.t = Math.max(this.t, next.at);
			next.wake();
		}
	}
}

interface Sent {
	at: number;
	status: number;
	email: string;
}

/** An API limited to `rps` requests a second with a bucket of `burst`, answering after `latencyMs`. */
function rateLimitedApi(clock: SimulatedClock, rps: number, burst: number, latencyMs = 5, retryAfterS?: number) {
	const sent: Sent[] = [];
	const created = new Map<string, number>();
	let tokens = burst;
	let filledAt = 0;
	const node = { name: 'User Invitation', type: 'test', typeVersion: 1, parameters: {} } as unknown as INode;
	const ctx = {
		getNode: () => node,
		getInputData: () => [],
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { body?: IDataObject }) => {
				const now = clock.now();
				tokens = Math.min(burst, tokens + ((now - filledAt) / 1000) * rps);
				filledAt = now;
				const email = String((options.body?.user as IDataObject | undefined)?.email ?? '');
				let status = 201;
				if (tokens >= 1) {
					tokens -= 1;
					created.set(email, (created.get(email) ?? 0) + 1);
				} else {
					status = 429;
				}
				sent.push({ at: now, status, email });
				await clock.sleep(latencyMs);
				const retryAfter = String(retryAfterS ?? Math.max(1, Math.ceil((1 - tokens) / rps)));
				return status === 429
					? { statusCode: 429, body: { status: 429 }, headers: { 'retry-after': retryAfter } }
					: { statusCode: 201, body: { id: email }, headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, sent, created };
}

const connection: Connection = {
	credentialType: 'userInvitationBearerTokenApi',
	baseUrl: 'https://api.example.com',
	service: 'softwareOne',
	secrets: [],
};

async function createUsers(
	options: {
		count: number;
		rps: number;
		burst: number;
		settings?: Partial<RetrySettings>;
		latencyMs?: number;
		retryAfterS?: number;
	},
) {
	const clock = new SimulatedClock();
	const api = rateLimitedApi(clock, options.rps, options.burst, options.latencyMs, options.retryAfterS);
	const settings = { ...DEFAULT_RETRY_SETTINGS, ...options.settings };
	const session = new ApiSession(api.ctx, connection, settings, () => 0.5, clock);
	const outcomes: Array<{ ok: boolean; message?: string }> = new Array(options.count);
	await clock.run(
		forEachConcurrently(options.count, settings.concurrency, async (i) => {
			try {
				await session.request({
					method: 'POST',
					path: apiPath`/public/v1/accounts/account-users`,
					body: { user: { email: `user-${i}@example.com` } },
					safety: 'unsafe',
					itemIndex: i,
				});
				outcomes[i] = { ok: true };
			} catch (error) {
				outcomes[i] = { ok: false, message: (error as Error).message };
			}
		}),
	);
	const lastAccepted = Math.max(...api.sent.filter((s) => s.status !== 429).map((s) => s.at));
	return { ...api, outcomes, seconds: lastAccepted / 1000 };
}

describe('pacing after 429s (simulated clock and API)', () => {
	it.each([
		[50, 50, 1000],
		[20, 5, 300],
		[5, 1, 300],
	])(
		'%i requests/s, burst %i: all %i creates succeed, each created once, near the API\'s own pace',
		async (rps, burst, count) => {
			const run = await createUsers({ count, rps, burst });

			expect(run.outcomes.filter((o) => !o.ok)).toEqual([]);
			expect(run.created.size).toBe(count);
			expect([...run.created.values()].every((n) => n === 1)).toBe(true);
			// The floor: what the API lets through after its burst. Within 15 % of it.
			const floorSeconds = (count - burst) / rps;
			expect(run.seconds).toBeLessThanOrEqual(floorSeconds * 1.15);
		},
	);

	it('a 429 the pacing caused does not use up the item\'s retries while others get through', async () => {
		const run = await createUsers({ count: 100, rps: 20, burst: 5, settings: { maxRetries: 0 } });

		expect(run.sent.filter((s) => s.status === 429).length).toBeGreaterThan(0);
		expect(run.outcomes.filter((o) => !o.ok)).toEqual([]);
	});

	it('after the first 429 the waiting requests leave one at a time, not all at once', async () => {
		const run = await createUsers({ count: 60, rps: 20, burst: 5 });

		const firstRefusal = run.sent.find((s) => s.status === 429)!;
		const afterPause = run.sent.filter((s) => s.at >= firstRefusal.at + 1000);
		const gaps = afterPause.slice(1).map((s, i) => s.at - afterPause[i].at);
		// Before pacing, the 20 lanes all went the moment the pause ended (gaps of 0 ms).
		expect(afterPause.slice(0, 5).map((s) => s.at - afterPause[0].at)).not.toEqual([0, 0, 0, 0, 0]);
		expect(gaps.filter((gap) => gap === 0)).toEqual([]);
	});

	it('fails the items when the API refuses everything, after Max Retries, without looping', async () => {
		const run = await createUsers({ count: 3, rps: 0.0001, burst: 1, retryAfterS: 1, settings: { maxRetries: 2, concurrency: 3 } });

		expect(run.outcomes.map((o) => o.ok)).toEqual([true, false, false]);
		// The first tries are free while the first item's success is recent (2 s), then 3 count.
		expect(run.outcomes[1].message).toBe('The API\'s rate limit was reached (too many requests) (after 5 attempts) [item 1]');
		expect(run.sent.filter((s) => s.email === 'user-1@example.com')).toHaveLength(5);
	});

	it('an item fails at once when Retry-After asks for longer than Max Retry Wait', async () => {
		// One token every 10 000 s: Retry-After is far above a Max Retry Wait of 60 s.
		const run = await createUsers({ count: 2, rps: 0.0001, burst: 1, settings: { concurrency: 1 } });

		expect(run.outcomes[1].ok).toBe(false);
		expect(run.outcomes[1].message).toMatch(/asked to wait \d+ s before retrying, longer than Max Retry Wait \(60 s\)/);
		expect(run.sent.filter((s) => s.email === 'user-1@example.com')).toHaveLength(1);
	});
});

describe('Pacer on its own', () => {
	it('sends without any spacing until the first 429', async () => {
		const clock = new SimulatedClock();
		const pacer = new Pacer(20, clock);
		const turns = await clock.run(Promise.all(Array.from({ length: 20 }, async () => await pacer.turn())));

		expect(turns.map((t) => t.sentAt)).toEqual(new Array(20).fill(0));
		expect(pacer.currentRate).toBeUndefined();
	});

	it('a 503 pauses every request for its Retry-After, as before pacing', async () => {
		const clock = new SimulatedClock();
		const pacer = new Pacer(20, clock);
		const first = await pacer.turn();
		pacer.finish(first, 503);
		pacer.pauseFrom(first.sentAt, 2000);
		const later = await clock.run(Promise.all([pacer.turn(), pacer.turn()]));

		expect(later.map((t) => t.sentAt)).toEqual([2000, 2000]);
		expect(pacer.currentRate).toBeUndefined();
	});

	it('counts progress only for answers the API accepted', () => {
		const pacer = new Pacer(20, new SimulatedClock());
		const turn = { sentAt: 0 };
		pacer.finish(turn, 429);
		pacer.finish(turn, 503);
		pacer.finish(turn, 0);
		expect(pacer.progress).toBe(0);
		pacer.finish(turn, 404);
		pacer.finish(turn, 201);
		expect(pacer.progress).toBe(2);
	});
});
