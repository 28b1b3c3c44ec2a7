import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { paginateOffset, type PagingPolicy, type PagingResult } from '../http/paginate';
import type { ApiSession } from '../http/session';
import { apiQuery, childPath, type QueryParts, type Rql, rqlAnd, rqlEq, rqlIn, type Segment, subPath } from '../http/url';
import {
	type AccountUserId,
	accountUserIdOf,
	type AccountUserList,
	type AccountUserRef,
	groupIdsOf,
	EXPIRED,
	INVITED,
	invitationStatusOf,
	routeMissing,
	updatedAtOf,
	userMissing,
	withoutInvitationLink,
} from './accountUser';
import {
	accountUserByEmailQuery,
	accountUserSegment,
	type AccountUserPaths,
	type EndpointChoice,
	EndpointDetection,
	withAccountUserPaths,
} from './endpoints';

/** The API's largest page. */
export const ACCOUNT_USER_PAGE_SIZE = 100;

/** How Resend Invite decides which of SoftwareOne's two calls to make. */
export type InvitationKind = 'auto' | 'expired' | 'pending';

const RESEND_STEP = { expired: '/send-new-invite', pending: '/resend-invite' } as const;

const isNotFound = (error: unknown) => (error as { httpCode?: unknown } | undefined)?.httpCode === '404';

/** What Remove User found and did. */
export interface RemovedUser {
	/** The account user as read just before the DELETE. */
	before: IDataObject;
	/** True when an answer was lost and a read then showed the user gone: removed by this run, confirmed after. */
	confirmedAfterLostAnswer: boolean;
}

/** A user group as an operation names it: its ID (for bodies and messages) and its checked path segment. */
export interface GroupRef {
	id: string;
	segment: Segment;
}

/** A group change: the user after it, and whether the API had to be asked at all. */
export interface GroupChange {
	before: IDataObject;
	after: IDataObject;
	changed: boolean;
}

export interface ListUsersOptions extends Omit<PagingPolicy<IDataObject>, 'pageSize' | 'idOf'> {
	rql?: Rql;
	select?: QueryParts['select'];
	/** Names the operation in a 404 on the collection. */
	title: string;
}

/**
 * The SoftwareOne Marketplace account-user API, by name. One per run, poll or list search: it owns
 * what that run learnt about the endpoint families (EndpointDetection), so nothing outlives the run.
 * Operations bring the user's words; the vendor's rules (which call, what makes a retry safe, how a
 * lost answer is checked) live here.
 */
export class SoftwareOneClient {
	private readonly detection = new EndpointDetection();

	constructor(readonly session: ApiSession) {}

	/** Runs `work` on the chosen family; Auto-detect finds the family that answers, once per run. */
	async withPaths<T>(choice: EndpointChoice, itemIndex: number | undefined, work: (paths: AccountUserPaths) => Promise<T>) {
		return await withAccountUserPaths(this.session, this.detection, choice, itemIndex, work);
	}

	async getUser(paths: AccountUserPaths, id: AccountUserId, itemIndex: number | undefined, withAudit = false): Promise<IDataObject> {
		return await this.session.request({
			method: 'GET',
			path: paths.user(id.segment),
			query: withAudit ? apiQuery({ select: ['audit'] }) : undefined,
			safety: 'idempotent',
			statusTexts: { 404: userMissing(id, paths) },
			itemIndex,
		});
	}

	/**
	 * Dry Run only, before a write that no read precedes (Create User, Resend Invite for an expired
	 * invitation): one read of the collection, so that Auto-detect finds the family that answers (a
	 * write's 404 would have) and the request Dry Run returns has the path that would really be used.
	 */
	private async probeForDryRun(paths: AccountUserPaths, title: string, itemIndex: number): Promise<void> {
		if (!this.session.dryRun) return;
		await this.session.request({
			method: 'GET',
			path: paths.collection,
			query: apiQuery({ limit: 1, offset: 0 }),
			safety: 'idempotent',
			statusTexts: { 404: routeMissing(title, paths) },
			itemIndex,
		});
	}

	/** Every user the filter selects, through the one paging function; PagingError says why a read stopped. */
	async listUsers(paths: AccountUserPaths, { rql, select, title, ...policy }: ListUsersOptions, itemIndex?: number): Promise<PagingResult<IDataObject>> {
		return await paginateOffset(
			async ({ offset, limit }) =>
				await this.session.request<AccountUserList>({
					method: 'GET',
					path: paths.collection,
					query: apiQuery({ rql, select, limit, offset }),
					safety: 'idempotent',
					statusTexts: { 404: routeMissing(title, paths) },
					itemIndex,
				}),
			{ ...policy, pageSize: ACCOUNT_USER_PAGE_SIZE, idOf: accountUserIdOf },
		);
	}

