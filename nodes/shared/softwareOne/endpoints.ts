import { type ApiContext, type Connection, readParameter } from '../http/connection';
import type { ApiPath, ApiQuery, ApiSession } from '../http/session';
import { apiPath, apiQuery, childPath, type Origin, rqlAnd, rqlEq, rqlId, rqlText, type Segment, segment } from '../http/url';
import { type NodeContext, PATTERNS, invalidInput, validText } from '../validation';

/** The SoftwareOne path families that serve account users; see README "SoftwareOne endpoints". */
export type EndpointFamily = 'accountUsers' | 'accountScoped' | 'accountsAccounts';

export interface AccountUserPaths {
	family: EndpointFamily;
	collection: ApiPath;
	user: (id: Segment) => ApiPath;
}

export const ACCOUNT_ID_SHAPE = { pattern: PATTERNS.accountId, expected: 'a SoftwareOne account ID like ACC-1234-5678' };

/**
 * An account user ID as the platform writes them (AUSR-1234-5678): letters, digits and dashes.
 * Percent-encoding alone is not enough for a path segment: a gateway that decodes %2F before
 * routing would send `../../other/endpoint` there, token and all.
 */
export const ACCOUNT_USER_ID_SHAPE = {
	pattern: PATTERNS.accountUserId,
	expected: 'an account user ID like AUSR-1234-5678: letters, digits and dashes only, at most 64 characters',
};

/** The path segment for one account user, from a value the user gave (already trimmed). */
export function accountUserSegment(origin: Origin, id: string): Segment {
	return segment(origin, id, ACCOUNT_USER_ID_SHAPE);
}

/** The paths of one family; `account` is the validated account segment the scoped families need. */
export function buildAccountUserPaths(family: EndpointFamily, account?: Segment): AccountUserPaths {
	let collection: ApiPath;
	if (family === 'accountUsers' || !account) collection = apiPath`/public/v1/accounts/account-users`;
	else if (family === 'accountScoped') collection = apiPath`/public/v1/accounts/${account}/users`;
	else collection = apiPath`/public/v1/accounts/accounts/${account}/users`;
	return { family: account ? family : 'accountUsers', collection, user: (id) => childPath(collection, id) };
}

/** The Endpoints choices as the node lists them, for messages. */
export const FAMILY_NAMES: Record<EndpointFamily, string> = {
	accountUsers: 'Account Users',
	accountScoped: 'Account-Scoped',
	accountsAccounts: 'Account-Scoped (Newer Path)',
};

/** A fixed family, or Auto-detect with the account the scoped families would need (if the user gave one). */
export type EndpointChoice =
	| { kind: 'fixed'; paths: AccountUserPaths }
	| { kind: 'auto'; account?: Segment };

/** The order Auto-detect tries: the documented family first, then the newest the vendor's client uses. */
const DETECTION_ORDER: EndpointFamily[] = ['accountUsers', 'accountsAccounts', 'accountScoped'];

/**
 * What one run (or one poll, or one list search) learnt about the families: which one answers. Made
 * by the SoftwareOneClient, so it lives exactly as long as the run; nothing is kept between runs.
 */
export class EndpointDetection {
	confirmed?: EndpointFamily;
	/** True once a family other than the first was found: the output then says which one answered. */
	switched = false;
	/** One cheap read per family and run, shared by every item. */
	readonly served = new Map<EndpointFamily, Promise<boolean>>();
	search?: Promise<EndpointFamily | undefined>;
}

const isNotFound = (error: unknown) => (error as { httpCode?: unknown } | undefined)?.httpCode === '404';

/** Does this environment serve the family at all? A 404 on its collection says no. */
async function routeServed(api: ApiSession, detection: EndpointDetection, paths: AccountUserPaths, itemIndex: number | undefined) {
	let served = detection.served.get(paths.family);
	if (!served) {
		served = api
			.request({
				method: 'GET',
				path: paths.collection,
				query: apiQuery({ limit: 1, offset: 0 }),
				safety: 'idempotent',
				itemIndex,
			})
			.then(
				() => true,
				(error: unknown) => !isNotFound(error),
			);
		detection.served.set(paths.family, served);
	}
	return await served;
}

/**
 * Runs `work` on the chosen family; with Auto-detect, a 404 whose route is not served makes it
 * probe the other families once per run and run `work` again on the one that answers (a 404 on a
 * route sent nothing, so even a create is safe to send again).
 */
export async function withAccountUserPaths<T>(
	api: ApiSession,
	detection: EndpointDetection,
	choice: EndpointChoice,
	itemIndex: number | undefined,
	work: (paths: AccountUserPaths) => Promise<T>,
): Promise<{ result: T; paths: AccountUserPaths; detected: boolean }> {
	if (choice.kind === 'fixed') return { result: await work(choice.paths), paths: choice.paths, detected: false };
	const pathsOf = (family: EndpointFamily) => buildAccountUserPaths(family, choice.account);
	let family = detection.confirmed ?? (await detection.search) ?? DETECTION_ORDER[0];
	for (;;) {
		const paths = pathsOf(family);
		const attempt = await work(paths).then(
			(result) => ({ ok: true as const, result }),
			(error: unknown) => ({ ok: false as const, error: error as Error }),
		);
		if (attempt.ok) {
			detection.confirmed ??= family;
			return { result: attempt.result, paths, detected: detection.switched };
		}
		const failure = attempt.error;
		if (detection.confirmed === family || !isNotFound(failure)) return await Promise.reject(failure);
		if (await routeServed(api, detection, paths, itemIndex)) {
			detection.confirmed = family;
			return await Promise.reject(failure);
		}
		detection.search ??= findServedFamily(api, detection, choice.account, itemIndex);
		const found = await detection.search;
		if (!found || found === family) return await Promise.reject(explainNoFamily(failure, choice.account));
		family = found;
	}
}

