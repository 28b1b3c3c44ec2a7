import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ACTIVE, groupIdsOf, invitationStatusOf } from '../../../shared/softwareOne/accountUser';
import { invalidInput } from '../../../shared/validation';
import { defineOperation } from '../define';
import { accountUserLocator, readUserTarget, userLookup, withUser } from './fields';

type RemoveWhen = 'notJoined' | 'any';
const CHOICES: readonly RemoveWhen[] = ['notJoined', 'any'];

const properties: INodeProperties[] = [
	accountUserLocator('The account user to remove'),
	{
		displayName: 'Remove',
		name: 'removeWhen',
		type: 'options',
		options: [
			{
				name: 'Only If the Invitation Is Still Pending or Expired',
				value: 'notJoined',
				description:
					'Revokes an invitation (for example one sent to a wrong address). A user who has already joined (Active) is left alone and the item gets an error saying so.',
			},
			{
				name: 'Any Status',
				value: 'any',
				description: 'Offboarding: removes the user from the account whatever the state of their invitation',
			},
		],
		default: 'notJoined',
		description: 'SoftwareOne has no separate "revoke invitation" call: revoking means removing an account user who has not joined yet',
	},
];

function readRemoveWhen(ctx: IExecuteFunctions, itemIndex: number): RemoveWhen {
	const value = ctx.getNodeParameter('removeWhen', itemIndex, 'notJoined');
	if (!CHOICES.includes(value as RemoveWhen)) {
		throw invalidInput(ctx, itemIndex, `Remove ${JSON.stringify(value)} is not one of the allowed values`, `Use one of: ${CHOICES.join(', ')}.`);
	}
	return value as RemoveWhen;
}

export const removeUser = defineOperation({
	resource: 'accountUser',
	value: 'remove',
	label: 'Remove User',
	action: 'Remove a user',
	description: 'Remove a user from the account, or revoke an invitation that was not accepted',
	toolDescription:
		'Remove a SoftwareOne account user from the account: they lose access to it. Use it to offboard someone who left, or to revoke an invitation sent to a wrong address. ' +
		'Needs the account user ID, like AUSR-0000-0001, or their e-mail address. ' +
		'With "Only if the invitation is still pending or expired" (the default) a user who has already joined is left alone and the tool returns an error. ' +
		'It cannot be undone: to give access again, invite the person again (a new invitation e-mail).',
	service: 'softwareOne',
	properties,

	prepare(itemIndex, { parameters, connection }) {
		return { target: readUserTarget(this, itemIndex, connection, parameters), removeWhen: readRemoveWhen(this, itemIndex) };
	},

	// Sends nothing and assigns nothing; which statuses may be removed is the Remove field's own rule.
	effects: () => ({}),

	lookup: ({ target }) => userLookup(target),

	async execute({ target, removeWhen }, itemIndex, { softwareOne, users }) {
		const { result } = await withUser(softwareOne, target, itemIndex, async (paths, id, found) => {
			// Read first: the status decides "only if not joined", and the output says what was removed.
			const before = found ?? (await softwareOne.getUser(paths, id, itemIndex));
			const status = invitationStatusOf(before);
			if (removeWhen === 'notJoined' && status === ACTIVE) {
				throw new NodeOperationError(this.getNode(), `User ${id.text} has already joined (status Active); nothing was removed [item ${itemIndex}]`, {
					itemIndex,
					description:
						'"Remove" is set to "Only if the invitation is still pending or expired", which revokes invitations but leaves members alone. To offboard a member, set it to "Any Status".',
				});
			}
			return await softwareOne.removeUser(paths, id, before, itemIndex);
		}, users);
		const user = (result.before.user ?? {}) as IDataObject;
		return {
			removed: true,
			id: result.before.id,
			email: user.email,
			statusBefore: invitationStatusOf(result.before),
			// The groups it had: what "invite the right address" needs to give the same access again.
			groupIds: groupIdsOf(result.before),
			...(result.confirmedAfterLostAnswer && {
				note: 'The answer to the removal was lost; a read afterwards showed the user gone, so it was removed once.',
			}),
		};
	},
});
