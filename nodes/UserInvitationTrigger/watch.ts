import type { IDataObject } from 'n8n-workflow';
import {
	ACTIVE,
	decodeEntry,
	encodeEntry,
	eventsFor,
	INVITED,
	isWatchableId,
	type ObservedUser,
	readState,
	type TriggerEvent,
	withoutUnseenMark,
} from './changes';
import { isPackable, packUsers } from './packedUsers';

/**
 * The state of a poll whose cost follows the changes (state version 5; version 4 is the same without
 * the packed Active users): pure, no I/O. docs/TRIGGER.md has the rules; cheapPoll.ts does the reads.
 *
 * What it keeps: the users it watches (their entries as changes.ts encodes them), and the high-water
 * mark of `audit.created.at`. Watched are the users whose invitation is not accepted (Invited and
 * InvitationExpired), and every user when User Removed or Groups Changed is chosen (a removal or a
 * group change can only be told against what was there). So with the other three events the state
 * grows with the pending and expired invitations, not with the account.
 *
 * A user not kept is new when it was created at or after the mark and is not among the users already
 * seen there (`markIds`): two users created in the same millisecond, or a read of a moving list that
 * may have missed one, never make an addition count twice or vanish.
 */

export interface Sweep {
	/** Where the next page of the full read starts. */
	offset: number;
	/** The highest id (text order) the read has covered; '' at its start. */
	after: string;
	/** A first read (no state, or another scope): it records and reports nothing. */
	quiet: boolean;
	/** Whether it keeps every user (User Removed or Groups Changed were chosen when it started). */
	every: boolean;
	/** The newest `audit.created.at` it saw (epoch ms), and the ids seen then. */
	newest?: number;
	newestIds: string[];
}

export interface CostState {
	/** 5 since the Active users are stored packed (storedCostState); a version 4 state still reads. */
	version: 5;
	/** As in version 3: a state kept for another account or endpoint is not compared with. */
	scope: string;
	/** Watched users: id → entry (changes.ts: group fingerprint, status code, an expired user's audit mark). */
	users: Record<string, string>;
	/** True when `users` holds every user (the last full reconcile kept them all). */
	every: boolean;
	/** The high-water mark: the newest `audit.created.at` (epoch ms) up to which every user is known. */
	mark?: number;
	/** The users at or after the mark already seen (and reported, if new). */
	markIds: string[];
	/** When the next full reconcile starts (epoch ms). */
	reconcileAt: number;
	/** A full reconcile under way, continued at the next poll when one poll's budget did not reach the end. */
	sweep?: Sweep;
	/** When the server last refused a comparison on `audit.created.at` (400): full reads replace it until it is tried again. */
	dateFilterRefusedAt?: number;
}

/** One change a poll found: `record` is the user as read now (absent for a removal). */
export interface Found {
	id: string;
	event: TriggerEvent;
	previousStatus: string | null;
	record?: IDataObject;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function readSweep(value: unknown): Sweep | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	const sweep = value as Partial<Sweep>;
	if (!isTime(sweep.offset) || typeof sweep.after !== 'string' || typeof sweep.quiet !== 'boolean' || typeof sweep.every !== 'boolean') return undefined;
	if (sweep.newest !== undefined && !isTime(sweep.newest)) return undefined;
	if (!isStringList(sweep.newestIds)) return undefined;
	return { offset: sweep.offset, after: sweep.after, quiet: sweep.quiet, every: sweep.every, newest: sweep.newest, newestIds: sweep.newestIds.filter(isWatchableId) };
}

/** A full read from the start. */
export function newSweep(quiet: boolean, every: boolean): Sweep {
	return { offset: 0, after: '', quiet, every, newestIds: [] };
}

/** The state for a scope with nothing usable kept: a quiet full read records everyone first. */
export function freshCostState(scope: string, every: boolean): CostState {
	return { version: 5, scope, users: {}, every: false, markIds: [], reconcileAt: 0, sweep: newSweep(true, every) };
}

/**
 * The kept state as version 5, or undefined when there is none for this scope. A version 4 state is
 * the same without the packed Active users (every user in `users`). A state of versions 1–3 holds
 * every user the last full read saw: it is taken as it is (unseen marks dropped), with no mark yet,
 * and a full reconcile at once compares every user with it, as the trigger before version 4 would
 * have at its next poll. So nothing is reported twice, and nothing that happened is lost.
 */
