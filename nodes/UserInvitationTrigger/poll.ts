import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { invitationStatusOf, simplifyAccountUser, withoutInvitationLink } from '../shared/softwareOne/accountUser';
import { type AccountUserPaths, EndpointDetection, type EndpointChoice, endpointChoiceFor, withAccountUserPaths } from '../shared/softwareOne/endpoints';
import { PATTERNS, validBoolean, validNumber, validText } from '../shared/validation';
import { rqlEnum, rqlEq } from '../shared/http/url';
import {
	ApiSession,
	DEFAULT_RETRY_SETTINGS,
	type Connection,
	resolveConnection,
	type RetrySettings,
	serviceMismatch,
} from '../shared/http/session';
import {
	ACTIVE,
	compare,
	EXPIRED,
	INVITED,
	type ObservedUser,
	readState,
	TRIGGER_EVENTS,
	type TriggerEvent,
	type WatchState,
} from './changes';
import { cheapPoll, observedUser } from './cheapPoll';
import { DEFAULT_MAX_USERS, DEFAULT_RECONCILE_HOURS, RECONCILE_FROM_VERSION, TRIGGER_OPTION_LIMITS } from './description';
import { emailPattern, matchesFilters, type UserFilters } from './filters';
import type { PollMemory } from './memory';
import { readAccountUsers, readNewestUsers } from './read';
import { freshCostState, readCostState, storedCostState } from './watch';

const NODE_DISPLAY_NAME = 'User Invitation Trigger';

/** A trigger has no input items: its setting errors name the field only, never "[item 0]". */
const NOT_AN_ITEM = undefined;

/** Share of n8n's poll budget the whole poll (pages, retries, waits) may use; the rest is left for the hand-off. */
const BUDGET_SHARE = 0.8;
/** Share of the budget after which a full reconcile stops paging and goes on at the next poll. */
const RECONCILE_SHARE = 0.5;
/** n8n 2.x's own poll budget when it gives none (1.x): a poll holds the trigger's one-at-a-time turn no longer. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

interface TriggerSettings {
	events: TriggerEvent[];
	filters: UserFilters;
	simplify: boolean;
	/** Whether outputs keep invitation join links: version 1 always did; from 1.1 only when switched on. */
	invitationLinks: boolean;
	maxUsers: number;
	/** Hours between full reconciles; 0: every poll reads every user (the trigger before version 1.2). */
	reconcileHours: number;
	retry: RetrySettings;
}

function readSettings(ctx: IPollFunctions): TriggerSettings {
	const chosen = ctx.getNodeParameter('events', []) as unknown;
	const events = (Array.isArray(chosen) ? chosen : [chosen]).filter((event): event is TriggerEvent =>
		TRIGGER_EVENTS.includes(event as TriggerEvent),
	);
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No event is chosen', {
			description:
				'Choose at least one of Invitation Accepted, Invitation Expired, User Added, User Removed or Groups Changed in "Events".',
		});
	}
	const rawFilters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const filters: UserFilters = {};
	const groupId = validText(ctx, NOT_AN_ITEM, 'Group ID', rawFilters.groupId, {
		pattern: PATTERNS.groupId,
		expected: 'a SoftwareOne user group ID like UGR-1234-5678 (find it under Settings → User groups)',
	});
	if (groupId) filters.groupId = groupId;
	const pattern = validText(ctx, NOT_AN_ITEM, 'Email Pattern', rawFilters.emailPattern, { maxLength: 320 });
	if (pattern) filters.email = emailPattern(pattern);

	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const read = (label: string, name: keyof typeof TRIGGER_OPTION_LIMITS, fallback: number) =>
		validNumber(ctx, NOT_AN_ITEM, label, options[name], fallback, TRIGGER_OPTION_LIMITS[name]);
	return {
		events,
		filters,
		simplify: ctx.getNodeParameter('simplify', true) as boolean,
		invitationLinks:
			ctx.getNode().typeVersion < LINKS_HIDDEN_FROM_VERSION ||
			validBoolean(ctx, NOT_AN_ITEM, 'Include Invitation Link', options.includeInvitationLink, false),
		maxUsers: Math.floor(read('Max Users', 'maxUsers', DEFAULT_MAX_USERS)),
		// Saved workflows (versions 1 and 1.1) keep reading every user at every poll unless the option is set.
		reconcileHours: read('Full Reconcile Every (Hours)', 'reconcileHours', ctx.getNode().typeVersion < RECONCILE_FROM_VERSION ? 0 : DEFAULT_RECONCILE_HOURS),
		retry: {
			...DEFAULT_RETRY_SETTINGS,
			maxRetries: read('Max Retries', 'maxRetries', DEFAULT_RETRY_SETTINGS.maxRetries),
			maxRetryWaitMs: read('Max Retry Wait (Seconds)', 'maxRetryWait', DEFAULT_RETRY_SETTINGS.maxRetryWaitMs / 1000) * 1000,
			timeoutMs: read('Timeout (Seconds)', 'timeout', DEFAULT_RETRY_SETTINGS.timeoutMs / 1000) * 1000,
		},
	};
}

