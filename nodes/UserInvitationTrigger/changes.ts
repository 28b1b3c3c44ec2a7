/**
 * Change detection for the trigger: pure, no I/O. One poll reads every account user; this module
 * compares what it read with what the previous poll kept and says which events happened.
 *
 * | previous status (kept)            | status now          | event                                 |
 * | --------------------------------- | ------------------- | ------------------------------------- |
 * | none (id not kept)                | anything            | User Added                            |
 * | Invited / Expired                 | Active              | Invitation Accepted                   |
 * | none / anything but Expired       | InvitationExpired   | Invitation Expired                    |
 * | Expired, state read back from     | InvitationExpired,  | Invitation Expired (previous status   |
 * | storage (`reloaded`)              | another audit mark  | Invited: a round the saved state      |
 * |                                   |                     | missed)                               |
 * | Expired, same poller as last time | InvitationExpired   | none (only the record was edited)     |
 * | kept, now absent                  | —                   | none; kept one more poll, marked      |
 * |                                   |                     | unseen                                |
 * | kept and marked unseen, absent    | —                   | dropped; User Removed when this read  |
 * | again                             |                     | was complete (else dropped silently)  |
 * | kept with a group fingerprint     | other groups        | Groups Changed (with any of the above)|
 * | kept without one (older state)    | any groups          | none: the fingerprint is recorded     |
 * | kept and marked unseen            | anything            | as if never marked (it slid past a    |
 * |                                   |                     | page edge while the list moved)       |
 *
 * Only the states a poll sees count: a user who goes Invited → Expired → Invited → Active between two
 * polls is one Invitation Accepted. A new user whose invitation already expired is both User Added
 * and Invitation Expired.
 *
 * Why the audit mark: n8n saves the kept state only when a poll starts an execution (and at publish
 * and start-up), so after a restart the trigger may compare with an older state. Expired → Invited
 * (a new invitation) starts nothing, so Expired → Invited → Expired across a restart would compare
 * Expired with Expired. The server's `audit.updated.at`, kept for expired users only, changes when a
 * new invitation is sent: a different mark on a state read back from storage is the second expiry.
 * While the same poller goes on (`reloaded` false) its state is the latest, and a different mark
 * only means the record was edited.
 *
 * Why one more poll: the list is read in pages; a user removed before a page edge while the pages are
 * read slides the next user onto the page already read, and a user added at the same time keeps the
 * total, so the read looks complete but missed one user. Dropping it at once would report it as User
 * Added next poll. Kept once more (marked unseen), it comes back without an event; missed twice in a
 * row, it is gone. So the state holds at most the users of this read and of the last one: bounded
 * under any churn, which the old rule (keep every missed user while reads are incomplete) was not.
 *
 * Ids are server text: they are kept only when they look like ids (see `isWatchableId`), and the
 * kept users are only ever read as own entries (Object.entries, Map), never looked up by key on a
 * plain object, so an id like `constructor` or `toString` finds no inherited value.
 */

import { unpackUsers } from './packedUsers';

export type TriggerEvent = 'invitationAccepted' | 'invitationExpired' | 'userAdded' | 'userRemoved' | 'groupsChanged';

export const TRIGGER_EVENTS: TriggerEvent[] = ['invitationAccepted', 'invitationExpired', 'userAdded', 'userRemoved', 'groupsChanged'];

export const INVITED = 'Invited';
export const ACTIVE = 'Active';
export const EXPIRED = 'InvitationExpired';

/** One account user as a poll saw it. */
export interface ObservedUser {
	id: string;
	status: string;
	/** `audit.updated.at` as the server sent it; undefined when it sent no audit block. */
	updatedAt?: string;
	/** The ids of the user's groups; undefined when the server sent no `groups` list (unknown). */
	groupIds?: string[];
}

/**
 * What the trigger keeps in the workflow's static data between polls: one short entry per user,
 * so that large accounts stay small (about 20 bytes a user).
 */
export interface WatchState {
	/**
	 * 3 since group fingerprints (`k3f9x2#A`), 2 since unseen marks; states of versions 1 and 2 still
	 * read (their users' groups count as unknown). Code from before version 3 reads a version 3 state
	 * as no state: a downgrade starts over (reports nothing once) instead of misreading entries.
	 */
	version: 1 | 2 | 3 | 4 | 5;
	/** Where the users were read: a state kept for another account or endpoint is not compared with. */
	scope: string;
	/** Account-user ID → status code (see STATUS_CODES); an expired user's code carries its audit mark. */
	users: Record<string, string>;
}

export interface Change {
	id: string;
	event: TriggerEvent;
	/** The status the previous poll saw; null for a user it did not know. */
	previousStatus: string | null;
	/** Position of the user in the list the poll read, to find its full record; -1 for a removed user (no record). */
	index: number;
}

