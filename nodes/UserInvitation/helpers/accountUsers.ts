import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { readParameter } from '../transport/connection';
import type { ApiPath, ApiSession } from '../transport';
import { apiPath, apiQuery, childPath, rqlAnd, rqlEq, rqlId, rqlText, type Segment, segment } from './url';
import { PATTERNS, invalidInput, validText } from './validation';

/** The SoftwareOne path families that serve account users; see README "SoftwareOne endpoints". */
export type EndpointFamily = 'accountUsers' | 'accountScoped' | 'accountsAccounts';

export interface AccountUserPaths {
	family: EndpointFamily;
	collection: ApiPath;
	user: (id: Segment) => ApiPath;
}

export const ACCOUNT_ID_SHAPE = { pattern: PATTERNS.accountId, expected: 'a SoftwareOne account ID like ACC-1234-5678' };

/** The paths of one family; `account` is the validated account segment the scoped families need. */
export function buildAccountUserPaths(family: EndpointFamily, account?: Segment): AccountUserPaths {
	let collection: ApiPath;
	if (family === 'accountUsers' || !account) collection = apiPath`/public/v1/accounts/account-users`;
	else if (family === 'accountScoped') collection = apiPath`/public/v1/accounts/${account}/users`;
	else collection = apiPath`/public/v1/accounts/accounts/${account}/users`;
	return { family: account ? family : 'accountUsers', collection, user: (id) => childPath(collection, id) };
}

/** Reads the endpoint family (and the account it needs) from the node's parameters. */
export function accountUserPathsFor(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex: number,
): AccountUserPaths {
	const family = readParameter(ctx, 'endpointFamily', itemIndex, 'accountUsers');
	if (family !== 'accountUsers' && family !== 'accountScoped' && family !== 'accountsAccounts') {
		throw invalidInput(
			ctx,
			itemIndex,
			`Endpoints ${JSON.stringify(family)} is not one of the allowed values`,
			'Choose Endpoints from its list.',
		);
	}
	if (family === 'accountUsers') return buildAccountUserPaths(family);
	const accountId = validText(ctx, itemIndex, 'Account ID', readParameter(ctx, 'scopeAccountId', itemIndex, '')) ?? '';
	if (!PATTERNS.accountId.test(accountId)) {
		const message = `Account ID "${accountId}" is not valid`;
		const fix =
			'The account-scoped endpoints need the SoftwareOne account ID, like ACC-1234-5678. Enter it in "Account ID", or switch Endpoints to "Account Users".';
		throw invalidInput(ctx, itemIndex, message, fix);
	}
	return buildAccountUserPaths(family, segment({ ctx, itemIndex, label: 'Account ID' }, accountId, ACCOUNT_ID_SHAPE));
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
	ctx: IExecuteFunctions,
	api: ApiSession,
	paths: AccountUserPaths,
	email: string,
	itemIndex: number,
	accountId?: string,
): Promise<IDataObject | undefined> {
	const conditions = [rqlEq('user.email', rqlText({ ctx, itemIndex, label: 'Email' }, email))];
	if (accountId) {
		conditions.push(rqlEq('account.id', rqlId({ ctx, itemIndex, label: 'Account ID' }, accountId, ACCOUNT_ID_SHAPE)));
	}
	const page = await api.request<AccountUserList>({
		method: 'GET',
		path: paths.collection,
		query: apiQuery({ rql: rqlAnd(conditions), limit: 1, offset: 0 }),
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