const statusOf = (accountUser: IDataObject): string => invitationStatusOf(accountUser) ?? '';



/** The trigger version from which join links are left out unless Include Invitation Link is on. */
export const LINKS_HIDDEN_FROM_VERSION = 1.1;

function outputItem(
	accountUser: IDataObject,
	event: TriggerEvent,
	previousStatus: string | null,
	{ simplify, invitationLinks }: Pick<TriggerSettings, 'simplify' | 'invitationLinks'>,
): IDataObject {
	// A join link lets whoever holds it join as the invitee: only a builder who asked for it gets it.
	const user = simplify ? simplifyAccountUser(accountUser) : accountUser;
	return { event, previousStatus, ...(invitationLinks ? user : withoutInvitationLink(user)) };
}

/**
 * A removed user's item: its record is gone, so only what the state kept: the id and the status the
 * last poll saw. The same shape with Simplify on or off.
 */
function removedItem(id: string, previousStatus: string | null): IDataObject {
	return { event: 'userRemoved', id, previousStatus };
}

/** Which user status makes a believable sample of an event, and the status it would have come from. */
const SAMPLE_OF: Record<
	TriggerEvent,
	{ fits: (status: string) => boolean; previousStatus: (status: string) => string | null; onlyStatus?: typeof ACTIVE | typeof EXPIRED }
> = {
	invitationAccepted: { fits: (status) => status === ACTIVE, previousStatus: () => INVITED, onlyStatus: ACTIVE },
	invitationExpired: { fits: (status) => status === EXPIRED, previousStatus: () => INVITED, onlyStatus: EXPIRED },
	userAdded: { fits: () => true, previousStatus: () => null },
	// A removed user cannot be read: the sample is a listed user's id, with its status as the last one seen.
	userRemoved: { fits: () => true, previousStatus: (status) => status },
	groupsChanged: { fits: () => true, previousStatus: (status) => status },
};

/** Whether a user can be the sample of an event: it matches the filters and has a status that fits. */
const fitsSample = (user: IDataObject, event: TriggerEvent, settings: TriggerSettings) =>
	matchesFilters(user, settings.filters) && SAMPLE_OF[event].fits(statusOf(user));

function sampleOf(user: IDataObject, event: TriggerEvent, settings: TriggerSettings): IDataObject {
	const previousStatus = SAMPLE_OF[event].previousStatus(statusOf(user));
	return event === 'userRemoved' ? removedItem(String(user.id), previousStatus) : outputItem(user, event, previousStatus, settings);
}

function noSample(ctx: IPollFunctions, usersRead: number, settings: TriggerSettings): NodeOperationError {
	const filtered = settings.filters.groupId !== undefined || settings.filters.email !== undefined;
	return new NodeOperationError(ctx.getNode(), 'No account user to show as a sample event', {
		description: `The trigger read ${usersRead} account user(s); none ${filtered ? 'matches the filters and ' : ''}fits the chosen events (an accepted invitation needs an Active user, an expired one an InvitationExpired user). ${
			filtered ? 'Loosen the filters, or c' : 'C'
		}reate or invite a user with the User Invitation node, then fetch again.`,
	});
}

/** "Fetch Test Event": the newest user that fits a chosen event and the filters; the state is not touched. */
function sampleItem(ctx: IPollFunctions, users: IDataObject[], settings: TriggerSettings): IDataObject {
	const newestFirst = [...users].reverse();
	for (const event of settings.events) {
		const sample = newestFirst.find((user) => fitsSample(user, event, settings));
		if (sample) return sampleOf(sample, event, settings);
	}
	throw noSample(ctx, users.length, settings);
}

