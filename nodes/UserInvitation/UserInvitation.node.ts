import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { accountUserDescription } from './actions/accountUser';
import { lockUserDescription } from './actions/lockUser';
import { router } from './actions/router';
import { toolDescriptionFields } from './actions/toolDescriptions';
import { authenticationField } from '../shared/fields';
import { searchAccountUsers } from './methods/listSearch';
import { getInvitationFields, getUserFields } from './methods/resourceMapping';

export class UserInvitation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Invitation',
		name: 'userInvitation',
		icon: { light: 'file:userInvitation.svg', dark: 'file:userInvitation.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ({ create: "Create User", resendInvite: "Resend Invite", get: "Get User", getAll: "Get Many Users", updateInvitation: "Update Invitation" })[$parameter["operation"]] }}',
		description:
			'Invite users and manage their invitations: SoftwareOne Marketplace account users and Bold Smart Lock invitations',
		defaults: { name: 'User Invitation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'userInvitationBearerTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['bearerToken'] } },
			},
			{
				name: 'userInvitationApiKeyApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
		],
		properties: [
			// Only on the AI tool variant, at the top where n8n puts every tool's description.
			...toolDescriptionFields,
			authenticationField,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Account User (SoftwareOne)',
						value: 'accountUser',
						description: 'Users of a SoftwareOne Marketplace account and their invitations',
					},
					{
						name: 'Lock User (Bold)',
						value: 'lockUser',
						description: 'Invitations of Bold Smart Lock users',
					},
				],
				default: 'accountUser',
			},
			...accountUserDescription,
			...lockUserDescription,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				// Literal defaults (the linter wants them); a test checks they equal the transport's defaults.
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 50 },
						default: 50,
						description:
							'How many items are sent to the API at the same time. When the API answers 429 (too many requests) the node slows down by itself. Output order always follows input order.',
					},
					{
						displayName: 'Max Retries',
						name: 'maxRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 20 },
						default: 5,
						description:
							'How often a request is repeated after a rate limit (429), a busy service (503) or a dropped connection. Requests that create users or send invitations are only repeated when that cannot send anything twice.',
					},
					{
						displayName: 'Max Retry Wait (Seconds)',
						name: 'maxRetryWait',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 3600 },
						default: 60,
						description:
							'The longest wait before one retry. If the API asks (Retry-After) for longer, the item fails instead.',
					},
					{
						displayName: 'Timeout (Seconds)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 600 },
						default: 30,
						description: 'How long to wait for one answer from the API',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchAccountUsers },
		resourceMapping: { getUserFields, getInvitationFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