export interface CompareOptions {
	/**
	 * True when the kept state was read back from storage (after a publish or a restart) rather than
	 * left by this poller's previous poll: it may be older than the last poll, so a changed audit
	 * mark on an expired user counts as a new expiry.
	 */
	reloaded?: boolean;
	/**
	 * False when the list moved while it was read (`UserRead.complete`): a user missing from such a
	 * read is still dropped on its second miss, but never reported removed. Defaults to true.
	 */
	complete?: boolean;
}

export interface Comparison {
	/** True when there was no usable state: the poll only records, it reports nothing. */
	firstRun: boolean;
	changes: Change[];
	next: WatchState;
}

const STATUS_CODES: Record<string, string> = { [INVITED]: 'I', [ACTIVE]: 'A', [EXPIRED]: 'E' };
const STATUS_NAMES: Record<string, string> = { I: INVITED, A: ACTIVE, E: EXPIRED };
/** Statuses the API may add later are kept verbatim behind this mark, never mistaken for a code. */
const VERBATIM = '~';
/** Between an expired user's code and its audit mark: `E@mf3k2x1a`. */
const MARK_SEPARATOR = '@';
/** Before the entry of a kept user the last poll did not see: `-I`. No code or verbatim status starts with it. */
const UNSEEN = '-';
/** After an entry's group fingerprint, which leads the entry: `k3f9x2#A`. No code starts with a base-36 digit and `#`. */
const GROUPS_SEPARATOR = '#';
const FINGERPRINTED = /^([0-9a-z]{1,7})#/;

/**
 * A short fingerprint of a set of group ids: 32-bit FNV-1a of the sorted, de-duplicated ids, in
 * base 36 (at most 7 characters). Two different sets share one with odds of 1 in 2^32 (about 2.3 in
 * ten billion), so a change of a user's groups goes unreported about once in 4 billion changes.
 */
export function groupsFingerprint(groupIds: string[]): string {
	let hash = 0x811c9dc5;
	const text = [...new Set(groupIds)].sort().join('\n');
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(36);
}

/**
 * An id the state can keep: the API's ids look like AUSR-1234-5678. Letters, digits and `._:-`,
 * starting with a letter or digit, at most 100 characters: `__proto__` (which JSON copies and
 * n8n's deep copy would turn into a prototype) and anything else odd is not followed.
 */
export function isWatchableId(id: unknown): id is string {
	return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(id);
}

/** An entry without the mark of a user the last read missed (version 2 and 3 states). */
export function withoutUnseenMark(entry: string): string {
	return entry.startsWith(UNSEEN) ? entry.slice(UNSEEN.length) : entry;
}

export function encodeStatus(status: string): string {
	return STATUS_CODES[status] ?? `${VERBATIM}${status}`;
}

export function decodeStatus(code: string): string {
	if (code.startsWith(VERBATIM)) return code.slice(VERBATIM.length);
	return STATUS_NAMES[code] ?? code;
}

/** `audit.updated.at` in 8 characters (milliseconds in base 36); undefined when it is not a time. */
export function auditMark(updatedAt: string | undefined): string | undefined {
	if (updatedAt === undefined) return undefined;
	const ms = Date.parse(updatedAt);
	return Number.isFinite(ms) ? ms.toString(36) : undefined;
}

/**
 * What is kept for one user: the group fingerprint (when the server sent the groups), the status
 * code, and for an expired user the audit mark: `k3f9x2#E@mvyyxvk0`.
 */
export function encodeEntry(user: ObservedUser): string {
	const code = encodeStatus(user.status);
	const mark = user.status === EXPIRED ? auditMark(user.updatedAt) : undefined;
	const groups = user.groupIds === undefined ? '' : `${groupsFingerprint(user.groupIds)}${GROUPS_SEPARATOR}`;
	return mark === undefined ? `${groups}${code}` : `${groups}${code}${MARK_SEPARATOR}${mark}`;
}

/**
 * The status, audit mark and group fingerprint of a kept entry (states written before marks or
 * fingerprints existed have none: unknown).
 */
export function decodeEntry(entry: string): { status: string; mark?: string; groups?: string } {
	const fingerprinted = FINGERPRINTED.exec(entry);
	const groups = fingerprinted?.[1];
	const rest = fingerprinted ? entry.slice(fingerprinted[0].length) : entry;
	const at = rest.startsWith(VERBATIM) ? -1 : rest.indexOf(MARK_SEPARATOR);
	const decoded: { status: string; mark?: string; groups?: string } =
		at < 0 ? { status: decodeStatus(rest) } : { status: decodeStatus(rest.slice(0, at)), mark: rest.slice(at + 1) };
	if (groups !== undefined) decoded.groups = groups;
	return decoded;
}

