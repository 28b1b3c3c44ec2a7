import { sleep } from 'n8n-workflow';

/**
 * Run-wide pacing: one per node run, shared by every request, so that a rate limit told to one
 * request slows the whole run, and the run then sends at the rate the API lets through.
 *
 * | state     | how requests leave                              | next state                                          |
 * | --------- | ----------------------------------------------- | --------------------------------------------------- |
 * | open      | as Concurrency allows (no limit seen yet), at   | first 429 → pause for its Retry-After, then probing |
 * |           | most 1.25 × Concurrency per round trip          |                                                     |
 * | probing   | one every 1/rate s; rate grows ×4.5 a second    | 429 → measuring                                     |
 * | measuring | same spacing, rate held; refused ones re-queue; | ≥ 1 s later: rate = accepted ÷ time → paced; but    |
 * |           | counted from the end of any pause               | < 1 refused per 10 accepted → probing (a clump)     |
 * | paced     | one every 1/rate s                              | 1 s without 429: rate halfway up to the lowest rate |
 * |           |                                                 | refused; 429: back to the highest rate that was not |
 * |           |                                                 | 429 with nothing accepted for 1 s → pause           |
 *
 * While the API refuses some requests and accepts others it accepts exactly its own rate, which is
 * what `measuring` counts; `paced` then closes in on the limit from both sides. That holds only while
 * the pacer sends faster than the API takes: requests that reach the API together (answers that came
 * back together, an event loop that stalled, an item's second request right behind its first) can
 * empty a small burst at a rate well below the limit, and the API then takes nearly all of the held
 * rate, so counting it would measure the pacer's own rate (issue 29: a third of the limit, kept for
 * 10 s and more). Few refusals while measuring therefore send the pacer back to probing. A pause (Retry-After
 * of a 429 in `open`, of a 503, or when nothing gets through) holds every request, and those
 * waiting leave one slot apart when it ends. Concurrency follows AIMD: halved at a 429 pause,
 * +1/window for every accepted answer.
 */

export interface PacingClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: PacingClock = { now: () => Date.now(), sleep };

/** One request's passage through the pacer. */
export interface Turn {
	sentAt: number;
}

type Mode = 'open' | 'probing' | 'measuring' | 'paced';

/** Slowest rate the pacer will settle on, requests per second. */
const MIN_RATE = 0.2;
/** Growth per accepted answer while probing: the rate grows ×4.5 a second. */
const PROBE_STEP = 1.5;
/** How long a rate must go without a 429 before the pacer tries a higher one. */
const QUIET_MS = 1000;
/** Below this gap between the highest accepted and lowest refused rate, the search stops narrowing. */
const CLOSE_ENOUGH = 0.02;
/** How many quiet spans to wait before looking above a limit the search has closed in on. */
const RECHECK_FACTOR = 10;
const MEASURE_MIN_MS = 1000;
const MEASURE_MAX_MS = 5000;
const MEASURE_MIN_ACCEPTED = 5;
/** Fewer refusals than this per accepted answer while measuring: the held rate is below the limit. */
const MEASURE_MIN_REFUSED_SHARE = 0.1;
/** An acceptance this recent still counts as the run making progress. */
const RECENT_PROGRESS_MS = 2000;
/**
 * While open, requests leave no faster than this many times Concurrency ÷ round trip: never what
 * holds the run back (the window does that), but enough to spread a clump of answers out again.
 */
const OPEN_SPREAD = 1.25;
/** How far ahead of its slot an open request may leave: timers cannot wait less than 1 ms. */
const OPEN_TOLERANCE_MS = 1;

export class Pacer {
	private mode: Mode = 'open';
	/** Requests per second; undefined while open. */
	private rate: number | undefined;
	private lastSlotAt = 0;
	private slotQueue: Promise<void> = Promise.resolve();
	private pausedUntil = 0;
	/** When the current pause was decided: answers to requests sent before it carry no news. */
	private pauseDecidedAt = 0;
	private window: number;
	private inFlight = 0;
	private readonly windowWaiters: Array<() => void> = [];

