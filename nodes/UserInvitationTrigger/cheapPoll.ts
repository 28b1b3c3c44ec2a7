import type { IDataObject } from 'n8n-workflow';
import { createdAtOf, invitationStatusOf, listedGroupIdsOf, updatedAtOf } from '../shared/softwareOne/accountUser';
import type { AccountUserPaths } from '../shared/softwareOne/endpoints';
import type { ApiSession } from '../shared/http/session';
import type { ObservedUser } from './changes';
import { readOneUser, readPendingUsers, readUserPage, readUsersCreatedSince } from './read';
import { type CostState, type Found, newSweep, Watch } from './watch';

/**
 * One poll whose cost follows the changes (docs/TRIGGER.md, "What a poll reads"):
 *
 * 1. the pending invitations, `eq(invitation.status,Invited)` (documented);
 * 2. the users created since the high-water mark, `ge(audit.created.at,"…")` (unconfirmed: on a 400
 *    the full read below replaces it, and it is tried again a reconcile period later);
 * 3. each watched user whose invitation was pending and who is in neither list, alone (`GET` by id:
 *    404 is a removal);
 * 4. when due (every Full Reconcile period, at the first poll, after an upgrade), the whole list
 *    ordered by id, page after page, until the poll's budget is half used; it goes on at the next poll
 *    where it stopped. After each page, every watched user whose id falls in the range the page
 *    covered and that no read saw is read alone, so a user that slid past a page edge is never lost
 *    and a removal is reported only on a 404.
 *
 * Every user is compared once per poll (the first read that shows it); a read that fails fails the
 * poll before anything is kept, as the full read always did.
 */

export interface CheapPollSettings {
	/** Whether every user is watched (User Removed or Groups Changed chosen). */
	every: boolean;
	/** 0 is never used here (it means the full read at every poll, poll.ts). */
	reconcileMs: number;
	reloaded: boolean;
	/** After this (epoch ms) no further page of a full reconcile and no lone read is started. */
	stopReadingAt: number;
	deadline: number;
	now?: () => number;
	warn?: (message: string) => void;
}

export interface CheapPollResult {
	firstRun: boolean;
	found: Found[];
	state: CostState;
}

const statusOf = (record: IDataObject) => invitationStatusOf(record) ?? '';

function createdAtMsOf(record: IDataObject): number | undefined {
	const ms = Date.parse(createdAtOf(record) ?? '');
	return Number.isFinite(ms) ? ms : undefined;
}

export function observedUser(record: IDataObject): ObservedUser {
	return { id: String(record.id), status: statusOf(record), updatedAt: updatedAtOf(record), groupIds: listedGroupIdsOf(record) };
}

export async function cheapPoll(
	api: ApiSession,
	paths: AccountUserPaths,
	kept: CostState | undefined,
	fresh: () => CostState,
	settings: CheapPollSettings,
): Promise<CheapPollResult> {
	const now = settings.now ?? Date.now;
	const state = kept ?? fresh();
	const watch = new Watch(state, { reloaded: settings.reloaded, every: settings.every });
	const see = (record: IDataObject, quiet = false) => watch.observe(record, observedUser(record), createdAtMsOf(record), quiet);
	const withinBudget = () => now() <= settings.stopReadingAt;
	/**
	 * One watched user no read showed; false when the budget is spent and it was not read. The first of
	 * a batch is always read (`first`), so that every poll moves on, however slow the server.
	 */
	const readAlone = async (id: string, quiet: boolean, first: boolean): Promise<boolean> => {
		if (!first && !withinBudget()) return false;
		const answer = await readOneUser(api, paths, id);
		if (answer === 'gone') watch.gone(id, quiet);
		else if (answer === 'unaskable') watch.passOver(id);
		else see(answer, quiet);
		return true;
	};

	const startedAt = now();
	if (state.mark !== undefined && !state.sweep?.quiet) {
		const pending = await readPendingUsers(api, paths, settings.deadline);
		const retryDates = state.dateFilterRefusedAt === undefined || startedAt >= state.dateFilterRefusedAt + Math.max(settings.reconcileMs, 3_600_000);
		const created = retryDates ? await readUsersCreatedSince(api, paths, state.mark, settings.deadline) : 'refused';
		if (created === 'refused') {
			if (retryDates) {
				state.dateFilterRefusedAt = startedAt;
				settings.warn?.(
					'The API refused the read of new users by date (ge(audit.created.at,…), answered 400): this poll and the next ones read every user instead, until the read by date is tried again a reconcile period later.',
				);
			}
			if (!state.sweep) state.sweep = newSweep(false, settings.every);
		} else {
			delete state.dateFilterRefusedAt;
			for (const record of created.users) see(record);
			if (created.complete) {
				watch.newUsersReadCompletely(
					created.users.flatMap((record) => {
						const at = createdAtMsOf(record);
						return at === undefined ? [] : [{ id: String(record.id), at }];
					}),
				);
			}
		}
		for (const record of pending.users) see(record);
		let first = true;
		// The users remembered at the mark that the read by date missed (removed, or slid past a page edge
		// of a moving list) are read alone too: a removed one is forgotten, so that the state stays bounded
		// under churn, and one that slid is still known. A quiet poll has none.
		const missedAtMark = created === 'refused' ? [] : watch.unseenAtMark();
		for (const id of new Set([...watch.pendingIds(), ...missedAtMark])) {
			if (!(await readAlone(id, false, first))) break;
			first = false;
		}
	}

	if (!state.sweep && (startedAt >= state.reconcileAt || (settings.every && !state.every))) state.sweep = newSweep(false, settings.every);
	let pages = 0;
	while (state.sweep) {
		const sweep = state.sweep;
		// At least one page a poll: a reconcile always ends.
		if (pages++ > 0 && !withinBudget()) break;
		const page = await readUserPage(api, paths, sweep.offset);
		for (const record of page.users) see(record, sweep.quiet);
		const ids = page.users.map((record) => String(record.id));
		const upTo = page.nextOffset === undefined ? undefined : ids.reduce((high, id) => (id > high ? id : high), sweep.after);
		let handledUpTo: string | undefined;
		for (const id of watch.unseenBetween(sweep.after, upTo).sort()) {
			if (!(await readAlone(id, sweep.quiet, handledUpTo === undefined))) break;
			handledUpTo = id;
		}
		const unseenLeft = watch.unseenBetween(handledUpTo ?? sweep.after, upTo).length > 0;
		// Not every lone read fitted: the same page is read again at the next poll, from the last user read alone on.
		if (unseenLeft) {
			if (handledUpTo !== undefined) sweep.after = handledUpTo;
			break;
		}
		if (page.nextOffset === undefined) {
			watch.finishSweep(startedAt + settings.reconcileMs);
			break;
		}
		sweep.offset = page.nextOffset;
		sweep.after = upTo ?? sweep.after;
	}
	return { firstRun: kept === undefined, found: watch.found, state: watch.result() };
}
