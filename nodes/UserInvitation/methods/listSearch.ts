import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { openClients } from '../../shared/clients';
import { rqlContains, rqlIlike, rqlOr } from '../../shared/http/url';
import { endpointChoiceFor } from '../../shared/softwareOne/endpoints';

const PAGE_SIZE = 50;

/** "From list" for the User field: account users, searched by e-mail (or name), 50 a page. */
export async function searchAccountUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { connection, session, softwareOne } = await openClients(this);
	const endpoints = endpointChoiceFor(this, 0, connection);
	// The token is ours (the next offset), but it comes back through the browser: only a whole number passes.
	const offset = /^\d{1,9}$/.test(paginationToken ?? '') ? Number(paginationToken) : 0;
	const term = typeof filter === 'string' ? filter.trim() : '';
	const origin = { ctx: this, itemIndex: 0, label: 'Search' };
	// RQL ilike matches part of a value; * is its wildcard.
	const pattern = term ? rqlContains(origin, term) : undefined;
	const rql = pattern && rqlOr(rqlIlike('user.email', pattern), rqlIlike('user.name', pattern));
	const { result: page } = await softwareOne.withPaths(endpoints, 0, async (paths) =>
		await softwareOne.searchUsers(paths, rql, offset, PAGE_SIZE),
	);
	return {
		// What the picker shows comes from the server: scrubbed like every other text that leaves the node.
		results: session.scrubber.value(
			page.users.map((accountUser) => {
				const user = (accountUser.user ?? {}) as IDataObject;
				const status = (accountUser.invitation as IDataObject | undefined)?.status;
				const label = [user.name, user.email && `<${String(user.email)}>`].filter(Boolean).join(' ');
				return {
					name: `${label || String(accountUser.id)}${status ? ` — ${String(status)}` : ''}`,
					value: String(accountUser.id),
				};
			}),
		),
		paginationToken: page.nextOffset === undefined ? undefined : String(page.nextOffset),
	};
}
