import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { type AccountUserId, simplifyAccountUser } from '../../../shared/softwareOne/accountUser';
import { type AccountUserPaths, accountUserSegment, FAMILY_NAMES } from '../../../shared/softwareOne/endpoints';
import { validBoolean, validText } from '../../../shared/validation';

/** What the account-user operations share: picking a user, Simplify, and marking the endpoints used. */

/** "Pick a user": from a searchable list (by e-mail or name) or by ID. */
export function accountUserLocator(description: string): INodeProperties {
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
	};
}

export function readAccountUserId(ctx: IExecuteFunctions, itemIndex: number): AccountUserId {
	const raw = ctx.getNodeParameter('userId', itemIndex, '', { extractValue: true });
	const text = validText(ctx, itemIndex, 'User', raw, { required: true }) as string;
	return { text, segment: accountUserSegment({ ctx, itemIndex, label: 'User' }, text) };
}

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return validBoolean(ctx, itemIndex, 'Simplify', ctx.getNodeParameter('simplify', itemIndex, true), true);
}

/** The output of one account user: Simplify applied, and, once Auto-detect had to switch, which endpoints answered. */
export function accountUserOutput(accountUser: IDataObject, simplify: boolean, paths: AccountUserPaths, detected: boolean): IDataObject {
	const json = simplify ? simplifyAccountUser(accountUser) : accountUser;
	return detected ? { ...json, endpoints: FAMILY_NAMES[paths.family] } : json;
}
