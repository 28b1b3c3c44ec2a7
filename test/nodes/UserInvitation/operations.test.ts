import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { OPERATIONS as REGISTRY } from '../../../nodes/UserInvitation/operations';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { boldCredentials, locator, runNode, softwareOneCredentials } from '../../helpers/context';

// n8n resolves a node's parameters this way when it builds a workflow (defaults filled in); the
// '@tool' display condition is true only for the "…Tool" type n8n derives from `usableAsTool`.
function resolvedParameters(typeName: string, parameters: INodeParameters): INodeParameters {
	const description = new UserInvitation().description;
	const node = { name: 'User Invitation', type: typeName, typeVersion: 1, parameters } as unknown as INode;
	const asType = { ...description, name: typeName } as INodeTypeDescription;
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, asType) as INodeParameters;
}

/** Every registered operation: a new one is checked here without editing this file. */
const OPERATIONS: Array<[string, string]> = REGISTRY.map((operation) => [operation.resource, operation.value]);

/**
 * Parameters that make each operation's prepare step refuse the item. A new operation must add its
 * case here (the test below fails until it does): "refuses junk before any request" is part of the
 * operation contract.
 */
const JUNK: Record<string, INodeParameters> = {
	create: { user: { mappingMode: 'defineBelow', value: { email: 'not-an-email', firstName: 'A', lastName: 'B' } }, groupIds: 'UGR-1234-5678' },
	resendInvite: { userId: locator('..') },
	get: { userId: locator('') },
	getAll: { returnAll: false, limit: 'ten' },
	updateInvitation: { invitation: { mappingMode: 'defineBelow', value: { userId: '5; DROP' } } },
};

describe('every registered operation', () => {
	it.each(REGISTRY.map((operation) => [operation.value, operation] as const))('%s: refuses junk in its prepare step, before any request', async (value, operation) => {
		expect(JUNK).toHaveProperty([value]);
		const run = await runNode({
			parameters: { resource: operation.resource, operation: value, ...JUNK[value] },
			credentials: operation.service === 'bold' ? boldCredentials() : softwareOneCredentials(),
		});
		expect(run.requests).toHaveLength(0);
		expect(run.error?.message).toMatch(/\[item 0\]$/);
		expect(run.error?.description).toBeTruthy();
	});

	it('has a unique value, a title, an action and a help text; the Operation lists are sorted as n8n\'s lint wants', () => {
		expect(new Set(REGISTRY.map((operation) => operation.value)).size).toBe(REGISTRY.length);
		for (const operation of REGISTRY) {
			expect(operation.title).toBeTruthy();
			expect(operation.action).toMatch(/^[A-Z][a-z]/);
			expect(operation.action).not.toMatch(/\.$/);
			expect(operation.description).not.toMatch(/\.$/);
		}
		const lists = new UserInvitation().description.properties.filter((property) => property.name === 'operation');
		expect(lists).toHaveLength(new Set(REGISTRY.map((operation) => operation.resource)).size);
		for (const list of lists) {
			const names = (list.options as Array<{ name: string }>).map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('is named on the canvas by its title', () => {
		const { subtitle } = new UserInvitation().description;
		for (const operation of REGISTRY) expect(subtitle).toContain(`${operation.value}: ${JSON.stringify(operation.title)}`);
	});
});

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
