import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { type AccountUserList, endpointChoiceFor, withAccountUserPaths } from '../../shared/softwareOne/endpoints';
import { apiQuery, rqlContains, rqlIlike, rqlOr } from '../../shared/http/url';
import { ApiSession, resolveConnection } from '../../shared/http/session';

const PAGE_SIZE = 50;

/** "From list" for the User field: account users, searched by e-mail (or name), 50 a page. */
export async function searchAccountUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const connection = await resolveConnection(this);
	const api = new ApiSession(this, connection);
	const endpoints = endpointChoiceFor(this, 0, connection);
	// The token is ours (the next offset), but it comes back through the browser: only a whole number passes.
	const offset = /^\d{1,9}$/.test(paginationToken ?? '') ? Number(paginationToken) : 0;
	const term = typeof filter === 'string' ? filter.trim() : '';
	const origin = { ctx: this, itemIndex: 0, label: 'Search' };
	// RQL ilike matches part of a value; * is its wildcard.
	const pattern = term ? rqlContains(origin, term) : undefined;
	const { result: page } = await withAccountUserPaths(api, endpoints, 0, async (paths) =>
		await api.request<AccountUserList>({
		method: 'GET',
		path: paths.collection,
		query: apiQuery({
			rql: pattern && rqlOr(rqlIlike('user.email', pattern), rqlIlike('user.name', pattern)),
			limit: PAGE_SIZE,
			offset,
		}),
		safety: 'idempotent',
		}),
	);
	const data = Array.isArray(page.data) ? page.data : [];
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
