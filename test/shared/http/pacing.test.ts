import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { forEachConcurrently } from '../../../nodes/UserInvitation/helpers/concurrency';
import { apiPath } from '../../../nodes/shared/http/url';
import {
	ApiSession,
	type Connection,
	DEFAULT_RETRY_SETTINGS,
	type RetrySettings,
} from '../../../nodes/shared/http/session';
import { Pacer, type PacingClock } from '../../../nodes/shared/http/pacing';

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
function rateLimitedApi(clock: SimulatedClock, rps: number, burst: number, latencyMs = 5, retryAfterS?: number, jitter?: () => number) {
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
				// The way to the API takes varying time (n8n's request helper, the event loop).
				if (jitter) await clock.sleep(jitter());
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
	credential: { id: 'cred-1', name: 'SoftwareOne', type: 'userInvitationBearerTokenApi', data: { token: 'read-once' } },
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
		jitter?: () => number;
	},
) {
	const clock = new SimulatedClock();
	const api = rateLimitedApi(clock, options.rps, options.burst, options.latencyMs, options.retryAfterS, options.jitter);
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

/**
 * One pacer on a simulated clock that has already run `startAt` ms (a run that does not start at 0),
 * driven request by request: each rule of the state table in pacing.ts, told by when requests leave
 * and by the rate the run sends at.
 */
class Driver {
	constructor(
		readonly pacer: Pacer,
		private readonly clock: SimulatedClock,
	) {}

	get now(): number {
		return this.clock.now();
	}

	get rate(): number | undefined {
		return this.pacer.currentRate;
	}

	/** One request: waits for its turn, is answered `status` after `latencyMs`; returns when it left. */
	async send(status: number, latencyMs = 10, retryAfterMs = 1000): Promise<number> {
		const turn = await this.pacer.turn();
		await this.clock.sleep(latencyMs);
		// As the transport does: the answer is in first, then the pacer hears of the 429.
		this.pacer.finish(turn, status);
		if (status === 429) this.pacer.rateLimited(turn, retryAfterMs);
		return turn.sentAt;
	}

	/** Requests one after the other, each sent once the one before has its answer. */
	async inTurn(statuses: number[], latencyMs = 10): Promise<number[]> {
		const sentAt: number[] = [];
		for (const status of statuses) sentAt.push(await this.send(status, latencyMs));
		return sentAt;
	}

	async until(ms: number): Promise<void> {
		await this.clock.sleep(ms - this.clock.now());
	}

	/** 4 accepted at once, a 429 (4/s, 1 s pause), 3 accepted while probing (8.5/s), a 429: measuring. */
	async startMeasuringAt8_5(): Promise<void> {
		await Promise.all([0, 1, 2, 3].map(async () => await this.send(201)));
		await this.send(429);
		await this.inTurn([201, 201, 201, 429]);
	}

	/**
	 * The way into `paced` used below: 4 accepted at once, a 429 (rate 4/s from that burst, a 1 s
	 * pause), 3 accepted while probing (5.5, 7, 8.5/s), a 429 at 8.5/s (measuring), then the API
	 * accepts every other request until the measurement ends at about half of 8.5/s.
	 */
	async learnHalfOf8_5(): Promise<void> {
		await this.startMeasuringAt8_5();
		for (let i = 0; this.rate === 8.5; i++) await this.send(i % 2 === 0 ? 201 : 429);
	}

	/** Narrows the search: quiet seconds halve the gap to the refused 8.5/s, each 429 narrows it from above. */
	async closeInOnTheLimit(): Promise<void> {
		await this.learnHalfOf8_5();
		for (let i = 0; i < 40; i++) {
			const before = this.rate!;
			while (this.rate === before) await this.send(201);
			if (i % 2 === 0) await this.send(429);
		}
	}
}

async function withPacer(maxWindow: number, script: (driver: Driver) => Promise<void>, startAt = 10_000): Promise<void> {
	const clock = new SimulatedClock();
	await clock.run(
		(async () => {
			await clock.sleep(startAt);
			await script(new Driver(new Pacer(maxWindow, clock), clock));
		})(),
	);
}

describe('Pacer: the rules of its state table (simulated clock)', () => {
	it('Concurrency caps the requests in flight: a third request leaves when one of two is answered', async () => {
		await withPacer(2, async (run) => {
			const sentAt = await Promise.all([0, 1, 2].map(async () => await run.send(201, 100)));

			expect(sentAt).toEqual([10_000, 10_000, 10_100]);
		});
	});

	it('open: answers that come back together do not send the next requests together, but a round trip ÷ (1.25 × Concurrency) apart', async () => {
		await withPacer(4, async (run) => {
			// No round trip known yet: the first four leave at once.
			expect(await Promise.all([0, 1, 2, 3].map(async () => await run.send(201, 20)))).toEqual([10_000, 10_000, 10_000, 10_000]);

			// All four answered at 10 020 after 20 ms: the next four leave 20 ÷ 5 = 4 ms apart, each up to 1 ms
			// early (a timer cannot wait less).
			expect(await Promise.all([0, 1, 2, 3].map(async () => await run.send(201, 20)))).toEqual([10_020, 10_023, 10_027, 10_031]);
		});
	});

	it('open: the spacing never holds back a request that has the window to itself', async () => {
		await withPacer(4, async (run) => {
			expect(await run.inTurn([201, 201, 201, 201], 2)).toEqual([10_000, 10_002, 10_004, 10_006]);
		});
	});

	it('the first 429 starts the rate at what got through before it, over the time the run has taken', async () => {
		await withPacer(10, async (run) => {
			// 8 accepted over 2 s of the run, then a 429: 8 ÷ 2.01 s.
			for (let i = 0; i < 8; i++) {
				await run.until(10_000 + 250 * i);
				await run.send(201);
			}
			await run.until(12_000);
			await run.send(429);

			expect(run.rate).toBeCloseTo(8 / 2.01, 6);
			// The whole run then waits for Retry-After (1 s from the answer at 12 010).
			expect(await run.send(201)).toBe(13_010);
		});
	});

	it('after the first 429, half as many requests as were in flight go at once, and more as answers come', async () => {
		await withPacer(8, async (run) => {
			// 4 in flight; the first answer is a 429 while 3 are still out (their 429s are old news).
			await Promise.all([run.send(429, 10), run.send(429, 20), run.send(429, 20), run.send(429, 20)]);
			expect(run.rate).toBe(1);

			// Room for 2 (half of 4): a third leaves only when an answer is in, 5 s later.
			const sentAt = await Promise.all([0, 1, 2].map(async () => await run.send(201, 5000)));
			expect(sentAt.slice(0, 2)).toEqual([11_010, 12_010]);
			expect(sentAt[2]).toBe(16_010);
		});
	});

	it('a 429 to a request sent alone leaves room for one request at a time', async () => {
		await withPacer(8, async (run) => {
			await run.send(429);
			const sentAt = await Promise.all([run.send(201, 3000), run.send(201, 3000)]);

			expect(sentAt).toEqual([11_010, 14_010]);
		});
	});

	it('probing: each accepted answer raises the rate by 1.5/s, and requests leave 1/rate apart', async () => {
		await withPacer(10, async (run) => {
			await Promise.all([0, 1, 2, 3].map(async () => await run.send(201)));
			await run.send(429);
			expect(run.rate).toBe(4);

			const rates: Array<number | undefined> = [];
			const sentAt: number[] = [];
			for (let i = 0; i < 3; i++) {
				sentAt.push(await run.send(201));
				rates.push(run.rate);
			}
			expect(rates).toEqual([5.5, 7, 8.5]);
			expect(sentAt[0]).toBe(11_020);
			expect(sentAt[1]).toBeCloseTo(11_020 + 1000 / 5.5, 6);
			expect(sentAt[2]).toBeCloseTo(sentAt[1] + 1000 / 7, 6);
		});
	});

	it('measuring: after a 429 while probing the rate is held for at least a second, then set to what the API accepted', async () => {
		await withPacer(10, async (run) => {
			await run.startMeasuringAt8_5();
			const measureFrom = run.now;

			const held: Array<{ at: number; rate: number | undefined }> = [];
			for (let i = 0; run.rate === 8.5 && i < 100; i++) {
				await run.send(i % 2 === 0 ? 201 : 429);
				held.push({ at: run.now, rate: run.rate });
			}
			const changed = held.findIndex((h) => h.rate !== 8.5);
			expect(held[changed].at - measureFrom).toBeGreaterThanOrEqual(1000);
			// Every other request accepted at 8.5/s: the API takes about 4.25/s.
			expect(run.rate).toBeGreaterThan(8.5 * 0.4);
			expect(run.rate).toBeLessThan(8.5 * 0.6);
		});
	});

	it('measuring: a 429 while the API took nearly everything else was a clump of late requests, not the limit: probing goes on', async () => {
		await withPacer(10, async (run) => {
			await run.startMeasuringAt8_5();
			const measureFrom = run.now;

			// The API accepts every request from here on: its limit is well above 8.5/s.
			while (run.now - measureFrom < 3000) await run.send(201);
			// Before: the measurement took the pacer's own 8.5/s for the API's rate and held it for 10 s
			// (issue 29: Resend x100 ran at a third of the limit).
			expect(run.rate).toBeGreaterThan(17);
		});
	});

	it('measuring with nothing accepted for 5 s: the run pauses for the last Retry-After and halves its rate', async () => {
		await withPacer(10, async (run) => {
			await run.startMeasuringAt8_5();
			const measureFrom = run.now;

			const rates: Array<number | undefined> = [];
			while (run.now - measureFrom < 5000) {
				await run.send(429, 10, 2000);
				rates.push(run.rate);
			}
			expect(rates.slice(0, -1).every((rate) => rate === 8.5)).toBe(true);
			expect(run.rate).toBe(4.25);
			const blockedAt = run.now;
			expect(await run.send(201)).toBe(blockedAt + 2000);
		});
	});

	it('paced: accepted answers do not raise the rate step by step; a quiet second raises it halfway to the rate refused', async () => {
		await withPacer(10, async (run) => {
			await run.learnHalfOf8_5();
			const learned = run.rate!;
			const pacedFrom = run.now;

			const rates: number[] = [];
			while (run.rate === learned) {
				await run.send(201);
				rates.push(run.rate!);
			}
			expect(run.now - pacedFrom).toBeGreaterThanOrEqual(1000);
			expect(run.rate).toBeCloseTo((learned + 8.5) / 2, 6);

			// A 429 at that higher rate: back to the highest rate that went a quiet second without one.
			await run.send(429);
			expect(run.rate).toBeCloseTo(learned, 6);
		});
	});

	it('paced: a 429 at the rate that was good means the limit went down: 3 % below it', async () => {
		await withPacer(10, async (run) => {
			await run.learnHalfOf8_5();
			const learned = run.rate!;

			await run.send(201);
			await run.send(429);
			expect(run.rate).toBeCloseTo(learned * 0.97, 6);
		});
	});

	it('paced: once refused and accepted rates are within 2 %, it looks above the limit only after 10 quiet spans', async () => {
		await withPacer(10, async (run) => {
			await run.closeInOnTheLimit();
			// Now close: a rate held for 10 s (at these rates a quiet span is 1 s), then 2 % above it.
			const closeRate = run.rate!;
			const heldFrom = run.now;
			while (run.rate === closeRate) await run.send(201);

			expect(run.now - heldFrom).toBeGreaterThanOrEqual(10_000);
			expect(run.now - heldFrom).toBeLessThan(11_000);
			expect(run.rate! / closeRate).toBeCloseTo(1.02, 6);
		});
	});

	it('paced: each quiet recheck above the limit looks twice as far as the last, until a 429 (late answers had set it too low)', async () => {
		await withPacer(10, async (run) => {
			await run.closeInOnTheLimit();
			const closeRate = run.rate!;
			while (run.rate === closeRate) await run.send(201);
			// The first recheck, 10 quiet spans later: 2 % up. Then every quiet span, further each time.
			const steps: number[] = [];
			const climbFrom = run.now;
			while (run.rate! < 2 * closeRate) {
				const before = run.rate!;
				while (run.rate === before) await run.send(201);
				steps.push(run.rate! / before);
			}
			expect(run.now - climbFrom).toBeLessThan(15_000);
			expect(Math.max(...steps.slice(-3))).toBeGreaterThan(1.1);

			// A 429 up there: back to the last quiet rate, and the next recheck is the narrow one again.
			const lastQuiet = run.rate! / steps[steps.length - 1];
			await run.send(429);
			expect(run.rate).toBeCloseTo(lastQuiet, 6);
		});
	});

	it('paced: 429s with nothing accepted for a whole span after a change pause the run and halve the rate', async () => {
		await withPacer(10, async (run) => {
			await run.learnHalfOf8_5();
			const learned = run.rate!;
			const changedAt = run.now;

			const seen: Array<{ after: number; rate: number | undefined }> = [];
			while (run.rate === learned) {
				await run.send(429, 10, 3000);
				seen.push({ after: run.now - changedAt, rate: run.rate });
			}
			// Refusals within the first second after the change are the API's empty bucket: no change.
			const early = seen.filter((s) => s.after < 1000);
			expect(early.length).toBeGreaterThanOrEqual(3);
			expect(early.every((s) => s.rate === learned)).toBe(true);
			expect(seen[seen.length - 1].after).toBeGreaterThanOrEqual(1000);
			expect(run.rate).toBeCloseTo(learned / 2, 6);
			const blockedAt = run.now;
			expect(await run.send(201)).toBe(blockedAt + 3000);
		});
	});

	it('a request waiting for its slot when a pause begins leaves only after the pause', async () => {
		await withPacer(4, async (run) => {
			await run.send(429);
			expect(run.rate).toBe(1);
			// One leaves at 11 010; the next one's slot would be at 11 410 (2.5/s once the first is in).
			const first = run.send(201);
			const second = run.send(201);
			await run.until(11_100);
			// A 503 to a request sent after the last pause was decided starts a new one: 3 s.
			run.pacer.pauseFrom(11_010, 3000);

			expect(await first).toBe(11_010);
			expect(await second).toBe(14_100);
		});
	});

	it('open: a request waiting for its spaced slot when the first pause begins leaves only after the pause', async () => {
		await withPacer(2, async (run) => {
			// A round trip of 1 s known: while open, requests leave 1000 ÷ (1.25 × 2) = 400 ms apart.
			await run.send(201, 1000);
			const first = run.send(201, 10);
			const second = run.send(201, 10);
			await run.until(11_100);
			run.pacer.pauseFrom(11_000, 3000);

			expect(await first).toBe(11_000);
			// Before: it left at 11 399, into the pause the API had just asked for (issue 29).
			expect(await second).toBe(14_100);
		});
	});

	it('measuring: a pause during the measurement is not counted as time the API refused to take requests', async () => {
		await withPacer(10, async (run) => {
			await run.startMeasuringAt8_5();
			// A 2 s pause begins with the measurement (a Retry-After told to an answer that came late).
			run.pacer.pauseFrom(run.now, 2000);

			for (let i = 0; run.rate === 8.5 && i < 100; i++) await run.send(i % 2 === 0 ? 201 : 429);
			// Every other request accepted at 8.5/s after the pause: about 4.25/s. Before: 5 accepted over
			// the pause and the second after it, 1.7/s (issue 29: a third of the limit).
			expect(run.rate).toBeGreaterThan(8.5 * 0.4);
			expect(run.rate).toBeLessThan(8.5 * 0.6);
		});
	});

	it('pauses: an answer to a request sent before the pause was decided does not push it further out', async () => {
		await withPacer(4, async (run) => {
			run.pacer.pauseFrom(10_000, 2000);
			await run.until(10_500);
			// Sent at 10 000 like the one that set the pause: same news, same pause.
			run.pacer.pauseFrom(10_000, 2000);
			expect(await run.send(201)).toBe(12_000);

			// Once the pause is over, even an old request's 503 starts a new one.
			run.pacer.pauseFrom(10_000, 1000);
			const at = run.now;
			expect(await run.send(201)).toBe(at + 1000);
		});
	});

	it('progress: an accepted answer since the mark, or one less than 2 s ago, counts; nothing accepted never does', async () => {
		await withPacer(4, async (run) => {
			expect(run.pacer.madeProgressSince(0)).toBe(false);
			const mark = run.pacer.progress;
			await run.send(201);
			const acceptedAt = run.now;

			expect(run.pacer.madeProgressSince(mark)).toBe(true);
			const now = run.pacer.progress;
			await run.until(acceptedAt + 1999);
			expect(run.pacer.madeProgressSince(now)).toBe(true);
			await run.until(acceptedAt + 2000);
			expect(run.pacer.madeProgressSince(now)).toBe(false);
		});
	});
});