export function readCostState(stored: unknown, scope: string, every: boolean): CostState | undefined {
	const version = stored !== null && typeof stored === 'object' ? (stored as { version?: unknown }).version : undefined;
	if (version === 4 || version === 5) {
		const candidate = stored as Partial<CostState>;
		// readState checks the entries (and unpacks version 5's Active users) whatever `every` says.
		const users = readState({ ...candidate, every: true })?.users;
		if (candidate.scope !== scope || users === undefined || typeof candidate.every !== 'boolean' || !isTime(candidate.reconcileAt)) return undefined;
		if (candidate.mark !== undefined && !isTime(candidate.mark)) return undefined;
		if (!isStringList(candidate.markIds)) return undefined;
		const sweep = candidate.sweep === undefined ? undefined : readSweep(candidate.sweep);
		if (candidate.sweep !== undefined && sweep === undefined) return undefined;
		const state: CostState = { version: 5, scope, users, every: candidate.every, markIds: candidate.markIds.filter(isWatchableId), reconcileAt: candidate.reconcileAt };
		if (candidate.mark !== undefined) state.mark = candidate.mark;
		if (sweep) state.sweep = sweep;
		if (isTime(candidate.dateFilterRefusedAt)) state.dateFilterRefusedAt = candidate.dateFilterRefusedAt;
		return state;
	}
	const older = readState(stored);
	if (older === undefined || older.scope !== scope) return undefined;
	const users = Object.fromEntries(Object.entries(older.users).map(([id, entry]) => [id, withoutUnseenMark(entry)]));
	return { version: 5, scope, users, every: true, markIds: [], reconcileAt: 0, sweep: newSweep(false, every) };
}

/**
 * The state as it is stored: the Active users packed into one string (packedUsers.ts), about 7 bytes
 * each instead of 28, the others (pending and expired invitations, statuses the API may add) as
 * entries. Only a state that keeps every user holds Active users.
 */
export function storedCostState(state: CostState): IDataObject {
	const entries = Object.entries(state.users);
	const active = entries.filter(([, entry]) => isPackable(entry));
	if (active.length === 0) return { ...state };
	return { ...state, users: Object.fromEntries(entries.filter(([, entry]) => !isPackable(entry))), ...packUsers(active) };
}

/** One poll's work on the state: what it saw, what changed, and the state it leaves. */
export class Watch {
	readonly found: Found[] = [];
	private readonly users: Map<string, string>;
	private readonly seen = new Set<string>();
	/** Users seen this poll with their `audit.created.at`. */
	private readonly created: Array<{ id: string; at: number }> = [];
	/** What the read of new users returned, when it ran and was complete: the mark moves only on it. */
	private newUsersRead?: Array<{ id: string; at: number }>;
	private readonly markAtStart?: number;
	private readonly markIdsAtStart: Set<string>;
	/** Users whose own read answered 404 this poll: no longer remembered at the mark. */
	private readonly goneIds = new Set<string>();

	constructor(
		readonly state: CostState,
		private readonly options: { reloaded: boolean; every: boolean },
	) {
		this.users = new Map(Object.entries(state.users));
		this.markAtStart = state.mark;
		this.markIdsAtStart = new Set(state.markIds);
	}

	/** Watched users whose invitation was pending: each one missing from the pending list is read alone. */
	pendingIds(): string[] {
		return [...this.users].filter(([id, entry]) => !this.seen.has(id) && decodeEntry(entry).status === INVITED).map(([id]) => id);
	}

	/** The users remembered at the mark that no read showed this poll. */
	unseenAtMark(): string[] {
		return [...this.markIdsAtStart].filter((id) => !this.seen.has(id));
	}

	/** Watched users in (after, upTo] (text order; upTo undefined: to the end) that no read saw this poll. */
	unseenBetween(after: string, upTo: string | undefined): string[] {
		return [...this.users.keys()].filter((id) => !this.seen.has(id) && id > after && (upTo === undefined || id <= upTo));
	}

	private isNew(id: string, createdAt: number | undefined): boolean {
		if (this.state.every) return true;
		return this.markAtStart !== undefined && createdAt !== undefined && createdAt >= this.markAtStart && !this.markIdsAtStart.has(id);
	}