	/** Answers other than 429 and 503 so far: the run's progress. */
	private accepted = 0;
	private readonly startedAt: number;
	/** When the rate last changed: 429s to requests sent before it are old news. */
	private changedAt = 0;
	private acceptedAtChange = 0;
	private measureStartedAt = 0;
	/** Answers to requests sent while measuring: accepted, and refused with 429. */
	private acceptedInMeasure = 0;
	private refusedInMeasure = 0;
	private lastRetryAfterMs = 0;
	private lastAcceptedAt = 0;
	/** Highest rate that went a quiet span without a 429, lowest that drew one (per second). */
	private good = 0;
	private bad = Infinity;
	private quietSince = 0;
	/** How far above the known limit the next quiet recheck looks (0: the first, narrow one). */
	private climb = 0;
	/** Round trip of recent answers, ms (moving average; 0 until the first answer). */
	private roundTripMs = 0;
	/** While open: when the next request's slot is due. */
	private openSlotAt = 0;

	constructor(
		private readonly maxWindow: number,
		private readonly clock: PacingClock = SYSTEM_CLOCK,
	) {
		this.window = maxWindow;
		this.startedAt = clock.now();
	}

	/** A number that grows whenever the API accepts a request of this run. */
	get progress(): number {
		return this.accepted;
	}

	/**
	 * Whether the run got anything through since `mark` (a `progress` taken earlier) or lately: a
	 * 429 then is the pacing's doing, not a sign that the API refuses this item.
	 */
	madeProgressSince(mark: number): boolean {
		return this.accepted > mark || (this.accepted > 0 && this.clock.now() - this.lastAcceptedAt < RECENT_PROGRESS_MS);
	}

	/** For tests and messages: the rate the run sends at, undefined while no limit was seen. */
	get currentRate(): number | undefined {
		return this.rate;
	}

	/** Waits until the request may leave: no pause, room in the window, its slot in the rate. */
	async turn(): Promise<Turn> {
		for (;;) {
			const now = this.clock.now();
			if (this.pausedUntil > now) {
				await this.clock.sleep(this.pausedUntil - now);
				continue;
			}
			if (this.inFlight >= Math.floor(this.window)) {
				await new Promise<void>((resolve) => this.windowWaiters.push(resolve));
				continue;
			}
			this.inFlight++;
			if (this.rate === undefined) {
				if (this.roundTripMs > 0) await this.openSlot();
				// The first 429's pause may have begun while this request waited for its spaced slot.
				if (this.pausedUntil > this.clock.now()) {
					this.leave();
					continue;
				}
				return { sentAt: this.clock.now() };
			}
			if (!(await this.slot())) {
				// A pause began while this request waited for its slot: queue again behind it.
				this.leave();
				continue;
			}
			return { sentAt: this.clock.now() };
		}
	}

	/**
	 * Requests take slots one after the other, each 1/rate after the last. Only the first in line
	 * waits on the clock, with the rate as it is then, so a rate that grows takes effect at once.
	 */
	private async slot(): Promise<boolean> {
		const previous = this.slotQueue;
		let done!: () => void;
		this.slotQueue = new Promise<void>((resolve) => (done = resolve));
		await previous;
		try {
			for (;;) {
				const now = this.clock.now();
				if (this.pausedUntil > now) return false;
				const due = this.lastSlotAt + 1000 / (this.rate ?? Infinity);
				if (now >= due) {
					this.lastSlotAt = now;
					return true;
				}
				await this.clock.sleep(due - now);
			}
		} finally {
			done();
		}
	}

