import type { INodeProperties } from 'n8n-workflow';
import { simplifyField } from '../../../shared/fields';
import { defineOperation } from '../define';
import { accountUserLocator, readSimplify, readUserTarget, userLookup, withUser } from './fields';
import { groupChangeOutput, readGroupId } from './groups';

export const groupIdField = (description: string): INodeProperties => ({
	displayName: 'Group ID',
	name: 'groupId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'UGR-1234-5678',
	description,
});

export const addToGroup = defineOperation({
	resource: 'accountUser',
	value: 'addToGroup',
	label: 'Add to Group',
	action: 'Add a user to a group',
	description: 'Add an account user to one more user group',
	toolDescription:
		'Add a SoftwareOne account user to one user group, which gives them that group\'s rights in the account. ' +
		'Use it to grant someone a role. Needs the account user ID (like AUSR-0000-0001) or their e-mail address, and the group ID (like UGR-1234-5678). ' +
		'A user already in the group is left as is and the tool says so. It can be undone with the tool that removes a user from a group.',
	service: 'softwareOne',
	properties: [accountUserLocator('The account user to add to the group'), groupIdField('The user group to add the user to'), simplifyField],

	prepare(itemIndex, { parameters, connection }) {
		return { target: readUserTarget(this, itemIndex, connection, parameters), group: readGroupId(this, itemIndex), simplify: readSimplify(this, itemIndex) };
	},

	effects: ({ group }, itemIndex, { parameters }) => ({ groups: { value: [group.id], byModel: parameters.byModel('groupId') } }),

	lookup: ({ target }) => userLookup(target),

	async execute({ target, group, simplify }, itemIndex, { softwareOne, users }) {
		const { result, paths, detected } = await withUser(
			softwareOne,
			target,
			itemIndex,
			async (paths, id, found) => await softwareOne.addToGroup(paths, id, group, itemIndex, found),
			users,
		);
		return groupChangeOutput(result, simplify, paths, detected, result.changed ? undefined : `Already a member of group ${group.id}; nothing was sent.`);
	},
});