	/** One page of a search from `offset` (the "From list" picker), and the offset of the next page, if any. */
	async searchUsers(paths: AccountUserPaths, rql: Rql | undefined, offset: number, pageSize: number) {
		const read = await paginateOffset(
			async (page) =>
				await this.session.request<AccountUserList>({
					method: 'GET',
					path: paths.collection,
					query: apiQuery({ rql, ...page }),
					safety: 'idempotent',
				}),
			{ pageSize, limit: pageSize, startOffset: offset, idOf: accountUserIdOf },
		);
		return { users: read.items, nextOffset: read.nextOffset };
	}

	/**
	 * The membership with this e-mail, if the account has one; an idempotent read. `accountId` narrows the
	 * search to one account (Create User's Account ID): a membership elsewhere does not count.
	 */
	async findByEmail(paths: AccountUserPaths, email: string, itemIndex: number, accountId?: string): Promise<IDataObject | undefined> {
		const page = await this.session.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			query: accountUserByEmailQuery({ getNode: () => this.session.node }, itemIndex, email, accountId),
			safety: 'idempotent',
			itemIndex,
		});
		return page.data?.find((entry) => {
			const sameEmail = String((entry.user as IDataObject | undefined)?.email ?? '').toLowerCase() === email.toLowerCase();
			const sameAccount = !accountId || (entry.account as IDataObject | undefined)?.id === accountId;
			return sameEmail && sameAccount;
		});
	}

	/**
	 * Creates the account user (and, with status Invited, e-mails the invitation). Never twice: after a
	 * lost answer it looks the e-mail up; with `returnExisting` a 409 returns the existing membership.
	 */
	async createUser(
		paths: AccountUserPaths,
		body: IDataObject,
		{ email, accountId, returnExisting, itemIndex }: { email: string; accountId?: string; returnExisting: boolean; itemIndex: number },
	): Promise<IDataObject> {
		const existing = async () => await this.findByEmail(paths, email, itemIndex, accountId);
		await this.probeForDryRun(paths, 'Create User', itemIndex);
		return await this.session.request({
			method: 'POST',
			path: paths.collection,
			body,
			safety: 'unsafe',
			itemIndex,
			reconcile: existing,
			ambiguousWarning: `The user ${email} may have been created. Run Get Many Users with this e-mail before trying again.`,
			// The existing membership may be another person's (a model or a form can name any address):
			// its join link is that person's secret and never comes back through here.
			recover: returnExisting ? { statuses: [409], with: async () => await existing().then((found) => found && withoutInvitationLink(found)) } : undefined,
			statusTexts: {
				404: routeMissing('Create User', paths),
				409: {
					message: 'The user already exists',
					fix: 'Nothing was created. Use Get Many Users to find the existing user, or change the e-mail address.',
				},
			},
		});
	}

	/**
	 * Sends the invitation again: `/send-new-invite` for an expired one, `/resend-invite` for a pending one;
	 * `auto` reads the user first. Exactly one e-mail: a lost answer is checked against the user's state
	 * (expired → Invited) or audit mark (pending: updated.at moved), never by sending again blindly.
	 */
	async resendInvitation(
		paths: AccountUserPaths,
		id: AccountUserId,
		chosenKind: InvitationKind,
		itemIndex: number,
		known?: IDataObject,
	): Promise<IDataObject> {
		let kind = chosenKind;
		// A pending invitation keeps its state when re-sent, so the only trace of a send is the user's
		// audit.updated.at: read it before sending, to compare after a lost answer (no clocks compared).
		// A user read already (a batch read) serves only when it carries that mark.
		const before =
			kind === 'expired' ? undefined : known && updatedAtOf(known) !== undefined ? known : await this.getUser(paths, id, itemIndex, true);
		if (kind === 'auto') {
			const status = invitationStatusOf(before);
			if (status === EXPIRED) kind = 'expired';
			else if (status === INVITED) kind = 'pending';
			else {
				throw this.itemError(
					itemIndex,
					`User ${id.text} has invitation status "${status ?? 'none'}"; no invitation was sent`,
					'Only invitations in state Invited (pending) or InvitationExpired can be sent again. A user in state Active has already joined.',
				);
			}
		}
		const sentKind = kind;
		if (!before) await this.probeForDryRun(paths, 'Resend Invite', itemIndex);
		return await this.session.request({
			method: 'POST',
			path: subPath(paths.user(id.segment), RESEND_STEP[sentKind]),
			safety: 'unsafe',
			statusTexts: { 404: userMissing(id, paths) },
			itemIndex,
			// After a reset or timeout, read the user: if our send went through, never e-mail twice.
			reconcile: async () => {
				const after = await this.getUser(paths, id, itemIndex, sentKind === 'pending');
				if (sentKind === 'expired') return invitationStatusOf(after) === INVITED ? after : undefined;
				const previous = Date.parse(updatedAtOf(before) ?? '');
				const now = Date.parse(updatedAtOf(after) ?? '');
				if (Number.isNaN(previous) || Number.isNaN(now)) {
					throw this.itemError(
						itemIndex,
						`The invitation e-mail to user ${id.text} may have been sent`,
						'The connection failed after the request was sent, and the user\'s audit does not show whether it arrived. Check with the user before sending again.',
					);
				}
				return now > previous ? after : undefined;
			},
			ambiguousWarning: `The invitation e-mail to user ${id.text} may have been sent. Check the user's invitation state before sending again.`,
		});
	}

	/**
	 * The user an item names: an ID as given, or the e-mail looked up (one GET in the chosen family,
	 * narrowed to `accountId` when one is known). With an e-mail, `found` is the user that was read.
	 */
	async resolveUser(
		paths: AccountUserPaths,
		ref: AccountUserRef,
		itemIndex: number,
		accountId?: string,
	): Promise<{ id: AccountUserId; found?: IDataObject }> {
		if (ref.kind === 'id') return { id: ref.id };
		const found = await this.findByEmail(paths, ref.email, itemIndex, accountId);
		const text = found ? accountUserIdOf(found) : undefined;
		if (!found || !text) {
			throw this.itemError(
				itemIndex,
				`No account user has the e-mail ${ref.email}`,
				'Nothing was changed. Check the address, and that the credential (and Account ID, if set) point at the account the user belongs to. Get Many Users lists who is there.',
			);
		}
		const ctx = { getNode: () => this.session.node };
		// The id comes from the server: it must have the documented shape too before it goes into a path.
		return { id: { text, segment: accountUserSegment({ ctx, itemIndex, label: 'User' }, text) }, found };
	}

	/** Whether the user exists: a 404 on its path is "no"; any other failure is thrown. */
	private async exists(paths: AccountUserPaths, id: AccountUserId, itemIndex: number): Promise<IDataObject | undefined> {
		return await this.getUser(paths, id, itemIndex).catch((error: unknown) => {
			if (isNotFound(error)) return undefined;
			throw error;
		});
	}

	/**
	 * DELETE the account user (204, no body). An unsafe request: after a lost answer the user is read,
	 * and a 404 then means our DELETE did its work ("already removed", a success). A 404 that the first
	 * attempt meets is an error: the user was not there to remove.
	 */
	async removeUser(paths: AccountUserPaths, id: AccountUserId, before: IDataObject, itemIndex: number): Promise<RemovedUser> {
		let lostAnswer = false;
		const gone = { confirmedAfterLostAnswer: true };
		const answer = await this.session.request<IDataObject>({
			method: 'DELETE',
			path: paths.user(id.segment),
			safety: 'unsafe',
			itemIndex,
			reconcile: async () => {
				lostAnswer = true;
				return (await this.exists(paths, id, itemIndex)) ? undefined : gone;
			},
			// A DELETE sent again after a lost answer that meets 404: the first one removed the user.
			recover: { statuses: [404], with: async () => (lostAnswer ? gone : undefined) },
			statusTexts: {
				404: userMissing(id, paths),
				400: {
					message: `The API refused to remove user ${id.text}`,
					fix: 'Nothing was removed. The API\'s answer (below) says why; a user may be protected, for example the last administrator of the account.',
				},
			},
			ambiguousWarning: `User ${id.text} may have been removed. Run Get User before trying again.`,
		});
		return { before, confirmedAfterLostAnswer: answer === gone };
	}

	/**
	 * POST {user}/groups `{ id }`. Read first: a user already in the group is a success with no request.
	 * After a lost answer, or a duplicate refusal (400 or 409: which one is unconfirmed), the user is read
	 * again and membership decides.
	 */
	async addToGroup(paths: AccountUserPaths, id: AccountUserId, group: GroupRef, itemIndex: number, known?: IDataObject): Promise<GroupChange> {
		const before = known ?? (await this.getUser(paths, id, itemIndex));
		if (groupIdsOf(before).includes(group.id)) return { before, after: before, changed: false };
		const memberNow = async () => {
			const after = await this.getUser(paths, id, itemIndex);
			return groupIdsOf(after).includes(group.id) ? after : undefined;
		};
		const after = await this.session.request<IDataObject>({
			method: 'POST',
			path: subPath(paths.user(id.segment), '/groups'),
			body: { id: group.id },
			safety: 'unsafe',
			itemIndex,
			reconcile: memberNow,
			recover: { statuses: [400, 409], with: memberNow },
			statusTexts: {
				404: {
					message: `User ${id.text} or group ${group.id} was not found`,
					fix: 'Check the user and the group ID (like UGR-1234-5678), and that both belong to the account the credential points at.',
				},
			},
			ambiguousWarning: `User ${id.text} may have been added to group ${group.id}. Run Get User before trying again.`,
		});
		return { before, after: after.id ? after : await this.getUser(paths, id, itemIndex), changed: true };
	}

	/**
	 * DELETE {user}/groups/{groupId} (204). Read first: a user not in the group is a success with no
	 * request. After a lost answer or a 400/404, the user is read again and membership decides.
	 */
	async removeFromGroup(
		paths: AccountUserPaths,
		id: AccountUserId,
		group: GroupRef,
		itemIndex: number,
		known?: IDataObject,
	): Promise<GroupChange> {
		const before = known ?? (await this.getUser(paths, id, itemIndex));
		if (!groupIdsOf(before).includes(group.id)) return { before, after: before, changed: false };
		let after: IDataObject | undefined;
		const goneNow = async () => {
			after = await this.getUser(paths, id, itemIndex);
			return groupIdsOf(after).includes(group.id) ? undefined : after;
		};
		await this.session.request<IDataObject>({
			method: 'DELETE',
			path: childPath(subPath(paths.user(id.segment), '/groups'), group.segment),
			safety: 'unsafe',
			itemIndex,
			reconcile: goneNow,
			recover: { statuses: [400, 404], with: goneNow },
			statusTexts: {
				400: {
					message: `The API refused to remove user ${id.text} from group ${group.id}`,
					fix: 'Nothing was changed. The API\'s answer (below) says why; a user may need to keep at least one group.',
				},
			},
			ambiguousWarning: `User ${id.text} may have been removed from group ${group.id}. Run Get User before trying again.`,
		});
		return { before, after: after ?? (await this.getUser(paths, id, itemIndex)), changed: true };
	}

	/**
	 * PUT {user}/groups `[{ id }, …]`: replaces the whole set, so sending it twice does no harm
	 * (idempotent). Read first, for the output's "before"; a set that is already exactly right is not sent.
	 */
	async setGroups(paths: AccountUserPaths, id: AccountUserId, groupIds: string[], itemIndex: number, known?: IDataObject): Promise<GroupChange> {
		const before = known ?? (await this.getUser(paths, id, itemIndex));
		const current = groupIdsOf(before);
		const same = current.length === groupIds.length && groupIds.every((group) => current.includes(group));
		if (same) return { before, after: before, changed: false };
		const after = await this.session.request<IDataObject>({
			method: 'PUT',
			path: subPath(paths.user(id.segment), '/groups'),
			body: groupIds.map((group) => ({ id: group })),
			safety: 'idempotent',
			itemIndex,
			statusTexts: {
				404: {
					message: `User ${id.text} or one of the groups was not found`,
					fix: 'Check the user and each group ID (like UGR-1234-5678), and that they belong to the account the credential points at.',
				},
			},
		});
		return { before, after: after.id ? after : await this.getUser(paths, id, itemIndex), changed: true };
	}

	// ---------------------------------------------------------------- batch reads (issue 29)

	/**
	 * Many users in one list request: `in(id,(…))` or `in(user.email,(…))` (narrowed to `accountId`),
	 * with the audit block when asked. Whether the live API takes `in` on these fields is unconfirmed:
	 * a 400 is thrown as is, and UserBatch falls back to one GET per item.
	 */
	async readUsersIn(
		paths: AccountUserPaths,
		property: 'id' | 'user.email',
		values: Rql[],
		{ accountId, audit }: { accountId?: Rql; audit: boolean },
	): Promise<IDataObject[]> {
		const conditions = [rqlIn(property, values)];
		if (accountId) conditions.push(rqlEq('account.id', accountId));
		const page = await this.session.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			query: apiQuery({ rql: rqlAnd(conditions), select: audit ? ['audit'] : undefined, limit: ACCOUNT_USER_PAGE_SIZE, offset: 0 }),
			safety: 'idempotent',
		});
		return Array.isArray(page.data) ? page.data : [];
	}

	private itemError(itemIndex: number, message: string, fix: string): NodeOperationError {
		return new NodeOperationError(this.session.node, `${message} [item ${itemIndex}]`, { itemIndex, description: fix });
	}
}