	/**
	 * While no limit is known: n8n opens a new connection per request, so answers that arrive
	 * together send their next requests together, and a run whose requests go in one clump waits
	 * for the slowest answer of each. Spacing them by the round trip keeps the clump from forming.
	 */
	private async openSlot(): Promise<void> {
		const previous = this.slotQueue;
		let done!: () => void;
		this.slotQueue = new Promise<void>((resolve) => (done = resolve));
		await previous;
		try {
			const spacingMs = this.roundTripMs / (OPEN_SPREAD * Math.floor(this.window));
			let now = this.clock.now();
			const wait = this.openSlotAt - OPEN_TOLERANCE_MS - now;
			if (wait > 0) {
				await this.clock.sleep(wait);
				now = this.clock.now();
			}
			this.openSlotAt = Math.max(this.openSlotAt, now) + spacingMs;
		} finally {
			done();
		}
	}

	/** Every turn ends here once its answer (or network failure) is in; `status` 0 for no answer. */
	finish(turn: Turn, status: number): void {
		this.leave();
		if (status !== 0) {
			const roundTripMs = this.clock.now() - turn.sentAt;
			this.roundTripMs = this.roundTripMs === 0 ? roundTripMs : 0.8 * this.roundTripMs + 0.2 * roundTripMs;
		}
		if (status === 0 || status === 429 || status === 503) return;
		this.accepted++;
		this.lastAcceptedAt = this.clock.now();
		if (this.window < this.maxWindow) {
			this.window = Math.min(this.maxWindow, this.window + 1 / Math.max(1, this.window));
			this.wakeWindowWaiters();
		}
		if (this.mode === 'measuring' && turn.sentAt >= this.measureStartedAt) this.acceptedInMeasure++;
		if (this.mode === 'probing' && this.rate !== undefined) this.rate += PROBE_STEP;
		else if (this.mode === 'paced') this.raiseIfQuiet();
		this.endMeasureIfDue();
	}

	/**
	 * A 429. Returns nothing: the caller decides whether the item's retries are used up, by asking
	 * whether the run made progress since the item's last refusal.
	 */
	rateLimited(turn: Turn, retryAfterMs: number): void {
		const now = this.clock.now();
		this.lastRetryAfterMs = retryAfterMs;
		if (this.mode === 'open') {
			// What got through before the first refusal is the API's burst; spread over at least a second
			// it is a rate that is safe to start from (one a second when nothing got through).
			const elapsedS = Math.max(1, (now - this.startedAt) / 1000);
			this.rate = Math.max(1, this.accepted / elapsedS);
			this.mode = 'probing';
			this.window = Math.max(1, Math.ceil(Math.min(this.window, this.inFlight + 1) / 2));
			this.pauseFrom(turn.sentAt, retryAfterMs);
			this.changed(now);
			return;
		}
		if (this.mode === 'measuring') {
			if (turn.sentAt >= this.measureStartedAt) this.refusedInMeasure++;
			this.endMeasureIfDue();
			return;
		}
		if (turn.sentAt < this.changedAt) return;
		if (this.accepted === this.acceptedAtChange) {
			// Right after a change the API's bucket may still be empty; only a refusal after a whole
			// span with nothing accepted says that it refuses everything.
			if (now - this.changedAt >= Math.max(MEASURE_MIN_MS, 2000 / (this.rate ?? MIN_RATE))) {
				this.block(turn, now, retryAfterMs);
			}
			return;
		}
		const rate = this.rate ?? MIN_RATE;
		if (this.mode === 'probing') {
			this.bad = rate;
			this.mode = 'measuring';
			this.startMeasure(now);
		} else {
			this.bad = Math.min(this.bad, rate);
			// A refusal at or below the best known rate: the limit went down, or timing jitter.
			if (this.good >= rate) this.good = rate * 0.97;
			this.rate = Math.max(MIN_RATE, this.good);
			this.quietSince = now;
			this.climb = 0;
		}
		this.changed(now);
	}

