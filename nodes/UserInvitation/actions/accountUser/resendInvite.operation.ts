import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	type AccountUserPaths,
	type EndpointChoice,
	endpointChoiceFor,
	withAccountUserPaths,
} from '../../../shared/softwareOne/endpoints';
import { apiQuery, subPath } from '../../../shared/http/url';
import { invalidInput } from '../../../shared/validation';
import type { RunParameters } from '../../helpers/parameters';
import type { ApiSession, Connection } from '../../../shared/http/session';
import type { Operation } from '../types';
import {
	type AccountUserId,
	accountUserLocator,
	markEndpoints,
	readAccountUserId,
	readSimplify,
	shapeAccountUser,
	simplifyFieldFor,
	userMissing,
} from './shared';

const show = { resource: ['accountUser'], operation: ['resendInvite'] };

type InvitationKind = 'auto' | 'expired' | 'pending';

const ENDPOINT = {
	expired: '/send-new-invite',
	pending: '/resend-invite',
} as const;

const KINDS: readonly InvitationKind[] = ['auto', 'expired', 'pending'];

const description: INodeProperties[] = [
	accountUserLocator(['resendInvite'], 'The account user whose invitation is sent again'),
	{
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
				description:
					'For an invitation in state InvitationExpired: a new code and a new e-mail, state back to Invited',
			},
			{
				name: 'Pending: Resend Invitation',
				value: 'pending',
				description:
					'For an invitation still in state Invited: the same invitation e-mailed again, its 7 days start over',
			},
		],
		default: 'auto',
		description: 'Each choice sends exactly one e-mail to the user when it succeeds',
		displayOptions: { show },
	},
	simplifyFieldFor(['resendInvite']),
];

async function readAccountUser(
	api: ApiSession,
	paths: AccountUserPaths,
	id: AccountUserId,
	itemIndex: number,
	withAudit = false,
): Promise<IDataObject> {
	return await api.request({
		method: 'GET',
		path: paths.user(id.segment),
		query: withAudit ? apiQuery({ select: ['audit'] }) : undefined,
		safety: 'idempotent',
		statusTexts: { 404: userMissing(id, paths) },
		itemIndex,
	});
}

function invitationStatus(accountUser: IDataObject): string | undefined {
	return (accountUser.invitation as IDataObject | undefined)?.status as string | undefined;
}

function updatedAt(accountUser: IDataObject): number {
	const audit = accountUser.audit as { updated?: { at?: string } } | undefined;
	return audit?.updated?.at ? Date.parse(audit.updated.at) : Number.NaN;
}

interface ResendInput {
	id: AccountUserId;
	endpoints: EndpointChoice;
	kind: InvitationKind;
	simplify: boolean;
}

function readKind(ctx: IExecuteFunctions, itemIndex: number): InvitationKind {
	const kind = ctx.getNodeParameter('invitationKind', itemIndex, 'auto');
	if (!KINDS.includes(kind as InvitationKind)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`Invitation State ${JSON.stringify(kind)} is not one of the allowed values`,
			`Use one of: ${KINDS.join(', ')}.`,
		);
	}
	return kind as InvitationKind;
}

function prepare(this: IExecuteFunctions, itemIndex: number, _parameters: RunParameters, connection: Connection): ResendInput {
	return {
		id: readAccountUserId(this, itemIndex),
		endpoints: endpointChoiceFor(this, itemIndex, connection),
		kind: readKind(this, itemIndex),
		simplify: readSimplify(this, itemIndex),
	};
}

async function execute(
	this: IExecuteFunctions,
	{ id, endpoints, kind, simplify }: ResendInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const { result, paths, detected } = await withAccountUserPaths(api, endpoints, itemIndex, async (paths) =>
		await resend(this, api, paths, id, kind, itemIndex),
	);
	return markEndpoints(shapeAccountUser(simplify, result), paths, detected);
}

async function resend(
	ctx: IExecuteFunctions,
	api: ApiSession,
	paths: AccountUserPaths,
	id: AccountUserId,
	chosenKind: InvitationKind,
	itemIndex: number,
): Promise<IDataObject> {
	let kind = chosenKind;

	// A pending invitation keeps its state when re-sent, so the only trace of a send is the user's
	// audit.updated.at: read it before sending, to compare after a lost answer (no clocks compared).
	const before =
		kind === 'expired' ? undefined : await readAccountUser(api, paths, id, itemIndex, true);
	if (kind === 'auto') {
		const status = invitationStatus(before ?? {});
		if (status === 'InvitationExpired') kind = 'expired';
		else if (status === 'Invited') kind = 'pending';
		else {
			throw invalidInput(
				ctx,
				itemIndex,
				`User ${id.text} has invitation status "${status ?? 'none'}"; no invitation was sent`,
				'Only invitations in state Invited (pending) or InvitationExpired can be sent again. A user in state Active has already joined.',
			);
		}
	}

	const sent = await api.request({
		method: 'POST',
		path: subPath(paths.user(id.segment), ENDPOINT[kind]),
		safety: 'unsafe',
		statusTexts: { 404: userMissing(id, paths) },
		itemIndex,
		// After a reset or timeout, read the user: if our send went through, never e-mail twice.
		reconcile: async () => {
			const after = await readAccountUser(api, paths, id, itemIndex, kind === 'pending');
			if (kind === 'expired') return invitationStatus(after) === 'Invited' ? after : undefined;
			const previous = before ? updatedAt(before) : Number.NaN;
			const now = updatedAt(after);
			if (Number.isNaN(previous) || Number.isNaN(now)) {
				throw new NodeOperationError(ctx.getNode(), `The invitation e-mail to user ${id.text} may have been sent [item ${itemIndex}]`, {
					itemIndex,
					description:
						'The connection failed after the request was sent, and the user\'s audit does not show whether it arrived. Check with the user before sending again.',
				});
			}
			return now > previous ? after : undefined;
		},
		ambiguousWarning: `The invitation e-mail to user ${id.text} may have been sent. Check the user's invitation state before sending again.`,
	});
	return sent;
}

export const resendInvite: Operation<ResendInput> = {
	displayName: 'Resend Invite',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
