import { simplifyField } from '../../../shared/fields';
import { endpointChoiceFor } from '../../../shared/softwareOne/endpoints';
import { defineOperation } from '../define';
import { accountUserLocator, accountUserOutput, readAccountUserId, readSimplify } from './fields';

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

	prepare(itemIndex, { connection }) {
		return {
			id: readAccountUserId(this, itemIndex),
			endpoints: endpointChoiceFor(this, itemIndex, connection),
			simplify: readSimplify(this, itemIndex),
		};
	},

	effects: () => ({}),

	async execute({ id, endpoints, simplify }, itemIndex, { softwareOne }) {
		const { result, paths, detected } = await softwareOne.withPaths(endpoints, itemIndex, async (paths) =>
			await softwareOne.getUser(paths, id, itemIndex),
		);
		return accountUserOutput(result, simplify, paths, detected);
	},
});