/**
 * Fetch Test Event of a trigger whose polls follow the changes (version 1.2): the same sample as
 * sampleItem, the newest user that fits the first chosen event that has one, read from the end of the
 * list (only the users of a fitting status for Invitation Accepted and Expired) until one fits. Two
 * requests at any account size when the newest users fit; the whole selection only when none does.
 */
async function sampleFromNewest(ctx: IPollFunctions, api: ApiSession, paths: AccountUserPaths, settings: TriggerSettings, deadline: number): Promise<IDataObject> {
	const origin = { ctx, itemIndex: NOT_AN_ITEM, label: 'Invitation status' };
	/** Selections read to their start: another event of the same selection needs no second read. */
	const readWhole = new Map<string, IDataObject[]>();
	const newestOf = async (event: TriggerEvent): Promise<IDataObject[]> => {
		const onlyStatus = SAMPLE_OF[event].onlyStatus;
		const kept = readWhole.get(onlyStatus ?? '');
		if (kept) return kept;
		const rql = onlyStatus === undefined ? undefined : rqlEq('invitation.status', rqlEnum(origin, onlyStatus, [ACTIVE, EXPIRED]));
		const read = await readNewestUsers(api, paths, rql, (newestFirst) => newestFirst.some((user) => fitsSample(user, event, settings)), deadline);
		if (read.complete) readWhole.set(onlyStatus ?? '', read.users);
		return read.users;
	};
	const seen = new Set<string>();
	for (const event of settings.events) {
		const users = await newestOf(event);
		for (const user of users) seen.add(String(user.id));
		const sample = users.find((user) => fitsSample(user, event, settings));
		if (sample) return sampleOf(sample, event, settings);
	}
	throw noSample(ctx, seen.size, settings);
}

/** Where the users were read: a state kept for another credential, account or endpoint is not compared with. */
function scopeOf(ctx: IPollFunctions, connection: Connection, paths: AccountUserPaths): string {
	const credentialIds = Object.values(ctx.getNode().credentials ?? {}).map((credential) => credential.id ?? '');
	return [connection.credentialType, ...credentialIds, `${connection.baseUrl}${paths.collection}`].join('|');
}

/** The items of a poll's changes: the chosen events, filtered; a removed user only when no filter is set. */
function changeItems(changes: Array<{ id: string; event: TriggerEvent; previousStatus: string | null; record?: IDataObject }>, settings: TriggerSettings): IDataObject[] {
	const filtered = settings.filters.groupId !== undefined || settings.filters.email !== undefined;
	return changes
		.filter((change) => settings.events.includes(change.event))
		.filter((change) => (change.record === undefined ? !filtered : matchesFilters(change.record, settings.filters)))
		.map((change) =>
			change.record === undefined ? removedItem(change.id, change.previousStatus) : outputItem(change.record, change.event, change.previousStatus, settings),
		);
}

/**
 * A poll whose cost follows the changes (cheapPoll.ts): the pending invitations, the new users and
 * whoever left them, and a full reconcile every Full Reconcile period. State version 5 (watch.ts).
 */
async function pollByChanges(
	this: IPollFunctions,
	memory: PollMemory,
	api: ApiSession,
	endpoints: EndpointChoice,
	connection: Connection,
	settings: TriggerSettings,
	stopReadingAt: number,
	deadline: number,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const every = settings.events.includes('userRemoved') || settings.events.includes('groupsChanged');
	const logger = this.logger as IPollFunctions['logger'] | undefined;
	const { result } = await withAccountUserPaths(api, new EndpointDetection(), endpoints, NOT_AN_ITEM, async (paths) => {
		const scope = scopeOf(this, connection, paths);
		return await cheapPoll(api, paths, readCostState(staticData, scope, every), () => freshCostState(scope, every), {
			every,
			reconcileMs: settings.reconcileHours * 3_600_000,
			reloaded: !memory.polledWith(staticData),
			stopReadingAt,
			deadline,
			warn: (message) => logger?.warn(`${NODE_DISPLAY_NAME}: ${message}`),
		});
	});
	keepState(staticData, storedCostState(result.state));
	memory.rememberPolledWith(staticData);
	if (result.firstRun) return null;
	const items = changeItems(result.found, settings);
	return items.length > 0 ? [this.helpers.returnJsonArray(api.scrubber.value(items))] : null;
}