async function findServedFamily(
	api: ApiSession,
	detection: EndpointDetection,
	account: Segment | undefined,
	itemIndex: number | undefined,
): Promise<EndpointFamily | undefined> {
	for (const family of DETECTION_ORDER) {
		if (family !== 'accountUsers' && !account) continue;
		if (await routeServed(api, detection, buildAccountUserPaths(family, account), itemIndex)) {
			detection.confirmed = family;
			detection.switched = family !== DETECTION_ORDER[0];
			return family;
		}
	}
	return undefined;
}

/** A 404 that no family explains: say it is the route, not the user, and what to change. */
function explainNoFamily(error: Error, account: Segment | undefined): Error {
	const details = error as Error & { description?: string };
	const tried = DETECTION_ORDER.filter((family) => family === 'accountUsers' || account).map((f) => `"${FAMILY_NAMES[f]}"`);
	details.message = details.message.replace(/^.*?( \[item \d+\])?$/, `No SoftwareOne endpoints answer at this base URL (404 from ${tried.join(', ')})$1`);
	details.description = [
		'Auto-detect tried each endpoint family with a read and got "not found" for the path itself, so this is not about the user.',
		account
			? 'Check the credential\'s base URL and environment.'
			: 'The account-scoped endpoints (which the live platform serves) need the account ID: enter it in the node\'s "Account ID" (or in Create User\'s Additional Fields) or in the credential\'s "Account ID", or choose the family under "Endpoints".',
	].join(' ');
	return error;
}

/** Where requests go, as far as the account goes: the credential's Account ID, if it has one. */
export type CredentialAccount = Pick<Connection, 'accountId'>;

/**
 * Reads the endpoint choice (and the account it needs) from the node's parameters. The account comes
 * from the node's own Account ID, else `fallbackAccountId` (Create User's Additional Fields), else
 * the credential's Account ID: the value nearest the item wins. `itemIndex` is undefined for a
 * trigger, which has no input item to name in a message.
 */
export function endpointChoiceFor(
	ctx: ApiContext,
	itemIndex: number | undefined,
	credential: CredentialAccount,
	fallbackAccountId?: string,
): EndpointChoice {
	const family = readParameter(ctx, 'endpointFamily', itemIndex ?? 0, 'auto');
	if (family !== 'auto') return { kind: 'fixed', paths: accountUserPathsFor(ctx, itemIndex, credential) };
	const given =
		validText(ctx, itemIndex, 'Account ID', readParameter(ctx, 'scopeAccountId', itemIndex ?? 0, '')) ??
		fallbackAccountId ??
		credential.accountId;
	if (!given) return { kind: 'auto' };
	return { kind: 'auto', account: segment({ ctx, itemIndex, label: 'Account ID' }, given, ACCOUNT_ID_SHAPE) };
}

/** Reads a fixed endpoint family (and the account it needs: the node's Account ID, else the credential's). */
export function accountUserPathsFor(
	ctx: ApiContext,
	itemIndex: number | undefined,
	credential: CredentialAccount,
): AccountUserPaths {
	const raw = readParameter(ctx, 'endpointFamily', itemIndex ?? 0, 'auto');
	const family = raw === 'auto' ? 'accountUsers' : raw;
	if (family !== 'accountUsers' && family !== 'accountScoped' && family !== 'accountsAccounts') {
		throw invalidInput(
			ctx,
			itemIndex,
			`Endpoints ${JSON.stringify(family)} is not one of the allowed values`,
			'Choose Endpoints from its list.',
		);
	}
	if (family === 'accountUsers') return buildAccountUserPaths(family);
	const accountId =
		validText(ctx, itemIndex, 'Account ID', readParameter(ctx, 'scopeAccountId', itemIndex ?? 0, '')) ??
		credential.accountId ??
		'';
	if (!PATTERNS.accountId.test(accountId)) {
		const message = `Account ID "${accountId}" is not valid`;
		const fix =
			'The account-scoped endpoints need the SoftwareOne account ID, like ACC-1234-5678. Enter it in the node\'s "Account ID" or in the credential\'s "Account ID", or switch Endpoints to "Account Users".';
		throw invalidInput(ctx, itemIndex, message, fix);
	}
	return buildAccountUserPaths(family, segment({ ctx, itemIndex, label: 'Account ID' }, accountId, ACCOUNT_ID_SHAPE));
}

/**
 * The query SoftwareOneClient.findByEmail sends. A create calls it in prepare as well: a value the search
 * refuses (a double quote, a backslash, more than 320 characters) must fail the item before the
 * POST, not in the reconcile read after a user was created.
 */
export function accountUserByEmailQuery(
	ctx: NodeContext,
	itemIndex: number,
	email: string,
	accountId?: string,
): ApiQuery {
	const conditions = [rqlEq('user.email', rqlText({ ctx, itemIndex, label: 'Email' }, email))];
	if (accountId) {
		conditions.push(rqlEq('account.id', rqlId({ ctx, itemIndex, label: 'Account ID' }, accountId, ACCOUNT_ID_SHAPE)));
	}
	return apiQuery({ rql: rqlAnd(conditions), limit: 1, offset: 0 });
}