/** The state kept in static data, or undefined when there is none or it is not one this code wrote. */
export function readState(stored: unknown): WatchState | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const candidate = stored as Partial<WatchState>;
	// Versions 4 and 5 (watch.ts) hold every user only when `every` says so; otherwise they are no state here.
	const { version } = candidate;
	const known = version === 1 || version === 2 || version === 3 || ((version === 4 || version === 5) && (stored as { every?: unknown }).every === true);
	if (!known || version === undefined || typeof candidate.scope !== 'string') return undefined;
	const users = candidate.users;
	if (users === null || typeof users !== 'object' || Array.isArray(users)) return undefined;
	// Version 5 keeps its Active users packed (packedUsers.ts): they are entries like the others here.
	const packed = version === 5 ? unpackUsers((stored as { active?: unknown }).active ?? '', (stored as { fingerprints?: unknown }).fingerprints ?? []) : [];
	if (packed === undefined) return undefined;
	const entries = [...packed, ...Object.entries(users)];
	for (const [, code] of entries) if (typeof code !== 'string') return undefined;
	// Own entries only, ids that look like ids only; the copy is built without key assignment.
	return { version, scope: candidate.scope, users: Object.fromEntries(entries.filter(([id]) => isWatchableId(id))) };
}

export interface Event {
	event: TriggerEvent;
	previousStatus: string | null;
}

/** The events between a kept entry (undefined: a user the state did not know) and what a read shows now. */
export function eventsFor(kept: string | undefined, current: ObservedUser, reloaded: boolean): Event[] {
	if (kept === undefined) {
		const added: Event[] = [{ event: 'userAdded', previousStatus: null }];
		if (current.status === EXPIRED) added.push({ event: 'invitationExpired', previousStatus: null });
		return added;
	}
	const { status: previous, groups } = decodeEntry(kept);
	// A fingerprint unknown then (a state from before version 3) or now (no groups sent) is only recorded.
	const regrouped =
		groups !== undefined && current.groupIds !== undefined && groups !== groupsFingerprint(current.groupIds)
			? [{ event: 'groupsChanged' as const, previousStatus: previous }]
			: [];
	return [...statusEventsFor(previous, decodeEntry(kept).mark, current, reloaded), ...regrouped];
}

function statusEventsFor(previous: string, mark: string | undefined, current: ObservedUser, reloaded: boolean): Event[] {
	if (current.status === ACTIVE && (previous === INVITED || previous === EXPIRED)) {
		return [{ event: 'invitationAccepted', previousStatus: previous }];
	}
	if (current.status !== EXPIRED) return [];
	if (previous !== EXPIRED) return [{ event: 'invitationExpired', previousStatus: previous }];
	// Expired then and now. From storage, another mark means a new invitation was sent and expired
	// while the saved state looked away; from this poller's last poll, it means an edit.
	const now = auditMark(current.updatedAt);
	if (reloaded && mark !== undefined && now !== undefined && now !== mark) {
		return [{ event: 'invitationExpired', previousStatus: INVITED }];
	}
	return [];
}

/** Compares one poll's read with the kept state. */
export function compare(
	previous: WatchState | undefined,
	observed: ObservedUser[],
	scope: string,
	{ reloaded = false, complete = true }: CompareOptions = {},
): Comparison {
	const users = new Map<string, string>();
	const seen = new Map<string, number>();
	// A user listed twice (the list moved between pages) counts once, as last seen.
	observed.forEach((user, index) => {
		if (isWatchableId(user.id)) seen.set(user.id, index);
	});

	const usable = previous !== undefined && previous.scope === scope;
	// Own entries only: no id is ever looked up on a plain object (`constructor`, `toString`).
	const kept = new Map<string, string>(usable ? Object.entries(previous.users) : []);
	const changes: Change[] = [];
	for (const [id, index] of seen) {
		const user = observed[index];
		users.set(id, encodeEntry(user));
		if (!usable) continue;
		const entry = kept.get(id);
		const before = entry?.startsWith(UNSEEN) ? entry.slice(UNSEEN.length) : entry;
		for (const { event, previousStatus } of eventsFor(before, user, reloaded)) {
			changes.push({ id, event, previousStatus, index });
		}
	}
	// Missed once: kept, marked; missed twice in a row: dropped, and reported removed when this read
	// was complete (a list that moved while it was read may have hidden the user twice).
	const removed: Change[] = [];
	for (const [id, entry] of kept) {
		if (seen.has(id)) continue;
		if (!entry.startsWith(UNSEEN)) users.set(id, `${UNSEEN}${entry}`);
		else if (complete) removed.push({ id, event: 'userRemoved', previousStatus: decodeEntry(entry.slice(UNSEEN.length)).status, index: -1 });
	}
	changes.sort((a, b) => a.index - b.index);
	return { firstRun: !usable, changes: [...changes, ...removed], next: { version: 3, scope, users: Object.fromEntries(users) } };
}
