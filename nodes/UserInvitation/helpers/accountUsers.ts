import type { IDataObject } from 'n8n-workflow';
import { type ApiContext, readParameter } from '../transport/connection';
import type { ApiSession } from '../transport';
import { PATTERNS, invalidInput } from './validation';

/** The SoftwareOne path families that serve account users; see README "SoftwareOne endpoints". */
export type EndpointFamily = 'accountUsers' | 'accountScoped' | 'accountsAccounts';

export interface AccountUserPaths {
	collection: string;
	user: (id: string) => string;
}

export function buildAccountUserPaths(family: EndpointFamily, accountId?: string): AccountUserPaths {
	let collection = '/public/v1/accounts/account-users';
	if (family !== 'accountUsers') {
		const account = encodeURIComponent(accountId ?? '');
		collection =
			family === 'accountScoped'
				? `/public/v1/accounts/${account}/users`
				: `/public/v1/accounts/accounts/${account}/users`;
	}
	return { collection, user: (id) => `${collection}/${encodeURIComponent(id)}` };
}

/** Reads the endpoint family (and the account it needs) from the node's parameters. */
export function accountUserPathsFor(
	ctx: ApiContext,
	itemIndex: number,
): AccountUserPaths {
	const family = readParameter(ctx, 'endpointFamily', itemIndex, 'accountUsers') as EndpointFamily;
	if (family === 'accountUsers') return buildAccountUserPaths(family);
	const accountId = String(readParameter(ctx, 'scopeAccountId', itemIndex, '') ?? '').trim();
	if (!PATTERNS.accountId.test(accountId)) {
		const message = `Account ID "${accountId}" is not valid`;
		const fix =
			'The account-scoped endpoints need the SoftwareOne account ID, like ACC-1234-5678. Enter it in "Account ID", or switch Endpoints to "Account Users".';
		throw invalidInput(ctx, itemIndex, message, fix);
	}
	return buildAccountUserPaths(family, accountId);
}

/** RQL string value: quoted, with the characters that would break the query percent-encoded. */
export function rqlString(value: string): string {
	return `"${encodeURIComponent(value)}"`;
}

export function rqlAll(conditions: string[]): string {
	if (conditions.length === 0) return '';
	return conditions.length === 1 ? conditions[0] : `and(${conditions.join(',')})`;
}

export interface AccountUserList {
	$meta?: { pagination?: { offset?: number; limit?: number; total?: number } };
	data?: IDataObject[];
}

/**
 * The membership with this e-mail, if the account has one; an idempotent read. `accountId` narrows the
 * search to one account (Create User's Account ID): a membership elsewhere does not count.
 */
export async function findAccountUserByEmail(
	api: ApiSession,
	paths: AccountUserPaths,
	email: string,
	itemIndex: number,
	accountId?: string,
): Promise<IDataObject | undefined> {
	const conditions = [`eq(user.email,${rqlString(email)})`];
	if (accountId) conditions.push(`eq(account.id,${accountId})`);
	const page = await api.request<AccountUserList>({
		method: 'GET',
		path: paths.collection,
		query: `${rqlAll(conditions)}&limit=1&offset=0`,
		safety: 'idempotent',
		itemIndex,
	});
	return page.data?.find((entry) => {
		const sameEmail =
			String((entry.user as IDataObject | undefined)?.email ?? '').toLowerCase() === email.toLowerCase();
		const sameAccount = !accountId || (entry.account as IDataObject | undefined)?.id === accountId;
		return sameEmail && sameAccount;
	});
}

/** The fields a workflow usually needs next, flat. */
export function simplifyAccountUser(accountUser: IDataObject): IDataObject {
	const user = (accountUser.user ?? {}) as IDataObject;
	const invitation = (accountUser.invitation ?? {}) as IDataObject;
	const account = (accountUser.account ?? {}) as IDataObject;
	const groups = Array.isArray(accountUser.groups) ? (accountUser.groups as IDataObject[]) : [];
	const simple: IDataObject = {
		id: accountUser.id,
		userId: user.id,
		name: user.name ?? ([user.firstName, user.lastName].filter(Boolean).join(' ') || undefined),
		email: user.email,
		invitationStatus: invitation.status,
		invitationUrl: invitation.url,
		accountId: account.id,
		accountName: account.name,
		groupIds: groups.map((group) => group.id),
		lastLoginAt: accountUser.lastLoginAt,
	};
	for (const key of Object.keys(simple)) if (simple[key] === undefined) delete simple[key];
	return simple;
}
