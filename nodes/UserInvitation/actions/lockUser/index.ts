import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../types';
import { updateInvitation } from './updateInvitation.operation';

export const lockUserOperations: Record<string, Operation> = { updateInvitation };

export const lockUserDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lockUser'] } },
		options: [
			{
				name: 'Update Invitation',
				value: 'updateInvitation',
				action: 'Update an invitation',
				description: 'Change language, expiration, e-mail or phone, or send the invitation again',
			},
		],
		default: 'updateInvitation',
	},
	...updateInvitation.description,
];
