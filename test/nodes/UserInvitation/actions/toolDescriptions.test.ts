import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { UserInvitation } from '../../../../nodes/UserInvitation/UserInvitation.node';

// n8n resolves a node's parameters this way when it builds a workflow (defaults filled in); the
// '@tool' display condition is true only for the "…Tool" type n8n derives from `usableAsTool`.
function resolvedParameters(typeName: string, parameters: INodeParameters): INodeParameters {
	const description = new UserInvitation().description;
	const node = { name: 'User Invitation', type: typeName, typeVersion: 1, parameters } as unknown as INode;
	const asType = { ...description, name: typeName } as INodeTypeDescription;
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, asType) as INodeParameters;
}

const OPERATIONS: Array<[string, string]> = [
	['accountUser', 'create'],
	['accountUser', 'resendInvite'],
	['accountUser', 'get'],
	['accountUser', 'getAll'],
	['lockUser', 'updateInvitation'],
];

describe('the tool description an AI agent reads', () => {
	it.each(OPERATIONS)('%s / %s as a tool: says what it does, when to use it, and what it needs', (resource, operation) => {
		const parameters = resolvedParameters('n8n-nodes-user-invitations.userInvitationTool', { resource, operation });
		const text = String(parameters.toolDescription);

		expect(text.length).toBeGreaterThan(120);
		// n8n's own fallback would be "<action> in User Invitation".
		expect(text).not.toMatch(/ in User Invitation$/);
		if (operation === 'get') expect(text).toMatch(/Changes nothing/);
		else expect(text).toMatch(/Use it (when|to)/);
		expect(text).toMatch(resource === 'lockUser' ? /Bold Smart Lock/ : /SoftwareOne/);
	});

	it('is a different text for every operation', () => {
		const texts = OPERATIONS.map(([resource, operation]) =>
			resolvedParameters('n8n-nodes-user-invitations.userInvitationTool', { resource, operation }).toolDescription,
		);
		expect(new Set(texts).size).toBe(OPERATIONS.length);
	});

	it.each(OPERATIONS)('%s / %s in a normal workflow: no tool description at all', (resource, operation) => {
		const parameters = resolvedParameters('n8n-nodes-user-invitations.userInvitation', { resource, operation });
		expect(parameters).not.toHaveProperty('toolDescription');
	});

	it('keeps a description the user wrote', () => {
		const parameters = resolvedParameters('n8n-nodes-user-invitations.userInvitationTool', {
			resource: 'accountUser',
			operation: 'create',
			toolDescription: 'Invite one of our contractors.',
		});
		expect(parameters.toolDescription).toBe('Invite one of our contractors.');
	});
});
