import { simplifyField } from '../../../shared/fields';
import { defineOperation } from '../define';
import { groupIdField } from './addToGroup';
import { accountUserLocator, readSimplify, readUserTarget, userLookup, withUser } from './fields';
import { groupChangeOutput, readGroupId } from './groups';

export const removeFromGroup = defineOperation({
	resource: 'accountUser',
	value: 'removeFromGroup',
	label: 'Remove From Group',
	action: 'Remove a user from a group',
	description: 'Take an account user out of one user group',
	toolDescription:
		'Remove a SoftwareOne account user from one user group: they lose that group\'s rights but stay in the account. ' +
		'Use it to take away a role. Needs the account user ID (like AUSR-0000-0001) or their e-mail address, and the group ID (like UGR-1234-5678). ' +
		'A user who is not in the group is left as is and the tool says so. It can be undone with the tool that adds a user to a group.',
	service: 'softwareOne',
	properties: [accountUserLocator('The account user to take out of the group'), groupIdField('The user group to remove the user from'), simplifyField],

	prepare(itemIndex, { parameters, connection }) {
		return { target: readUserTarget(this, itemIndex, connection, parameters), group: readGroupId(this, itemIndex), simplify: readSimplify(this, itemIndex) };
	},

	// Taking a group away is a group choice too: the agent may only touch the groups the builder allows.
	effects: ({ group }, itemIndex, { parameters }) => ({ groups: { value: [group.id], byModel: parameters.byModel('groupId') } }),

	lookup: ({ target }) => userLookup(target),

	async execute({ target, group, simplify }, itemIndex, { softwareOne, users }) {
		const { result, paths, detected } = await withUser(
			softwareOne,
			target,
			itemIndex,
			async (paths, id, found) => await softwareOne.removeFromGroup(paths, id, group, itemIndex, found),
			users,
		);
		return groupChangeOutput(result, simplify, paths, detected, result.changed ? undefined : `Not a member of group ${group.id}; nothing was sent.`);
	},
});
