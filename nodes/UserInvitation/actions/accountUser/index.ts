import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { createUser } from './create.operation';
import { getUser } from './get.operation';
import { getManyUsers } from './getAll.operation';
import { resendInvite } from './resendInvite.operation';
import { accountUserEndpointFields } from './shared';

export const accountUserOperations: Record<string, Operation> = {
	create: createUser,
	resendInvite,
	get: getUser,
	getAll: getManyUsers,
};

export const accountUserDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['accountUser'] } },
		options: [
			{
				name: 'Create User',
				value: 'create',
				action: 'Create a user and send the invitation',
				description: 'Add a user to the account and e-mail them an invitation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many users',
				description: 'List account users, filtered by invitation status or e-mail',
			},
			{
				name: 'Get User',
				value: 'get',
				action: 'Get a user',
				description: 'Read one account user and the state of their invitation',
			},
			{
				name: 'Resend Invite',
				value: 'resendInvite',
				action: 'Resend an invitation',
				description: 'Send an expired or pending invitation again',
			},
		],
		default: 'create',
	},
	...accountUserEndpointFields,
	...Object.values(accountUserOperations).flatMap((operation) => operation.description),
];
