import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { accountUserPathsFor, type AccountUserList, rqlString } from '../helpers/accountUsers';
import { ApiSession, resolveConnection } from '../transport';

const PAGE_SIZE = 50;

/** "From list" for the User field: account users, searched by e-mail (or name), 50 a page. */
export async function searchAccountUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const api = new ApiSession(this, await resolveConnection(this));
	const paths = accountUserPathsFor(this, 0);
	const offset = Number(paginationToken ?? 0) || 0;
	const term = filter?.trim();
	// RQL ilike matches part of a value; * is its wildcard.
	const search = term
		? `or(ilike(user.email,${rqlString(`*${term}*`)}),ilike(user.name,${rqlString(`*${term}*`)}))&`
		: '';
	const page = await api.request<AccountUserList>({
		method: 'GET',
		path: paths.collection,
		query: `${search}limit=${PAGE_SIZE}&offset=${offset}`,
		safety: 'idempotent',
	});
	const data = page.data ?? [];
	const total = page.$meta?.pagination?.total;
	const next = offset + data.length;
	return {
		results: data.map((accountUser) => {
			const user = (accountUser.user ?? {}) as IDataObject;
			const status = (accountUser.invitation as IDataObject | undefined)?.status;
			const label = [user.name, user.email && `<${String(user.email)}>`].filter(Boolean).join(' ');
			return {
				name: `${label || String(accountUser.id)}${status ? ` — ${String(status)}` : ''}`,
				value: String(accountUser.id),
			};
		}),
		paginationToken: data.length === PAGE_SIZE && (total === undefined || next < total) ? String(next) : undefined,
	};
}
