import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { type AccountUserList, accountUserIdOf as idOf, INVITED } from '../shared/softwareOne/accountUser';
import { ACCOUNT_USER_ID_SHAPE, accountUserSegment, type AccountUserPaths } from '../shared/softwareOne/endpoints';
import { apiQuery, type Rql, rqlAtOrAfter, rqlEnum, rqlEq } from '../shared/http/url';
import type { ApiSession } from '../shared/http/session';
import { type OffsetPage, paginateOffset, PagingError } from '../shared/http/paginate';

/**
 * The trigger's read of every account user: the shared paging loop (http/paginate.ts) with the
 * trigger's policies, and each of its stops in the trigger user's words. A read that cannot be
 * trusted to its end fails the poll: nothing is reported and the kept state stays as it was.
 */

/** The API's largest page. */
export const PAGE_SIZE = 100;

export interface ReadLimits {
	maxUsers: number;
	/** Date.now() after which no further page is asked for (n8n abandons a poll that runs too long). */
	deadline?: number;
	now?: () => number;
}

export interface UserRead {
	users: IDataObject[];
	/** False when the list changed while it was read: a user may have slid past a page boundary. */
	complete: boolean;
	requests: number;
}


/** The trigger's words for each way the paging loop stops. */
function stopped(api: ApiSession, stop: PagingError, maxUsers: number): NodeOperationError {
	const { offset, read, requests, answeredOffset } = stop.at;
	const fail = (message: string, description: string) => new NodeOperationError(api.node, message, { description });
	const unchanged = 'Nothing was reported and the trigger\'s state is unchanged.';
	switch (stop.reason) {
		case 'deadline':
			return fail(
				`Reading the account users took longer than n8n lets one poll run (stopped after ${read} users)`,
				`${unchanged} Lower Max Retry Wait, or watch fewer users (Account-Scoped endpoints).`,
			);
		case 'offsetIgnored':
			return fail(
				`The API ignored the offset of the user list (asked for ${offset}, got ${String(answeredOffset)})`,
				'The trigger cannot read past the first page, so it cannot tell changes reliably. Check the Endpoints choice; the documented endpoints page with offset.',
			);
		case 'pageRepeated':
			return fail(
				`The API sent the same page of users again at offset ${offset}`,
				'Its paging does not move on, so the list cannot be read to the end. Check the Endpoints choice.',
			);
		case 'noNewIds':
		case 'idRepeated':
			return fail(
				`The API sent only users it had already sent, at offset ${offset} (after ${requests} requests)`,
				`Its paging does not move on, so the list cannot be read to the end. ${unchanged} Check the Endpoints choice.`,
			);
		case 'cap':
			return fail(
				`The account has more than ${maxUsers} users, more than Max Users allows the trigger to watch`,
				'Raise Max Users in the trigger\'s options (each 100 users cost one request per poll), or watch one account with the Account-Scoped endpoints.',
			);
		case 'pageLimit':
			return fail(
				`The user list did not end after ${requests} requests, more than ${maxUsers} users (Max Users) can take`,
				`The API's paging does not reach an end. ${unchanged} Check the Endpoints choice, or raise Max Users if the account really is that large.`,
			);
		case 'noData':
			return fail(
				'The API answered the user list without a "data" array',
				'Check that the credential\'s base URL and the Endpoints choice point at the SoftwareOne Marketplace API.',
			);
	}
}

/**
 * One page of the account users (those `rql` selects, or all). The audit block carries created.at (the
 * high-water mark) and updated.at, which tells a second expiry from the first (changes.ts); ordered by
 * id, so that the pages never reshuffle between two requests.
 */
function pagesOfUsers(api: ApiSession, paths: AccountUserPaths, rql?: Rql) {
	return async ({ offset, limit }: { offset: number; limit: number }) =>
		(await api.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			query: apiQuery({ rql, select: ['audit'], order: [{ property: 'id' }], limit, offset }),
			safety: 'idempotent',
		})) as OffsetPage;
}