	/** A user as a read shows it now; a user already seen this poll is not looked at twice. */
	observe(record: IDataObject, user: ObservedUser, createdAt: number | undefined, quiet: boolean): void {
		const { id } = user;
		if (!isWatchableId(id)) return;
		// Noted however often it is read: a reconcile's newest user may have been read before it started.
		if (createdAt !== undefined) this.noteNewest(id, createdAt);
		if (this.seen.has(id)) return;
		this.seen.add(id);
		if (createdAt !== undefined) this.created.push({ id, at: createdAt });
		const kept = this.users.get(id);
		if (!quiet && (kept !== undefined || this.isNew(id, createdAt))) {
			for (const { event, previousStatus } of eventsFor(kept, user, this.options.reloaded)) this.found.push({ id, event, previousStatus, record });
		}
		// A state that holds every user keeps them all until a full reconcile drops what is no longer watched.
		if (this.options.every || this.state.every || user.status !== ACTIVE) this.users.set(id, encodeEntry(user));
		else this.users.delete(id);
	}

	/** A watched user that cannot be read alone (an id no path takes): left as it is this poll. */
	passOver(id: string): void {
		this.seen.add(id);
	}

	/** A watched user whose own read answered 404: removed, for certain (no list read can hide it). */
	gone(id: string, quiet: boolean): void {
		this.seen.add(id);
		this.goneIds.add(id);
		const kept = this.users.get(id);
		if (kept === undefined) return;
		if (!quiet) this.found.push({ id, event: 'userRemoved', previousStatus: decodeEntry(kept).status });
		this.users.delete(id);
	}

	/** The read of users created since the mark, when it was complete (a moving list may have hidden one). */
	newUsersReadCompletely(users: Array<{ id: string; at: number }>): void {
		this.newUsersRead = users;
	}

	private noteNewest(id: string, at: number): void {
		const sweep = this.state.sweep;
		if (!sweep) return;
		if (sweep.newest === undefined || at > sweep.newest) {
			sweep.newest = at;
			sweep.newestIds = [id];
		} else if (at === sweep.newest && !sweep.newestIds.includes(id)) sweep.newestIds.push(id);
	}

	/** A full read reached the end of the list: the state now holds what it saw. */
	finishSweep(nextReconcileAt: number): void {
		const sweep = this.state.sweep;
		if (!sweep) return;
		// The mark comes from the full read when none exists yet, or when the server refuses the read of new users.
		if (this.state.mark === undefined || this.state.dateFilterRefusedAt !== undefined) {
			const newest = sweep.newest ?? 0;
			const mark = this.state.mark;
			if (mark === undefined || newest > mark) {
				this.state.mark = newest;
				this.state.markIds = [...sweep.newestIds];
			}
			this.newUsersRead = undefined;
		}
		this.state.every = sweep.every && this.options.every;
		if (!this.state.every) for (const [id, entry] of [...this.users]) if (decodeEntry(entry).status === ACTIVE) this.users.delete(id);
		// Keeping every user was asked for while this read dropped some: another full read, at once.
		this.state.reconcileAt = this.options.every && !this.state.every ? 0 : nextReconcileAt;
		delete this.state.sweep;
	}

	private markIdsNotGone(): string[] {
		return this.state.markIds.filter((id) => !this.goneIds.has(id));
	}

	/** The state to keep. */
	result(): CostState {
		const { state } = this;
		if (state.mark !== undefined && this.markAtStart !== undefined) {
			const read = this.newUsersRead;
			if (read) {
				// Every user created since the mark was read: it moves to the newest of them.
				const newest = Math.max(state.mark, ...read.map(({ at }) => at));
				const ids = new Set(newest === state.mark ? this.markIdsNotGone() : []);
				for (const { id, at } of [...read, ...this.created]) if (at >= newest) ids.add(id);
				state.mark = newest;
				state.markIds = [...ids];
			} else {
				// The mark stays; whoever was seen at or after it is remembered, so it is not new again. A
				// removed user is forgotten, or a list that moves at every read would grow it without end.
				const ids = new Set(this.markIdsNotGone());
				for (const { id, at } of this.created) if (at >= state.mark) ids.add(id);
				state.markIds = [...ids];
			}
		}
		state.users = Object.fromEntries(this.users);
		return state;
	}
}
