import type { INodeProperties } from 'n8n-workflow';
import { authenticationField, endpointFields, maxRetriesField, maxRetryWaitField, simplifyField, timeoutField } from '../shared/fields';

/** The largest account the trigger watches by default: 100 requests a poll. */
export const DEFAULT_MAX_USERS = 10_000;

/**
 * From this version a poll reads only what can have changed, and every user only at a full
 * reconcile every DEFAULT_RECONCILE_HOURS; versions 1 and 1.1 read every user at every poll unless
 * Full Reconcile Every is set (their meaning in saved workflows).
 */
export const RECONCILE_FROM_VERSION = 1.2;
export const DEFAULT_RECONCILE_HOURS = 6;

/**
 * The bounds of the numeric options, the action node's for the same options (its router's
 * OPTION_LIMITS) and the description's typeOptions: an expression cannot pass them either.
 */
export const TRIGGER_OPTION_LIMITS = {
	maxRetries: { min: 0, max: 20, integer: true },
	maxRetryWait: { min: 0, max: 3600 },
	timeout: { min: 1, max: 600 },
	maxUsers: { min: 1, max: 100_000 },
	reconcileHours: { min: 0, max: 168 },
};

/** The Events field; only User Removed's text differs between versions (how a removal is found). */
function eventsField(userRemoved: string, displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Groups Changed',
				value: 'groupsChanged',
				description: 'A user\'s group membership differs from the last poll',
			},
			{
				name: 'Invitation Accepted',
				value: 'invitationAccepted',
				description: 'A user whose invitation was pending (or expired) is now Active',
			},
			{
				name: 'Invitation Expired',
				value: 'invitationExpired',
				description: 'A user\'s invitation is now InvitationExpired',
			},
			{
				name: 'User Added',
				value: 'userAdded',
				description: 'A user appeared in the account since the last poll',
			},
			{ name: 'User Removed', value: 'userRemoved', description: userRemoved },
		],
		default: [],
		description: 'Which changes start the workflow; each change starts it once',
		displayOptions,
	};
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Watches SoftwareOne Marketplace account users. Bold Smart Lock has no way to list users, so it cannot be watched.',
		name: 'serviceNotice',
		type: 'notice',
		default: '',
	},
	authenticationField,
	// Version 1.2 tells User Removed by a lone read's 404, not by two polls: its own text. First, because
	// n8n's node creator lists a trigger's events from the first property named Events (new nodes are 1.2).
	eventsField(
		'A user the trigger knew is gone: its own read answers 404, for a pending invitation at the next poll, for any other user at the next full reconcile (with Full Reconcile Every at 0: missed by two polls in a row). Gives only its ID and last status; not reported while a filter is set.',
		{ hide: { '@version': [1, 1.1] } },
	),
	eventsField(
		'A user the trigger knew is gone (missed by two polls in a row). Gives only its ID and last status; not reported while a filter is set.',
		{ show: { '@version': [1, 1.1] } },
	),
	...endpointFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Email Pattern',
				name: 'emailPattern',
				type: 'string',
				placeholder: '*@example.com',
				default: '',
				description: 'Only users whose e-mail address matches; * stands for any characters, ? for one, case is ignored',
			},
			{
				displayName: 'Group ID',
				name: 'groupId',
				type: 'string',
				placeholder: 'UGR-1234-5678',
				default: '',
				description: 'Only users in this user group',
			},
		],
	},
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Full Reconcile Every (Hours)',
				name: 'reconcileHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 168 },
				default: 6,
				description:
					'How often a poll reads every account user, to catch what the cheap reads between cannot see (see the README). Between those, a poll reads only pending invitations and new users: 2 requests at any account size. 0 reads every user at every poll (versions 1 and 1.1 do that unless this is set); only then does Max Users apply.',
			},
			{
				displayName: 'Include Invitation Link',
				name: 'includeInvitationLink',
				type: 'boolean',
				default: false,
				description:
					'Whether outputs keep the invitation\'s join link (invitation URL). Whoever holds the link can join as the invitee, so it is left out unless you need it, for example to send it yourself.',
				displayOptions: { show: { '@version': [1.1, 1.2] } },
			},
			maxRetriesField(
				'How often a page request is repeated after a rate limit (429), a busy service (503) or a dropped connection',
			),
			maxRetryWaitField(
				'The longest wait before one retry. If the API asks (Retry-After) for longer, the poll fails and the next one tries again.',
			),
			{
				displayName: 'Max Users',
				name: 'maxUsers',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100000 },
				default: 10000,
				description:
					'The most account users one poll reads (100 per request). An account with more makes the poll fail instead of growing the kept state without bound.',
			},
			timeoutField,
		],
	},
];
