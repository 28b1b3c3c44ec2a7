import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Connection } from '../../../shared/http/connection';
import { type AccountUserId, accountUserIdOf, type AccountUserRef, simplifyAccountUser } from '../../../shared/softwareOne/accountUser';
import type { SoftwareOneClient } from '../../../shared/softwareOne/client';
import type { UserBatch, UserLookup } from '../../../shared/softwareOne/userBatch';
import { type AccountUserPaths, accountUserSegment, type EndpointChoice, endpointChoiceFor, FAMILY_NAMES } from '../../../shared/softwareOne/endpoints';
import { PATTERNS, validBoolean, validText } from '../../../shared/validation';
import { fieldReferencePath, lookUp } from '../../helpers/fieldReferences';
import type { RunParameters } from '../../helpers/parameters';

/** What the account-user operations share: picking a user, Simplify, and marking the endpoints used. */

/** "Pick a user": from a searchable list (by e-mail or name), by ID, or by e-mail (looked up when the item runs). */
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
			{
				displayName: 'By E-Mail',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@example.com',
				hint: 'The user\'s e-mail address: the node looks the account user up (one read) before it acts',
			},
		],
	};
}

/**
 * The User locator's mode and value when its value only refers to a text field of the item
 * (`{{ $json.email }}`, what dragging a field in writes): read from the item, as n8n's expression would
 * give it, without the two evaluations per item (mode, then value) that cost 1–4 ms each on a loaded
 * machine, more than the item's request at a rate limit (issue 29). Anything else: undefined, n8n reads it.
 */
function referencedLocator(ctx: IExecuteFunctions, itemIndex: number, parameters: RunParameters): { mode: string; value: string } | undefined {
	const stored = ctx.getNode().parameters.userId;
	if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
	const { mode, value } = stored as IDataObject;
	if (typeof mode !== 'string' || mode.startsWith('=') || typeof value !== 'string') return undefined;
	const path = fieldReferencePath(value);
	const found = path && lookUp(parameters.json(itemIndex), path);
	return found && found.found && typeof found.value === 'string' ? { mode, value: found.value } : undefined;
}

/** The user as the item names it: an ID (From List, By ID) or an e-mail address (By E-Mail), checked; sends nothing. */
export function readAccountUserRef(ctx: IExecuteFunctions, itemIndex: number, parameters: RunParameters): AccountUserRef {
	const referenced = referencedLocator(ctx, itemIndex, parameters);
	const locator = referenced ?? (ctx.getNodeParameter('userId', itemIndex, '', { extractValue: false }) as { mode?: unknown } | string);
	const raw = () => (referenced ? referenced.value : ctx.getNodeParameter('userId', itemIndex, '', { extractValue: true }));
	if (typeof locator === 'object' && locator !== null && locator.mode === 'email') {
		const email = validText(ctx, itemIndex, 'User', raw(), {
			required: true,
			pattern: PATTERNS.email,
			expected: 'an e-mail address like name@example.com',
		}) as string;
		return { kind: 'email', email };
	}
	const text = validText(ctx, itemIndex, 'User', raw(), { required: true }) as string;
	return { kind: 'id', id: { text, segment: accountUserSegment({ ctx, itemIndex, label: 'User' }, text) } };
}

/** Who an operation acts on and where: the user (ID or e-mail), the endpoint choice, and the account an e-mail search is narrowed to. */
export interface UserTarget {
	ref: AccountUserRef;
	endpoints: EndpointChoice;
	accountId?: string;
}

/** `parameters`: the run's, so that a User dragged in from the input is read from the item (see referencedLocator). */
export function readUserTarget(ctx: IExecuteFunctions, itemIndex: number, connection: Connection, parameters: RunParameters): UserTarget {
	const ref = readAccountUserRef(ctx, itemIndex, parameters);
	const endpoints = endpointChoiceFor(ctx, itemIndex, connection);
	const accountId = ref.kind === 'email' ? (validText(ctx, itemIndex, 'Account ID', ctx.getNodeParameter('scopeAccountId', itemIndex, '')) ?? connection.accountId) : undefined;
	return { ref, endpoints, accountId };
}

/**
 * Runs `work` on the target's user, in the family Auto-detect finds: an e-mail is looked up first
 * (inside the family, so a not-served family is detected like any other read). With `users`, the
 * user comes from the run's batch read when it has it (`found`); otherwise as without batching.
 */
export async function withUser<T>(
	softwareOne: SoftwareOneClient,
	target: UserTarget,
	itemIndex: number,
	work: (paths: AccountUserPaths, id: AccountUserId, found: IDataObject | undefined) => Promise<T>,
	users?: UserBatch,
) {
	return await softwareOne.withPaths(target.endpoints, itemIndex, async (paths) => {
		const batched = await users?.find(paths, itemIndex);
		const batchedId = batched && accountUserIdOf(batched);
		if (batched && batchedId) {
			// An id from the server goes into a path only in the documented shape, as resolveUser checks it.
			const id = target.ref.kind === 'id' ? target.ref.id : { text: batchedId, segment: accountUserSegment({ ctx: { getNode: () => softwareOne.session.node }, itemIndex, label: 'User' }, batchedId) };
			return await work(paths, id, batched);
		}
		const { id, found } = await softwareOne.resolveUser(paths, target.ref, itemIndex, target.accountId);
		return await work(paths, id, found);
	});
}

/** The read an operation that acts on one user makes first (see UserBatch). */
export const userLookup = (target: UserTarget): UserLookup => ({ ref: target.ref, endpoints: target.endpoints, accountId: target.accountId });

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return validBoolean(ctx, itemIndex, 'Simplify', ctx.getNodeParameter('simplify', itemIndex, true), true);
}

/** The output of one account user: Simplify applied, and, once Auto-detect had to switch, which endpoints answered. */
export function accountUserOutput(accountUser: IDataObject, simplify: boolean, paths: AccountUserPaths, detected: boolean): IDataObject {
	const json = simplify ? simplifyAccountUser(accountUser) : accountUser;
	return detected ? { ...json, endpoints: FAMILY_NAMES[paths.family] } : json;
}
