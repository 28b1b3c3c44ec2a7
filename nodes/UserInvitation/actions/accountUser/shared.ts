import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { type AccountUserPaths, accountUserSegment, FAMILY_NAMES, simplifyAccountUser } from '../../../shared/softwareOne/endpoints';
import type { Segment } from '../../../shared/http/url';
import { validBoolean, validText } from '../../../shared/validation';
import { endpointFields, showOnlyFor, simplifyField } from '../../../shared/fields';
import type { StatusText } from '../../../shared/http/session';

/** Fields every SoftwareOne operation shows: which endpoints to call. */
export const accountUserEndpointFields: INodeProperties[] = showOnlyFor({ resource: ['accountUser'] }, endpointFields);

/** "Pick a user": from a searchable list (by e-mail or name) or by ID. */
export function accountUserLocator(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by e-mail or name…',
				typeOptions: { searchListMethod: 'searchAccountUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. AUSR-1234-5678',
				hint: 'The account user ID: the "id" of a Create User or Get Many Users result',
			},
		],
		displayOptions: { show: { resource: ['accountUser'], operation: operations } },
	};
}

export function simplifyFieldFor(operations: string[]): INodeProperties {
	return showOnlyFor({ resource: ['accountUser'], operation: operations }, [simplifyField])[0];
}

export interface AccountUserId {
	/** As the user gave it, for messages. */
	text: string;
	segment: Segment;
}

export function readAccountUserId(ctx: IExecuteFunctions, itemIndex: number): AccountUserId {
	const raw = ctx.getNodeParameter('userId', itemIndex, '', { extractValue: true });
	const text = validText(ctx, itemIndex, 'User', raw, { required: true }) as string;
	return { text, segment: accountUserSegment({ ctx, itemIndex, label: 'User' }, text) };
}

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return validBoolean(ctx, itemIndex, 'Simplify', ctx.getNodeParameter('simplify', itemIndex, true), true);
}

/** With Auto-detect, once it had to switch: which endpoints answered, on every output item. */
export function markEndpoints(json: IDataObject, paths: AccountUserPaths, detected: boolean): IDataObject {
	return detected ? { ...json, endpoints: FAMILY_NAMES[paths.family] } : json;
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

export function shapeAccountUser(simplify: boolean, accountUser: IDataObject): IDataObject {
	return simplify ? simplifyAccountUser(accountUser) : accountUser;
}
