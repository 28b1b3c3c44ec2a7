import { simplifyField } from '../../../shared/fields';
import { validGroupIds } from '../../../shared/validation';
import { defineOperation } from '../define';
import { accountUserLocator, readSimplify, readUserTarget, userLookup, withUser } from './fields';
import { groupChangeOutput } from './groups';

export const setGroups = defineOperation({
	resource: 'accountUser',
	value: 'setGroups',
	label: 'Set Groups',
	action: 'Set the groups of a user',
	description: 'Replace all user groups of an account user with the ones given',
	toolDescription:
		'Replace every user group of a SoftwareOne account user with the list given: groups not in the list are taken away, new ones are added. ' +
		'Use it to give someone exactly one set of roles. Needs the account user ID (like AUSR-0000-0001) or their e-mail address, and one or more group IDs like UGR-1234-5678. ' +
		'Returns the groups before and after; it can be undone by setting the "before" list again.',
	service: 'softwareOne',
	properties: [
		accountUserLocator('The account user whose groups are replaced'),
		{
			displayName: 'Group IDs',
			name: 'groupIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'UGR-1234-5678, UGR-2345-6789',
			hint: 'One or more user group IDs, separated by commas',
			description: 'Every group the user is in afterwards; groups not listed are taken away',
		},
		simplifyField,
	],

	prepare(itemIndex, { parameters, connection }) {
		return {
			target: readUserTarget(this, itemIndex, connection, parameters),
			groupIds: validGroupIds(this, itemIndex, parameters.get('groupIds', itemIndex)),
			simplify: readSimplify(this, itemIndex),
		};
	},

	effects: ({ groupIds }, itemIndex, { parameters }) => ({ groups: { value: groupIds, byModel: parameters.byModel('groupIds') } }),

	lookup: ({ target }) => userLookup(target),

	async execute({ target, groupIds, simplify }, itemIndex, { softwareOne, users }) {
		const { result, paths, detected } = await withUser(
			softwareOne,
			target,
			itemIndex,
			async (paths, id, found) => await softwareOne.setGroups(paths, id, groupIds, itemIndex, found),
			users,
		);
		return groupChangeOutput(result, simplify, paths, detected, result.changed ? undefined : 'The user already has exactly these groups; nothing was sent.');
	},
});