/** Puts the new state into the node's static data, which n8n saves after the poll. */
function keepState(staticData: IDataObject, state: WatchState | IDataObject): void {
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, state);
}

/**
 * One poll: read every account user, compare with the kept state, keep the new state, and report
 * the chosen events. The state changes only after the whole list was read, so a failed poll loses
 * and repeats nothing.
 */
async function pollAccountUsers(this: IPollFunctions, memory: PollMemory, startedAt: number): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const connection = await resolveConnection(this);
	const endpoints = endpointChoiceFor(this, NOT_AN_ITEM, connection);
	const mismatch = serviceMismatch(this, connection, 'softwareOne', NODE_DISPLAY_NAME);
	if (mismatch) throw mismatch;
	// n8n abandons a poll that runs past its budget (2.x); the whole poll, retries and their waits
	// included, ends before that, and so gives the next poll its turn.
	const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
	const deadline = startedAt + budgetMs * BUDGET_SHARE;
	const api = new ApiSession(this, connection, { ...settings.retry, deadline });
	if (this.getMode() !== 'manual' && settings.reconcileHours > 0) {
		return await pollByChanges.call(this, memory, api, endpoints, connection, settings, startedAt + budgetMs * RECONCILE_SHARE, deadline);
	}
	if (this.getMode() === 'manual' && settings.reconcileHours > 0 && this.getNode().typeVersion >= RECONCILE_FROM_VERSION) {
		const { result: sample } = await withAccountUserPaths(api, new EndpointDetection(), endpoints, NOT_AN_ITEM, async (candidate) =>
			await sampleFromNewest(this, api, candidate, settings, deadline),
		);
		return [this.helpers.returnJsonArray(api.scrubber.value([sample]))];
	}
	// Fetch Test Event of a trigger with no cap (a Full Reconcile period set) reads up to the largest account the option allows.
	const limits = { maxUsers: settings.reconcileHours > 0 ? TRIGGER_OPTION_LIMITS.maxUsers.max : settings.maxUsers, deadline };
	// Auto-detect: a 404 on the list's path makes the action node's detection find the family that answers.
	const { result: read, paths } = await withAccountUserPaths(api, new EndpointDetection(), endpoints, NOT_AN_ITEM, async (candidate) =>
		await readAccountUsers(api, candidate, limits),
	);

	// Every item leaves through the session's scrubber: server text may echo the credential's secret.
	if (this.getMode() === 'manual') {
		return [this.helpers.returnJsonArray(api.scrubber.value([sampleItem(this, read.users, settings)]))];
	}

	const scope = scopeOf(this, connection, paths);
	const staticData = this.getWorkflowStaticData('node');
	const observed: ObservedUser[] = read.users.map(observedUser);
	const { firstRun, changes, next } = compare(readState(staticData), observed, scope, {
		reloaded: !memory.polledWith(staticData),
		complete: read.complete,
	});
	keepState(staticData, next);
	memory.rememberPolledWith(staticData);
	if (firstRun) return null;

	// A removed user has no record left to filter on: it is reported only when no filter is set.
	const filtered = settings.filters.groupId !== undefined || settings.filters.email !== undefined;
	const items = changes
		.filter((change) => settings.events.includes(change.event))
		.filter((change) => (change.index < 0 ? !filtered : matchesFilters(read.users[change.index], settings.filters)))
		.map((change) =>
			change.index < 0
				? removedItem(change.id, change.previousStatus)
				: outputItem(read.users[change.index], change.event, change.previousStatus, settings),
		);
	return items.length > 0 ? [this.helpers.returnJsonArray(api.scrubber.value(items))] : null;
}

export type PollFunction = (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

/** The node's poll, over the memory its node class instance owns (n8n calls it with `this` = the poll context). */
export function createPoll(memory: PollMemory): PollFunction {
	return async function poll(this: IPollFunctions) {
		const startedAt = Date.now();
		// Fetch Test Event leaves the state alone; an active workflow's polls take turns on it.
		if (this.getMode() === 'manual') return await pollAccountUsers.call(this, memory, startedAt);
		const staticData = this.getWorkflowStaticData('node');
		// Still running from an earlier tick: this tick reports nothing; the running poll reports once.
		if (!memory.beginPoll(staticData)) return null;
		try {
			return await pollAccountUsers.call(this, memory, startedAt);
		} finally {
			memory.endPoll(staticData);
		}
	};
}
