import type { INodeProperties } from 'n8n-workflow';

/**
 * What an AI agent reads about each operation when the node is attached as a tool (the "User
 * Invitation Tool" n8n derives from `usableAsTool`). n8n's own automatic text is only the action
 * plus " in User Invitation", which tells a model neither when to use the tool nor what it needs.
 * Shown only on the tool variant (`@tool`), one default per operation; the user may edit it.
 */
const TOOL_DESCRIPTIONS: Array<{ resource: string; operation: string; text: string }> = [
	{
		resource: 'accountUser',
		operation: 'create',
		text:
			'Invite a person to the SoftwareOne Marketplace account: creates the account user and e-mails them an invitation link that is valid for 7 days. ' +
			'Use it when someone new should get access. Needs their e-mail address, first and last name, and at least one user group ID like UGR-1234-5678. ' +
			'Returns the account user with its ID (like AUSR-0000-0001) and invitation status.',
	},
	{
		resource: 'accountUser',
		operation: 'resendInvite',
		text:
			'Send the invitation e-mail of a SoftwareOne account user again. ' +
			'Use it when someone did not receive, lost or let expire their invitation. ' +
			'Needs the account user ID, like AUSR-0000-0001 (find it by e-mail with the tool that lists users). ' +
			'Sends exactly one e-mail when it succeeds; a user who has already joined gets nothing and the tool returns an error saying so.',
	},
	{
		resource: 'accountUser',
		operation: 'get',
		text:
			'Read one SoftwareOne account user and the state of their invitation: Invited (pending), InvitationExpired, or Active (joined). ' +
			'Needs the account user ID, like AUSR-0000-0001. Changes nothing.',
	},
	{
		resource: 'accountUser',
		operation: 'getAll',
		text:
			'List SoftwareOne account users with the state of their invitation: Invited (pending), InvitationExpired, or Active (joined). ' +
			'Use it to find a user\'s ID by e-mail address, to check whether someone has joined, or to find expired invitations. Changes nothing.',
	},
	{
		resource: 'lockUser',
		operation: 'updateInvitation',
		text:
			'Change the invitation of a Bold Smart Lock user: its expiration, language, e-mail address or phone number, and optionally send it again by e-mail or SMS. ' +
			'Use it to extend or shorten someone\'s access to a lock, or to send a lock invitation again. Needs the numeric Bold user ID, like 5. ' +
			'An expiration must be in the future, as an ISO 8601 date-time with its UTC offset like 2026-12-01T09:00:00+01:00.',
	},
];

export const toolDescriptionFields: INodeProperties[] = TOOL_DESCRIPTIONS.map(({ resource, operation, text }) => ({
	displayName: 'Tool Description',
	name: 'toolDescription',
	type: 'string',
	typeOptions: { rows: 4 },
	default: text,
	description:
		'What the AI agent reads about this tool: what it does, when to use it and what it needs. Write it for a model, not for a person.',
	displayOptions: { show: { '@tool': [true], resource: [resource], operation: [operation] } },
}));
