import type { IDataObject } from 'n8n-workflow';
import { type Rql, rqlId, rqlText } from '../http/url';
import type { NodeContext } from '../validation';
import { type AccountUserRef, accountUserIdOf } from './accountUser';
import type { SoftwareOneClient } from './client';
import { ACCOUNT_ID_SHAPE, ACCOUNT_USER_ID_SHAPE, type AccountUserPaths, type EndpointChoice } from './endpoints';

/**
 * Reads the users a run's items name 100 at a time (one `in(…)` list request) instead of one GET
 * each, so that items which read before they write (Resend Invite's Detect Automatically, Remove
 * User, the group operations, Create User's Return Existing) cost about one request each.
 *
 * | what an item gets from `find`       | what the operation does                                  |
 * | ----------------------------------- | -------------------------------------------------------- |
 * | the user, from its chunk's answer   | uses it as its read                                      |
 * | undefined: not in the answer        | reads alone, as without batching (never "absent")        |
 * | undefined: its chunk has one user   | reads alone (a list request would save nothing)          |
 * | undefined: the list request failed  | reads alone; after a 400 (no `in` on that field) the     |
 * |                                     | whole run reads alone, and `refused` says so             |
 *
 * One per run, made by the router: chunks are fixed from the items' order when they are added, and a
 * chunk is read once per endpoint family, when its first item asks.
 */

/** What an item's read needs: who, where (the endpoint choice), and the account an e-mail is narrowed to. */
export interface UserLookup {
	ref: AccountUserRef;
	endpoints: EndpointChoice;
	accountId?: string;
	/** With the audit block (Resend Invite compares its mark after a lost answer); other reads go without, as their single GET does. */
	audit?: boolean;
}

type Property = 'id' | 'user.email';

/** The API's largest page, and a query short enough for any server's URL limit (8 KB is common). */
const CHUNK_SIZE = 100;
const CHUNK_QUERY_CHARS = 6000;

interface Chunk {
	values: Map<string, Rql>;
	chars: number;
}

interface Group {
	property: Property;
	audit: boolean;
	accountId?: Rql;
	chunks: Chunk[];
}

interface Entry {
	groupKey: string;
	chunk: number;
	key: string;
}

const keyOf = (property: Property, value: string) => (property === 'id' ? value : value.toLowerCase());

export class UserBatch {
	private readonly groups = new Map<string, Group>();
	private readonly entries = new Map<number, Entry>();
	private readonly loads = new Map<string, Promise<Map<string, IDataObject> | undefined>>();
	/** Fields whose `in(…)` the API refused (400) in this run: every item of the rest of the run reads alone. */
	readonly refused = new Set<Property>();

	constructor(
		private readonly client: SoftwareOneClient,
		private readonly ctx: NodeContext,
	) {}

	/** Adds an item's read; a value the query cannot take is left out (its item reads alone and meets the error itself). */
	add(itemIndex: number, { ref, endpoints, accountId, audit = false }: UserLookup): void {
		const property: Property = ref.kind === 'id' ? 'id' : 'user.email';
		const raw = ref.kind === 'id' ? ref.id.text : ref.email;
		let value: Rql;
		let account: Rql | undefined;
		try {
			const origin = { ctx: this.ctx, itemIndex, label: 'User' };
			value = ref.kind === 'id' ? rqlId(origin, raw, ACCOUNT_USER_ID_SHAPE) : rqlText(origin, raw);
			account = ref.kind === 'email' && accountId ? rqlId({ ...origin, label: 'Account ID' }, accountId, ACCOUNT_ID_SHAPE) : undefined;
		} catch {
			return;
		}
		const where = endpoints.kind === 'fixed' ? `fixed:${endpoints.paths.collection}` : `auto:${endpoints.account?.encoded ?? ''}`;
		const groupKey = `${property}|${audit}|${account?.text ?? ''}|${where}`;
		let group = this.groups.get(groupKey);
		if (!group) {
			group = { property, audit, accountId: account, chunks: [] };
			this.groups.set(groupKey, group);
		}
		const key = keyOf(property, raw);
		let chunk = group.chunks[group.chunks.length - 1];
		if (!chunk?.values.has(key)) {
			if (!chunk || chunk.values.size >= CHUNK_SIZE || chunk.chars + value.text.length + 1 > CHUNK_QUERY_CHARS) {
				chunk = { values: new Map(), chars: 0 };
				group.chunks.push(chunk);
			}
			chunk.values.set(key, value);
			chunk.chars += value.text.length + 1;
		}
		this.entries.set(itemIndex, { groupKey, chunk: group.chunks.length - 1, key });
	}

	/** The item's user as its chunk's list request read it in this family; undefined: the item reads alone. */
	async find(paths: AccountUserPaths, itemIndex: number): Promise<IDataObject | undefined> {
		const entry = this.entries.get(itemIndex);
		const group = entry && this.groups.get(entry.groupKey);
		// A chunk of one user is read as before, with its own GET: a list request would save nothing.
		if (!entry || !group || this.refused.has(group.property) || group.chunks[entry.chunk].values.size < 2) return undefined;
		const loadKey = `${entry.groupKey}#${entry.chunk}@${paths.collection}`;
		let load = this.loads.get(loadKey);
		if (!load) {
			load = this.read(paths, group, group.chunks[entry.chunk]);
			this.loads.set(loadKey, load);
		}
		return (await load)?.get(entry.key);
	}

	private async read(paths: AccountUserPaths, group: Group, chunk: Chunk): Promise<Map<string, IDataObject> | undefined> {
		let users: IDataObject[];
		try {
			users = await this.client.readUsersIn(paths, group.property, [...chunk.values.values()], { accountId: group.accountId, audit: group.audit });
		} catch (error) {
			// Any failure leaves each item to its own read, which meets (and words) the error for itself.
			if ((error as { httpCode?: unknown }).httpCode === '400') this.refused.add(group.property);
			return undefined;
		}
		const found = new Map<string, IDataObject>();
		const account = group.accountId?.text;
		for (const user of users) {
			const raw = group.property === 'id' ? accountUserIdOf(user) : (user.user as IDataObject | undefined)?.email;
			if (typeof raw !== 'string') continue;
			if (account && (user.account as IDataObject | undefined)?.id !== account) continue;
			const key = keyOf(group.property, raw);
			// Only what was asked for, first match kept (as findByEmail keeps the first of a page).
			if (chunk.values.has(key) && !found.has(key)) found.set(key, user);
		}
		return found;
	}
}
