/**
 * Change detection for the trigger: pure, no I/O. One poll reads every account user; this module
 * compares what it read with what the previous poll kept and says which events happened.
 *
 * | previous status (kept)  | status now          | event                |
 * | ----------------------- | ------------------- | -------------------- |
 * | none (id not kept)      | anything            | User Added           |
 * | Invited / Expired       | Active              | Invitation Accepted  |
 * | none / anything else    | InvitationExpired   | Invitation Expired   |
 * | kept, now absent        | —                   | none (user removed)  |
 *
 * Only the states a poll sees count: a user who goes Invited → Expired → Invited → Active between two
 * polls is one Invitation Accepted. A new user whose invitation already expired is both User Added
 * and Invitation Expired.
 */

export type TriggerEvent = 'invitationAccepted' | 'invitationExpired' | 'userAdded';

export const TRIGGER_EVENTS: TriggerEvent[] = ['invitationAccepted', 'invitationExpired', 'userAdded'];

export const INVITED = 'Invited';
export const ACTIVE = 'Active';
export const EXPIRED = 'InvitationExpired';

/** One account user as a poll saw it. */
export interface ObservedUser {
	id: string;
	status: string;
}

/**
 * What the trigger keeps in the workflow's static data between polls: one short entry per user,
 * so that large accounts stay small (about 20 bytes a user).
 */
export interface WatchState {
	version: 1;
	/** Where the users were read: a state kept for another account or endpoint is not compared with. */
	scope: string;
	/** Account-user ID → status code (see STATUS_CODES). */
	users: Record<string, string>;
}

export interface Change {
	id: string;
	event: TriggerEvent;
	/** The status the previous poll saw; null for a user it did not know. */
	previousStatus: string | null;
	/** Position of the user in the list the poll read, to find its full record. */
	index: number;
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

export function encodeStatus(status: string): string {
	return STATUS_CODES[status] ?? `${VERBATIM}${status}`;
}

export function decodeStatus(code: string): string {
	if (code.startsWith(VERBATIM)) return code.slice(VERBATIM.length);
	return STATUS_NAMES[code] ?? code;
}

/** The state kept in static data, or undefined when there is none or it is not one this code wrote. */
export function readState(stored: unknown): WatchState | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const candidate = stored as Partial<WatchState>;
	if (candidate.version !== 1 || typeof candidate.scope !== 'string') return undefined;
	const users = candidate.users;
	if (users === null || typeof users !== 'object' || Array.isArray(users)) return undefined;
	for (const code of Object.values(users)) if (typeof code !== 'string') return undefined;
	return { version: 1, scope: candidate.scope, users: { ...users } };
}

function eventsFor(previous: string | undefined, current: string): TriggerEvent[] {
	const events: TriggerEvent[] = [];
	if (previous === undefined) events.push('userAdded');
	else if (current === ACTIVE && (previous === INVITED || previous === EXPIRED)) events.push('invitationAccepted');
	if (current === EXPIRED && previous !== EXPIRED) events.push('invitationExpired');
	return events;
}

/**
 * Compares one poll's read with the kept state.
 * `complete`: false when the list moved while it was read (its total changed, or a user showed up
 * on two pages); a kept user missing from such a read may only have slid between two pages, so it
 * stays kept instead of being dropped, and comes back without a second User Added.
 */
export function compare(
	previous: WatchState | undefined,
	observed: ObservedUser[],
	scope: string,
	complete = true,
): Comparison {
	const users: Record<string, string> = {};
	const seen = new Map<string, number>();
	// A user listed twice (the list moved between pages) counts once, as last seen.
	observed.forEach((user, index) => seen.set(user.id, index));

	const usable = previous !== undefined && previous.scope === scope;
	const changes: Change[] = [];
	for (const [id, index] of seen) {
		const status = observed[index].status;
		users[id] = encodeStatus(status);
		if (!usable) continue;
		const code = previous.users[id];
		const before = code === undefined ? undefined : decodeStatus(code);
		for (const event of eventsFor(before, status)) {
			changes.push({ id, event, previousStatus: before ?? null, index });
		}
	}
	if (usable && !complete) {
		for (const [id, code] of Object.entries(previous.users)) if (!seen.has(id)) users[id] = code;
	}
	changes.sort((a, b) => a.index - b.index);
	return { firstRun: !usable, changes, next: { version: 1, scope, users } };
}