	/** A quiet span at this rate: it is good; try halfway up to the lowest rate that drew a 429. */
	private raiseIfQuiet(): void {
		if (this.rate === undefined) return;
		const now = this.clock.now();
		const close = this.bad - this.rate < this.rate * CLOSE_ENOUGH;
		// Once the search has closed in, look above again only now and then: the limit may have risen.
		const quietMs = Math.max(QUIET_MS, 3000 / this.rate) * (close && this.climb === 0 ? RECHECK_FACTOR : 1);
		if (now - this.quietSince < quietMs) return;
		this.good = Math.max(this.good, this.rate);
		if (close) {
			// A recheck above the limit went quiet: the limit was set too low (late answers make 429s below
			// it), so each further one looks twice as far up, without the long wait.
			this.climb = this.climb === 0 ? 2 * CLOSE_ENOUGH : this.climb * 2;
			this.bad = this.good * (1 + this.climb);
		}
		// `bad` is always known here: `paced` is reached only through a 429 (measuring, or a block).
		this.rate = (this.good + this.bad) / 2;
		this.quietSince = now;
	}

	/**
	 * The whole run waits `waitMs` (a 503, or a 429 when nothing gets through). Answers to requests
	 * already in flight get the same answer: they wait for the pause that is set instead of each
	 * pushing it further out.
	 */
	pauseFrom(sentAt: number, waitMs: number): void {
		const now = this.clock.now();
		if (sentAt > this.pauseDecidedAt || this.pausedUntil <= now) {
			this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
			this.pauseDecidedAt = now;
			if (this.mode === 'measuring') this.startMeasure(now);
		}
	}

	/**
	 * Measures from when requests can leave: a pause inside the measurement would count as time the
	 * API refused everything, and the rate measured would be the share of it left (issue 29: a third).
	 * Only answers to requests sent after the start count; late answers carry no news of this rate.
	 */
	private startMeasure(now: number): void {
		this.measureStartedAt = Math.max(now, this.pausedUntil);
		this.acceptedInMeasure = 0;
		this.refusedInMeasure = 0;
	}

	/** Nothing got through since the last change: the API refuses everything for now. */
	private block(turn: Turn, now: number, retryAfterMs: number): void {
		this.rate = Math.max(MIN_RATE, (this.rate ?? MIN_RATE) / 2);
		this.good = Math.min(this.good, this.rate);
		this.bad = this.rate * 2;
		this.quietSince = now + retryAfterMs;
		this.climb = 0;
		this.mode = 'paced';
		this.window = Math.max(1, Math.ceil(this.window / 2));
		this.pauseFrom(turn.sentAt, retryAfterMs);
		this.changed(now);
	}

	private endMeasureIfDue(): void {
		if (this.mode !== 'measuring') return;
		const now = this.clock.now();
		const elapsed = now - this.measureStartedAt;
		const counted = this.acceptedInMeasure;
		if (elapsed < MEASURE_MIN_MS || (counted < MEASURE_MIN_ACCEPTED && elapsed < MEASURE_MAX_MS)) return;
		if (counted === 0) {
			this.block({ sentAt: now }, now, this.lastRetryAfterMs);
			return;
		}
		if (this.refusedInMeasure < counted * MEASURE_MIN_REFUSED_SHARE) {
			// The API took nearly all of the held rate: the 429 was a clump, and the limit lies above.
			this.bad = Infinity;
			this.mode = 'probing';
			this.changed(now);
			return;
		}
		// Accepted while some were refused: the API's own rate, or less when its burst is small.
		this.rate = Math.max(MIN_RATE, (counted * 1000) / elapsed);
		this.good = this.rate;
		this.quietSince = now;
		this.mode = 'paced';
		this.changed(now);
	}

	private changed(now: number): void {
		this.changedAt = now;
		this.acceptedAtChange = this.accepted;
	}

	private leave(): void {
		this.inFlight--;
		this.wakeWindowWaiters();
	}

	private wakeWindowWaiters(): void {
		// Every woken request checks the window again itself, in the order they came; there are at
		// most Concurrency of them, so waking them all costs little and needs no counting here.
		for (const wake of this.windowWaiters.splice(0)) wake();
	}
}