/** Reads every account user, in a stable order (by id), page by page. */
export async function readAccountUsers(api: ApiSession, paths: AccountUserPaths, { maxUsers, deadline, now }: ReadLimits): Promise<UserRead> {
	try {
		const read = await paginateOffset<IDataObject>(
			pagesOfUsers(api, paths),
			{ pageSize: PAGE_SIZE, cap: maxUsers, idOf, onRepeatedId: 'markIncomplete', deadline, now, requireData: true },
		);
		// Entries without an ID cannot be followed from poll to poll.
		const users = read.items.filter((user) => idOf(user) !== undefined);
		// paginateOffset stops at the cap only when more is left to read; a last page can still carry
		// the list past it (Max Users 250, 260 users): the trigger keeps no more than Max Users.
		if (new Set(users.map(idOf)).size > maxUsers) {
			throw stopped(api, new PagingError('cap', { offset: users.length, read: users.length, requests: read.requests }), maxUsers);
		}
		return { users, complete: read.complete, requests: read.requests };
	} catch (error) {
		if (error instanceof PagingError) throw stopped(api, error, maxUsers);
		throw asNodeError(api, error);
	}
}

// ---------------------------------------------------------------- the reads of a cost-following poll

/** The session's errors (NodeApiError) pass as they are. */
function asNodeError(api: ApiSession, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(api.node, error as Error);
}

/** The most users a read of pending or new users takes before it fails (the API's largest account page count bounds it too). */
const NARROW_READ_CAP = 100_000;

/** `select=+audit` everywhere: audit.created.at moves the high-water mark, audit.updated.at tells a second expiry. */
async function readFiltered(api: ApiSession, paths: AccountUserPaths, rql: Rql | undefined, deadline: number | undefined): Promise<FilteredRead> {
	try {
		const read = await paginateOffset<IDataObject>(
			pagesOfUsers(api, paths, rql),
			{ pageSize: PAGE_SIZE, cap: NARROW_READ_CAP, idOf, onRepeatedId: 'markIncomplete', deadline, requireData: true },
		);
		return { users: read.items.filter((user) => idOf(user) !== undefined), complete: read.complete };
	} catch (error) {
		if (error instanceof PagingError) throw stopped(api, error, NARROW_READ_CAP);
		throw asNodeError(api, error);
	}
}

export interface FilteredRead {
	users: IDataObject[];
	/** False when the list moved while it was read: a user may have slid past a page edge. */
	complete: boolean;
}

/** The users whose invitation is pending: `eq(invitation.status,Invited)`, the documented filter. */
export async function readPendingUsers(api: ApiSession, paths: AccountUserPaths, deadline?: number): Promise<FilteredRead> {
	const origin = { ctx: { getNode: () => api.node }, itemIndex: undefined, label: 'Invitation status' };
	return await readFiltered(api, paths, rqlEq('invitation.status', rqlEnum(origin, INVITED, [INVITED])), deadline);
}

/**
 * The users created at or after `sinceMs`: `ge(audit.created.at,"…")`. Whether the live API compares
 * audit dates is unconfirmed: a 400 answers `refused`, and the caller reads the whole list instead.
 */
export async function readUsersCreatedSince(
	api: ApiSession,
	paths: AccountUserPaths,
	sinceMs: number,
	deadline?: number,
): Promise<FilteredRead | 'refused'> {
	try {
		return await readFiltered(api, paths, rqlAtOrAfter('audit.created.at', sinceMs), deadline);
	} catch (error) {
		if ((error as { httpCode?: unknown }).httpCode === '400') return 'refused';
		throw asNodeError(api, error);
	}
}

