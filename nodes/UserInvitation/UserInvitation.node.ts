import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { nodeProperties, subtitle } from './description';
import { searchAccountUsers } from './methods/listSearch';
import { getInvitationFields, getUserFields } from './methods/resourceMapping';
import { SendLedger } from './guardrails';
import { router } from './router';

export class UserInvitation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'User Invitation',
		name: 'userInvitation',
		icon: { light: 'file:userInvitation.svg', dark: 'file:userInvitation.dark.svg' },
		group: ['output'],
		// 1.1: invitation join links are left out of outputs unless Include Invitation Link is on (1 keeps them).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
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
		properties: nodeProperties,
	};

	methods = {
		listSearch: { searchAccountUsers },
		resourceMapping: { getUserFields, getInvitationFields },
	};

	/**
	 * n8n calls execute with `this` = the execution context, so the instance's send ledger (the AI tool
	 * send cap, counted per execution over every tool call) reaches it through this closure. One
	 * instance per node type per process (n8n's node loader), like the ledger.
	 */
	execute = executeWith(new SendLedger());
}

function executeWith(ledger: SendLedger) {
	return async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, ledger);
	};
}
