import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { AccountUserList } from '../shared/softwareOne/accountUser';
import type { AccountUserPaths } from '../shared/softwareOne/endpoints';
import { apiQuery } from '../shared/http/url';
import type { ApiSession } from '../shared/http/session';

/**
 * Reads every account user, page by page, and refuses a list that cannot be read to its end.
 *
 * | the API…                                   | the read                               |
 * | ------------------------------------------ | -------------------------------------- |
 * | sends a short page, or reaches its total   | ends                                   |
 * | answers another offset than asked for      | fails: it ignores offset               |
 * | sends the same page again                  | fails: paging does not move on         |
 * | holds more users than Max Users            | fails: state would grow without bound  |
 * | changes total, or repeats a user on a page | ends, marked incomplete (list moved)   |
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

function idOf(accountUser: IDataObject): string | undefined {
	return typeof accountUser.id === 'string' && accountUser.id !== '' ? accountUser.id : undefined;
}

export async function readAccountUsers(
	api: ApiSession,
	paths: AccountUserPaths,
	{ maxUsers, deadline, now = Date.now }: ReadLimits,
): Promise<UserRead> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(api.node, message, { description });
	const users: IDataObject[] = [];
	const ids = new Set<string>();
	let complete = true;
	let firstTotal: number | undefined;
	let lastTotal: number | undefined;
	let previousPage = '';
	let requests = 0;

	for (let offset = 0; ; ) {
		if (requests > 0 && deadline !== undefined && now() > deadline) {
			throw fail(
				`Reading the account users took longer than n8n lets one poll run (stopped after ${users.length} users)`,
				'Nothing was reported and the trigger\'s state is unchanged. Lower Max Retry Wait, or watch fewer users (Account-Scoped endpoints).',
			);
		}
		const page = await api.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			// The audit block carries updated.at, which tells a second expiry from the first (changes.ts).
			query: apiQuery({ select: ['audit'], limit: PAGE_SIZE, offset }),
			safety: 'idempotent',
		});
		requests++;
		const data = Array.isArray(page?.data) ? page.data : undefined;
		if (data === undefined) {
			throw fail(
				'The API answered the user list without a "data" array',
				'Check that the credential\'s base URL and the Endpoints choice point at the SoftwareOne Marketplace API.',
			);
		}
		const pagination = page.$meta?.pagination;
		if (typeof pagination?.offset === 'number' && pagination.offset !== offset) {
			throw fail(
				`The API ignored the offset of the user list (asked for ${offset}, got ${pagination.offset})`,
				'The trigger cannot read past the first page, so it cannot tell changes reliably. Check the Endpoints choice; the documented endpoints page with offset.',
			);
		}
		const pageKey = data.map((entry) => idOf(entry) ?? '').join(',');
		if (offset > 0 && data.length > 0 && pageKey === previousPage) {
			throw fail(
				`The API sent the same page of users again at offset ${offset}`,
				'Its paging does not move on, so the list cannot be read to the end. Check the Endpoints choice.',
			);
		}
		previousPage = pageKey;

		for (const entry of data) {
			const id = idOf(entry);
			if (id === undefined) continue;
			if (ids.has(id)) complete = false;
			ids.add(id);
			users.push(entry);
		}
		if (ids.size > maxUsers) {
			throw fail(
				`The account has more than ${maxUsers} users, more than Max Users allows the trigger to watch`,
				'Raise Max Users in the trigger\'s options (each 100 users cost one request per poll), or watch one account with the Account-Scoped endpoints.',
			);
		}
		const total = typeof pagination?.total === 'number' ? pagination.total : undefined;
		if (firstTotal === undefined) firstTotal = total;
		else if (total !== undefined && total !== firstTotal) complete = false;
		lastTotal = total ?? lastTotal;

		offset += data.length;
		if (data.length < PAGE_SIZE || (total !== undefined && offset >= total)) break;
	}
	if (lastTotal !== undefined && ids.size !== lastTotal) complete = false;
	return { users, complete, requests };
}
