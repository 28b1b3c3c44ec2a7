import { simplifyField } from '../../../shared/fields';
import { defineOperation } from '../define';
import { accountUserLocator, accountUserOutput, readSimplify, readUserTarget, withUser } from './fields';

export const getUser = defineOperation({
	resource: 'accountUser',
	value: 'get',
	label: 'Get User',
	action: 'Get a user',
	description: 'Read one account user and the state of their invitation',
	toolDescription:
		'Read one SoftwareOne account user and the state of their invitation: Invited (pending), InvitationExpired, or Active (joined). ' +
		'Needs the account user ID, like AUSR-0000-0001. Changes nothing.',
	service: 'softwareOne',
	properties: [accountUserLocator('The account user to read'), simplifyField],

	prepare(itemIndex, { parameters, connection }) {
		return { target: readUserTarget(this, itemIndex, connection, parameters), simplify: readSimplify(this, itemIndex) };
	},

	effects: () => ({}),

	async execute({ target, simplify }, itemIndex, { softwareOne }) {
		const { result, paths, detected } = await withUser(softwareOne, target, itemIndex, async (paths, id, found) =>
			found ?? (await softwareOne.getUser(paths, id, itemIndex)),
		);
		return accountUserOutput(result, simplify, paths, detected);
	},
});
