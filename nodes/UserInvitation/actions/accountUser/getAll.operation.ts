import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	type AccountUserList,
	type AccountUserPaths,
	accountUserPathsFor,
	rqlAll,
	rqlString,
} from '../../helpers/accountUsers';
import { PATTERNS, validText } from '../../helpers/validation';
import type { ApiSession } from '../../transport';
import type { Operation } from '../types';
import { readSimplify, shapeAccountUser, simplifyField } from './shared';

const show = { resource: ['accountUser'], operation: ['getAll'] };

/** The API's largest page. */
const PAGE_SIZE = 100;

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
		typeOptions: { minValue: 1 },
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
	simplifyField(['getAll']),
];

interface GetManyInput {
	limit: number;
	rql: string;
	paths: AccountUserPaths;
	simplify: boolean;
}

function prepare(this: IExecuteFunctions, itemIndex: number): GetManyInput {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const conditions: string[] = [];
	if (filters.invitationStatus) conditions.push(`eq(invitation.status,${String(filters.invitationStatus)})`);
	const email = validText(this, itemIndex, 'Email', filters.email, {
		pattern: PATTERNS.email,
		expected: 'an e-mail address like name@example.com',
	});
	if (email) conditions.push(`eq(user.email,${rqlString(email)})`);
	return {
		limit,
		rql: rqlAll(conditions),
		paths: accountUserPathsFor(this, itemIndex),
		simplify: readSimplify(this, itemIndex),
	};
}

async function execute(
	this: IExecuteFunctions,
	{ limit, rql, paths, simplify }: GetManyInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject[]> {

	const users: IDataObject[] = [];
	for (let offset = 0; users.length < limit; ) {
		const pageSize = Math.min(PAGE_SIZE, limit - users.length);
		const page = await api.request<AccountUserList>({
			method: 'GET',
			path: paths.collection,
			query: `${rql ? `${rql}&` : ''}limit=${pageSize}&offset=${offset}`,
			safety: 'idempotent',
			itemIndex,
		});
		const data = page.data ?? [];
		users.push(...data);
		offset += data.length;
		const total = page.$meta?.pagination?.total;
		if (data.length < pageSize || (typeof total === 'number' && offset >= total)) break;
	}
	return users.slice(0, limit).map((user) => shapeAccountUser(simplify, user));
}

export const getManyUsers: Operation<GetManyInput> = {
	displayName: 'Get Many Users',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
