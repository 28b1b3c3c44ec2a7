import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { triggerProperties } from './description';
import { PollMemory } from './memory';
import { createPoll } from './poll';

export class UserInvitationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Invitation Trigger',
		name: 'userInvitationTrigger',
		icon: { light: 'file:userInvitationTrigger.svg', dark: 'file:userInvitationTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1: join links are left out of outputs unless Include Invitation Link is on (1 keeps them).
		// 1.2: a poll reads only what can have changed; every user once per Full Reconcile period (6 h).
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: '={{ ($parameter["events"] || []).length }} event(s)',
		description:
			'Starts the workflow when a SoftwareOne Marketplace invitation is accepted or expires, a user is added or removed, or a user\'s groups change',
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

	/**
	 * n8n calls poll with `this` = the poll context, so the instance's memory reaches it through
	 * this closure. One instance per node type per process (n8n's node loader), like the memory.
	 */
	poll = createPoll(new PollMemory());
}
