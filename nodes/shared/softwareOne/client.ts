import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { paginateOffset, type PagingPolicy, type PagingResult } from '../http/paginate';
import type { ApiSession } from '../http/session';
import { apiQuery, type QueryParts, type Rql, subPath } from '../http/url';
import {
	type AccountUserId,
	type AccountUserList,
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

const idOf = (accountUser: IDataObject) =>
	typeof accountUser.id === 'string' && accountUser.id !== '' ? accountUser.id : undefined;

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
			{ ...policy, pageSize: ACCOUNT_USER_PAGE_SIZE, idOf },
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
			{ pageSize, limit: pageSize, startOffset: offset, idOf },
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
	async resendInvitation(paths: AccountUserPaths, id: AccountUserId, chosenKind: InvitationKind, itemIndex: number): Promise<IDataObject> {
		let kind = chosenKind;
		// A pending invitation keeps its state when re-sent, so the only trace of a send is the user's
		// audit.updated.at: read it before sending, to compare after a lost answer (no clocks compared).
		const before = kind === 'expired' ? undefined : await this.getUser(paths, id, itemIndex, true);
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

	private itemError(itemIndex: number, message: string, fix: string): NodeOperationError {
		return new NodeOperationError(this.session.node, `${message} [item ${itemIndex}]`, { itemIndex, description: fix });
	}
}

