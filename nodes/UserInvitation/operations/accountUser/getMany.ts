import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { simplifyField } from '../../../shared/fields';
import { PagingError } from '../../../shared/http/paginate';
import { type Rql, rqlAnd, rqlEnum, rqlEq, rqlText } from '../../../shared/http/url';
import { endpointChoiceFor } from '../../../shared/softwareOne/endpoints';
import { PATTERNS, validBoolean, validNumber, validText } from '../../../shared/validation';
import { defineOperation } from '../define';
import { accountUserOutput, readSimplify } from './fields';

/** Return All stops here, however the server pages: memory stays bounded. */
export const MAX_USERS = 50_000;

const INVITATION_STATUSES = ['Active', 'InvitationExpired', 'Invited'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50000 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
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
	simplifyField,
];

const RETRY_HINT = 'Use a Limit, or a filter that returns fewer users.';

/** A stop of the shared pager in Get Many's words. */
function pagingFailure(ctx: IExecuteFunctions, itemIndex: number, { reason, at }: PagingError): NodeOperationError {
	const words: Record<PagingError['reason'], [string, string]> = {
		offsetIgnored: [
			`The API answered offset ${String(at.answeredOffset)} when asked for offset ${at.offset}; Return All stopped`,
			`The server does not page as documented, so reading on could loop forever. ${RETRY_HINT}`,
		],
		idRepeated: [
			`The API sent the same users again at offset ${at.offset} (user ${String(at.id)}); Return All stopped`,
			`The server seems to ignore the offset, so reading on could loop forever. ${RETRY_HINT}`,
		],
		pageRepeated: [
			`The API sent the same page of users again at offset ${at.offset}; Return All stopped`,
			`The server seems to ignore the offset, so reading on could loop forever. ${RETRY_HINT}`,
		],
		noNewIds: [
			`The API sent no new users at offset ${at.offset}; Return All stopped`,
			`The server seems to ignore the offset, so reading on could loop forever. ${RETRY_HINT}`,
		],
		cap: [
			`Return All reached its cap of ${MAX_USERS} users and stopped`,
			`The node reads at most ${MAX_USERS} users in one run, so that n8n's memory stays bounded. Use filters (Invitation Status, Email), or a Limit, to read fewer.`,
		],
		pageLimit: [
			`The API kept sending pages after ${at.requests} requests; Return All stopped`,
			`More pages than the users it may hold: the server does not page as documented. ${RETRY_HINT}`,
		],
		deadline: ['Reading the users took too long; Return All stopped', RETRY_HINT],
		noData: ['The API answered the user list without a "data" array', 'Check the credential\'s base URL and the Endpoints choice.'],
	};
	const [message, fix] = words[reason];
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description: fix });
}

export const getManyUsers = defineOperation({
	resource: 'accountUser',
	// 'getAll' is what saved workflows hold; n8n's convention names it Get Many.
	value: 'getAll',
	label: 'Get Many',
	title: 'Get Many Users',
	action: 'Get many users',
	description: 'List account users, filtered by invitation status or e-mail',
	toolDescription:
		'List SoftwareOne account users with the state of their invitation: Invited (pending), InvitationExpired, or Active (joined). ' +
		'Use it to find a user\'s ID by e-mail address, to check whether someone has joined, or to find expired invitations. Changes nothing.',
	service: 'softwareOne',
	properties,

	prepare(itemIndex, { connection }) {
		const returnAll = validBoolean(this, itemIndex, 'Return All', this.getNodeParameter('returnAll', itemIndex, false), false);
		const limit = returnAll
			? undefined
			: validNumber(this, itemIndex, 'Limit', this.getNodeParameter('limit', itemIndex, 50), 50, { min: 1, max: MAX_USERS, integer: true });
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
			rql: rqlAnd(conditions),
			endpoints: endpointChoiceFor(this, itemIndex, connection),
			simplify: readSimplify(this, itemIndex),
		};
	},

	effects: () => ({}),

	async execute({ limit, rql, endpoints, simplify }, itemIndex, { softwareOne }) {
		const read = await softwareOne
			.withPaths(endpoints, itemIndex, async (paths) =>
				await softwareOne.listUsers(
					paths,
					{ rql, title: 'Get Many Users', limit, cap: limit === undefined ? MAX_USERS : undefined, onRepeatedId: 'fail' },
					itemIndex,
				),
			)
			.catch((error: unknown) => {
				throw error instanceof PagingError ? pagingFailure(this, itemIndex, error) : error;
			});
		return read.result.items.map((user) => accountUserOutput(user, simplify, read.paths, read.detected));
	},
});
