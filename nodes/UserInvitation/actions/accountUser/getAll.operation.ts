import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	type AccountUserList,
	type AccountUserPaths,
	type EndpointChoice,
	endpointChoiceFor,
	withAccountUserPaths,
} from '../../../shared/softwareOne/endpoints';
import { apiQuery, type Rql, rqlAnd, rqlEnum, rqlEq, rqlText } from '../../../shared/http/url';
import { PATTERNS, validBoolean, validNumber, validText } from '../../../shared/validation';
import type { RunParameters } from '../../helpers/parameters';
import type { ApiSession, Connection } from '../../../shared/http/session';
import type { Operation } from '../types';
import { markEndpoints, readSimplify, routeMissing, shapeAccountUser, simplifyFieldFor } from './shared';

const show = { resource: ['accountUser'], operation: ['getAll'] };

/** The API's largest page. */
const PAGE_SIZE = 100;

/** Return All stops here, however the server pages: memory stays bounded. */
export const MAX_USERS = 50_000;

const INVITATION_STATUSES = ['Active', 'InvitationExpired', 'Invited'] as const;

const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50000 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@example.com',
				default: '',
				description: 'Only the user with this e-mail address',
			},
			{
				displayName: 'Invitation Status',
				name: 'invitationStatus',
				type: 'options',
				options: [
					{ name: 'Active (Joined)', value: 'Active' },
					{ name: 'Expired', value: 'InvitationExpired' },
					{ name: 'Invited (Pending)', value: 'Invited' },
				],
				default: 'InvitationExpired',
				description: 'Only users whose invitation is in this state',
			},
		],
	},
	simplifyFieldFor(['getAll']),
];

interface GetManyInput {
	limit: number;
	returnAll: boolean;
	rql?: Rql;
	endpoints: EndpointChoice;
	simplify: boolean;
}

function prepare(this: IExecuteFunctions, itemIndex: number, _parameters: RunParameters, connection: Connection): GetManyInput {
	const returnAll = validBoolean(this, itemIndex, 'Return All', this.getNodeParameter('returnAll', itemIndex, false), false);
	const limit = returnAll
		? MAX_USERS
		: validNumber(this, itemIndex, 'Limit', this.getNodeParameter('limit', itemIndex, 50), 50, {
				min: 1,
				max: MAX_USERS,
				integer: true,
			});
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const conditions: Rql[] = [];
	if (filters.invitationStatus !== undefined && filters.invitationStatus !== '') {
		const origin = { ctx: this, itemIndex, label: 'Invitation Status' };
		conditions.push(rqlEq('invitation.status', rqlEnum(origin, filters.invitationStatus, INVITATION_STATUSES)));
	}
	const email = validText(this, itemIndex, 'Email', filters.email, {
		pattern: PATTERNS.email,
		expected: 'an e-mail address like name@example.com',
	});
	if (email) conditions.push(rqlEq('user.email', rqlText({ ctx: this, itemIndex, label: 'Email' }, email)));
	return {
		limit,
		returnAll,
		rql: rqlAnd(conditions),
		endpoints: endpointChoiceFor(this, itemIndex, connection),
		simplify: readSimplify(this, itemIndex),
	};
}

function pagingError(ctx: IExecuteFunctions, itemIndex: number, message: string, fix: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description: fix });
}

async function execute(
	this: IExecuteFunctions,
	{ limit, returnAll, rql, endpoints, simplify }: GetManyInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject[]> {
	const { result, paths, detected } = await withAccountUserPaths(api, endpoints, itemIndex, async (paths) =>
		await readPages(this, api, paths, { limit, returnAll, rql }, itemIndex),
	);
	return result.map((user) => markEndpoints(shapeAccountUser(simplify, user), paths, detected));
}

async function readPages(
	ctx: IExecuteFunctions,
	api: ApiSession,
	paths: AccountUserPaths,
	{ limit, returnAll, rql }: Pick<GetManyInput, 'limit' | 'returnAll' | 'rql'>,
	itemIndex: number,
): Promise<IDataObject[]> {
	const users: IDataObject[] = [];
	// Ids seen so far: a page that repeats one means the server ignores the offset.
	const seen = new Set<unknown>();
	for (let offset = 0; users.length < limit; ) {
		const pageSize = Math.min(PAGE_SIZE, limit - users.length);
		const page = await api.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			query: apiQuery({ rql, limit: pageSize, offset }),
			safety: 'idempotent',
			statusTexts: { 404: routeMissing('Get Many Users', paths) },
			itemIndex,
		});
		const data = Array.isArray(page.data) ? page.data : [];
		const answeredOffset = page.$meta?.pagination?.offset;
		if (typeof answeredOffset === 'number' && answeredOffset !== offset) {
			throw pagingError(
				ctx,
				itemIndex,
				`The API answered offset ${answeredOffset} when asked for offset ${offset}; Return All stopped`,
				'The server does not page as documented, so reading on could loop forever. Use a Limit, or a filter that returns fewer users.',
			);
		}
		for (const user of data) {
			const id = user?.id;
			if (id !== undefined && seen.has(id)) {
				throw pagingError(
					ctx,
					itemIndex,
					`The API sent the same users again at offset ${offset} (user ${String(id)}); Return All stopped`,
					'The server seems to ignore the offset, so reading on could loop forever. Use a Limit, or a filter that returns fewer users.',
				);
			}
			if (id !== undefined) seen.add(id);
		}
		users.push(...data);
		offset += data.length;
		const total = page.$meta?.pagination?.total;
		if (data.length < pageSize || (typeof total === 'number' && offset >= total)) break;
		if (returnAll && users.length >= MAX_USERS) {
			throw pagingError(
				ctx,
				itemIndex,
				`Return All reached its cap of ${MAX_USERS} users and stopped`,
				`The node reads at most ${MAX_USERS} users in one run, so that n8n's memory stays bounded. Use filters (Invitation Status, Email), or a Limit, to read fewer.`,
			);
		}
	}
	return users.slice(0, limit);
}

export const getManyUsers: Operation<GetManyInput> = {
	displayName: 'Get Many Users',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
