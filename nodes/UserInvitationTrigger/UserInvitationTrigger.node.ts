import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { triggerProperties } from './description';
import { pollAccountUsers } from './poll';

export class UserInvitationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Invitation Trigger',
		name: 'userInvitationTrigger',
		icon: { light: 'file:userInvitationTrigger.svg', dark: 'file:userInvitationTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).length }} event(s)',
		description:
			'Starts the workflow when a SoftwareOne Marketplace invitation is accepted or expires, or a user is added',
		defaults: { name: 'User Invitation Trigger' },
		polling: true,
		inputs: [],
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
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollAccountUsers.call(this);
	}
}