/** One account user by id (`select=+audit`); `gone` on 404. Ids that cannot be a path segment are not asked for. */
export async function readOneUser(api: ApiSession, paths: AccountUserPaths, id: string): Promise<IDataObject | 'gone' | 'unaskable'> {
	if (!ACCOUNT_USER_ID_SHAPE.pattern.test(id)) return 'unaskable';
	const origin = { ctx: { getNode: () => api.node }, itemIndex: undefined, label: 'User' };
	try {
		return await api.request<IDataObject>({
			method: 'GET',
			path: paths.user(accountUserSegment(origin, id)),
			query: apiQuery({ select: ['audit'] }),
			safety: 'idempotent',
		});
	} catch (error) {
		if ((error as { httpCode?: unknown }).httpCode === '404') return 'gone';
		throw asNodeError(api, error);
	}
}

export interface UserPage {
	users: IDataObject[];
	/** Where the next page starts; undefined when this page ended the list. */
	nextOffset?: number;
	/** The length of the list as the server gave it with the page (`$meta.pagination.total`), unchecked. */
	total?: unknown;
}

/**
 * One page of the list (the users `rql` selects, all without it), ordered by id, from `offset`: a
 * reconcile reads on from there at its next poll; Fetch Test Event reads from the end back.
 */
export async function readUserPage(api: ApiSession, paths: AccountUserPaths, offset: number, rql?: Rql): Promise<UserPage> {
	const fetchPage = pagesOfUsers(api, paths, rql);
	let total: unknown;
	try {
		const read = await paginateOffset<IDataObject>(
			async (page) => {
				const answer = await fetchPage(page);
				total = answer?.$meta?.pagination?.total;
				return answer;
			},
			{ pageSize: PAGE_SIZE, limit: PAGE_SIZE, startOffset: offset, idOf, onRepeatedId: 'markIncomplete', requireData: true },
		);
		return { users: read.items.filter((user) => idOf(user) !== undefined), nextOffset: read.nextOffset, total };
	} catch (error) {
		if (error instanceof PagingError) throw stopped(api, error, NARROW_READ_CAP);
		throw asNodeError(api, error);
	}
}

export interface NewestRead {
	/** The users read, newest (last in the id order) first. */
	users: IDataObject[];
	/** True when the read reached the start of the list: no user of it is left unread. */
	complete: boolean;
}

/**
 * The users `rql` selects (all without it), newest first: the list's last page (order=id, so the
 * newest are the last ones, the order a full read sees), then the one before, until `enough` says
 * the users read so far will do. Fetch Test Event needs one user that fits, not the whole account:
 * two requests where a full read takes ⌈users ÷ 100⌉. The first page tells the total; a server that
 * sends none cannot be read from the end, so the selection is read from the start instead.
 */
export async function readNewestUsers(
	api: ApiSession,
	paths: AccountUserPaths,
	rql: Rql | undefined,
	enough: (newestFirst: IDataObject[]) => boolean,
	deadline?: number,
): Promise<NewestRead> {
	const { users: first, total } = await readUserPage(api, paths, 0, rql);
	if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
		if (first.length < PAGE_SIZE) return { users: [...first].reverse(), complete: true };
		const whole = await readFiltered(api, paths, rql, deadline);
		return { users: [...whole.users].reverse(), complete: true };
	}
	const newestFirst: IDataObject[] = [];
	// From the end towards the page already read; bounded by the total the server gave and the read cap.
	let end = total;
	while (end > first.length && newestFirst.length < NARROW_READ_CAP) {
		if (enough(newestFirst)) return { users: newestFirst, complete: false };
		if (deadline !== undefined && Date.now() > deadline) {
			throw stopped(api, new PagingError('deadline', { offset: end, read: newestFirst.length, requests: 0 }), NARROW_READ_CAP);
		}
		const start = Math.max(first.length, end - PAGE_SIZE);
		newestFirst.push(...(await readUserPage(api, paths, start, rql)).users.slice(0, end - start).reverse());
		end = start;
	}
	newestFirst.push(...first.slice(0, end).reverse());
	return { users: newestFirst, complete: end <= first.length };
}
