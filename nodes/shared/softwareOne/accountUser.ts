import type { IDataObject } from 'n8n-workflow';
import type { StatusText } from '../http/errors';
import type { Segment } from '../http/url';
import { type AccountUserPaths, FAMILY_NAMES } from './endpoints';

/** What SoftwareOne's list endpoints answer. */
export interface AccountUserList {
	$meta?: { pagination?: { offset?: number; limit?: number; total?: number } };
	data?: IDataObject[];
}

/** An account user's ID as the user gave it (for messages) and as a checked path segment. */
export interface AccountUserId {
	text: string;
	segment: Segment;
}

/** A user as an operation names it: by ID, or by e-mail (looked up in the chosen endpoint family). */
export type AccountUserRef = { kind: 'id'; id: AccountUserId } | { kind: 'email'; email: string };

export const INVITED = 'Invited';
export const ACTIVE = 'Active';
export const EXPIRED = 'InvitationExpired';

/** The account user's ID, when it is a non-empty text (the list reads key users by it). */
export function accountUserIdOf(accountUser: IDataObject): string | undefined {
	return typeof accountUser.id === 'string' && accountUser.id !== '' ? accountUser.id : undefined;
}

export function invitationStatusOf(accountUser: IDataObject | undefined): string | undefined {
	const status = (accountUser?.invitation as IDataObject | undefined)?.status;
	return typeof status === 'string' ? status : undefined;
}

/** `audit.<event>.at` (asked for with `select=+audit`); undefined when the server sent none. */
function auditTimeOf(accountUser: IDataObject | undefined, event: 'created' | 'updated'): string | undefined {
	const at = ((accountUser?.audit as IDataObject | undefined)?.[event] as IDataObject | undefined)?.at;
	return typeof at === 'string' ? at : undefined;
}

/** `audit.updated.at`: moves on with every change of the record. */
export const updatedAtOf = (accountUser: IDataObject | undefined): string | undefined => auditTimeOf(accountUser, 'updated');

/** `audit.created.at`: when the account user was created (the trigger's high-water mark). */
export const createdAtOf = (accountUser: IDataObject | undefined): string | undefined => auditTimeOf(accountUser, 'created');

/** The ids of the user's groups, in the order the API lists them. */
export function groupIdsOf(accountUser: IDataObject | undefined): string[] {
	const groups = Array.isArray(accountUser?.groups) ? (accountUser.groups as IDataObject[]) : [];
	return groups.map((group) => group?.id).filter((id): id is string => typeof id === 'string');
}

/**
 * The group ids as the trigger compares them: undefined when the record has no `groups` list (not
 * known, which is not "no groups"), and a bare string entry taken as an id.
 */
export function listedGroupIdsOf(accountUser: IDataObject): string[] | undefined {
	if (!Array.isArray(accountUser.groups)) return undefined;
	return (accountUser.groups as unknown[])
		.map((group) => (group && typeof group === 'object' ? (group as IDataObject).id : group))
		.filter((id): id is string => typeof id === 'string');
}

/** The fields a workflow usually needs next, flat. */
export function simplifyAccountUser(accountUser: IDataObject): IDataObject {
	const user = (accountUser.user ?? {}) as IDataObject;
	const invitation = (accountUser.invitation ?? {}) as IDataObject;
	const account = (accountUser.account ?? {}) as IDataObject;
	const groups = Array.isArray(accountUser.groups) ? (accountUser.groups as IDataObject[]) : [];
	const simple: IDataObject = {
		id: accountUser.id,
		userId: user.id,
		name: user.name ?? ([user.firstName, user.lastName].filter(Boolean).join(' ') || undefined),
		email: user.email,
		invitationStatus: invitation.status,
		invitationUrl: invitation.url,
		accountId: account.id,
		accountName: account.name,
		groupIds: groups.map((group) => group.id),
		lastLoginAt: accountUser.lastLoginAt,
	};
	for (const key of Object.keys(simple)) if (simple[key] === undefined) delete simple[key];
	return simple;
}

/**
 * The output without the invitation's join link (`invitation.url`, simplified `invitationUrl`): the
 * link lets whoever holds it join as the invitee, so it is a secret of that person. A copy; other
 * fields are left as they are.
 */
export function withoutInvitationLink(output: IDataObject): IDataObject {
	const rest: IDataObject = { ...output };
	delete rest.invitationUrl;
	const invitation = rest.invitation;
	if (invitation && typeof invitation === 'object' && !Array.isArray(invitation) && 'url' in invitation) {
		const otherInvitationFields: IDataObject = { ...(invitation as IDataObject) };
		delete otherInvitationFields.url;
		rest.invitation = otherInvitationFields;
	}
	return rest;
}

/** A 404 on a collection: no user is involved, so the path itself is not served. */
export function routeMissing(operationName: string, paths: AccountUserPaths): StatusText {
	return {
		message: `${operationName}: this environment does not serve the "${FAMILY_NAMES[paths.family]}" endpoints (404)`,
		fix: 'Change "Endpoints" to another family (the live platform no longer serves "Account Users"; the account-scoped families need the Account ID, the node\'s or the credential\'s), or check the credential\'s base URL.',
	};
}

/** A 404 on one user's path: that user does not exist, or the family is not served. */
export function userMissing(id: AccountUserId, paths: AccountUserPaths): StatusText {
	return {
		message: `User ${id.text} was not found`,
		fix: `Check the user ID and that the credential points at the environment where the user exists. If every user is "not found", this environment may not serve the "${FAMILY_NAMES[paths.family]}" endpoints: try another "Endpoints" choice.`,
	};
}
