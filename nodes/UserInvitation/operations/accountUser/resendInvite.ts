import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { simplifyField } from '../../../shared/fields';
import type { InvitationKind } from '../../../shared/softwareOne/client';
import { invalidInput } from '../../../shared/validation';
import { defineOperation } from '../define';
import { accountUserLocator, accountUserOutput, readSimplify, readUserTarget, userLookup, withUser } from './fields';

const KINDS: readonly InvitationKind[] = ['auto', 'expired', 'pending'];

const invitationKindField: INodeProperties = {
	displayName: 'Invitation State',
	name: 'invitationKind',
	type: 'options',
	options: [
		{
			name: 'Detect Automatically',
			value: 'auto',
			description:
				'Reads the user first: sends a new invitation if it expired, re-sends it if still pending, and sends nothing if the user already joined',
		},
		{
			name: 'Expired: Send New Invitation',
			value: 'expired',
			description: 'For an invitation in state InvitationExpired: a new code and a new e-mail, state back to Invited',
		},
		{
			name: 'Pending: Resend Invitation',
			value: 'pending',
			description: 'For an invitation still in state Invited: the same invitation e-mailed again, its 7 days start over',
		},
	],
	default: 'auto',
	description: 'Each choice sends exactly one e-mail to the user when it succeeds',
};

function readInvitationKind(ctx: IExecuteFunctions, itemIndex: number): InvitationKind {
	const kind = ctx.getNodeParameter('invitationKind', itemIndex, 'auto');
	if (!KINDS.includes(kind as InvitationKind)) {
		throw invalidInput(ctx, itemIndex, `Invitation State ${JSON.stringify(kind)} is not one of the allowed values`, `Use one of: ${KINDS.join(', ')}.`);
	}
	return kind as InvitationKind;
}

export const resendInvite = defineOperation({
	resource: 'accountUser',
	value: 'resendInvite',
	label: 'Resend Invite',
	action: 'Resend an invitation',
	description: 'Send an expired or pending invitation again',
	toolDescription:
		'Send the invitation e-mail of a SoftwareOne account user again. ' +
		'Use it when someone did not receive, lost or let expire their invitation. ' +
		'Needs the account user ID, like AUSR-0000-0001 (find it by e-mail with the tool that lists users). ' +
		'Sends exactly one e-mail when it succeeds; a user who has already joined gets nothing and the tool returns an error saying so. ' +
		'At most 10 invitation e-mails and SMS per run by default (a limit the workflow builder sets); a call beyond it returns an error naming it.',
	service: 'softwareOne',
	properties: [accountUserLocator('The account user whose invitation is sent again'), invitationKindField, simplifyField],

	prepare(itemIndex, { parameters, connection }) {
		return {
			target: readUserTarget(this, itemIndex, connection, parameters),
			kind: readInvitationKind(this, itemIndex),
			simplify: readSimplify(this, itemIndex),
		};
	},

	// Detect Automatically may find nothing to send, but that is only known after the read.
	effects: () => ({ sends: ['email'] }),

	// An expired invitation by ID is sent without a read; every other choice reads the user first.
	lookup: ({ target, kind }) => (kind === 'expired' && target.ref.kind === 'id' ? undefined : { ...userLookup(target), audit: true }),

	async execute({ target, kind, simplify }, itemIndex, { softwareOne, users }) {
		const { result, paths, detected } = await withUser(
			softwareOne,
			target,
			itemIndex,
			async (paths, id, found) => await softwareOne.resendInvitation(paths, id, kind, itemIndex, found),
			users,
		);
		return accountUserOutput(result, simplify, paths, detected);
	},
});
