/**
 * The one paging loop: every list read (Get Many, the trigger's poll, the "From list" search when it
 * pages) goes through `paginateOffset`. It knows nothing about users or n8n; it stops on a fixed set
 * of reasons, and each caller words a stop for its own user (`PagingError.reason`).
 *
 * | the server…                                          | the read                                  |
 * | ---------------------------------------------------- | ----------------------------------------- |
 * | sends a short page, or the offset reaches its total  | ends                                      |
 * | answers another offset than asked for                | stops: `offsetIgnored`                    |
 * | sends the page it sent just before                   | stops: `pageRepeated`                     |
 * | sends a page with ids, none of them new              | stops: `noNewIds` (paging does not move)  |
 * | repeats an id (policy `fail`)                        | stops: `idRepeated`                       |
 * | repeats an id (policy `markIncomplete`)              | goes on, marked incomplete (list moved)   |
 * | changes its total during the read                    | goes on, marked incomplete                |
 * | has more to send once `cap` items were read          | stops: `cap` (never holds more than cap)  |
 * | needs more than ceil(bound ÷ page size) + 2 pages    | stops: `pageLimit` (bound: cap or limit)  |
 * | is still paging at the deadline                      | stops: `deadline`                         |
 * | answers without a `data` list (`requireData`)        | stops: `noData`                           |
 *
 * So a server that ignores the offset and alternates two pages costs three requests, never a loop.
 */

/** A page as SoftwareOne's list endpoints answer it. */
export interface OffsetPage {
	$meta?: { pagination?: { offset?: unknown; limit?: unknown; total?: unknown } };
	data?: unknown;
}

export type PagingStop = 'offsetIgnored' | 'pageRepeated' | 'noNewIds' | 'idRepeated' | 'cap' | 'pageLimit' | 'deadline' | 'noData';

export class PagingError extends Error {
	constructor(
		readonly reason: PagingStop,
		/** Where it stopped: the offset asked for, the items read so far, and what the server said. */
		readonly at: { offset: number; read: number; requests: number; answeredOffset?: number; id?: string },
	) {
		super(`Paging stopped (${reason}) at offset ${at.offset} after ${at.read} items`);
		this.name = 'PagingError';
	}
}

export interface PagingPolicy<T> {
	/** The most items one request asks for (the API's largest page). */
	pageSize: number;
	/** Stop quietly after this many items (Get Many's Limit). */
	limit?: number;
	/** Fail when the list holds more than this many items (Return All's ceiling, the trigger's Max Users); at most this many are read. */
	cap?: number;
	/** An item's id: enables the repeat checks. Items without one are returned but never compared. */
	idOf?: (item: T) => string | undefined;
	/** `fail`: a repeated id stops the read (Get Many). `markIncomplete`: the list moved; go on (the trigger). */
	onRepeatedId?: 'fail' | 'markIncomplete';
	/** Date.now() value after which no further page is asked for. */
	deadline?: number;
	now?: () => number;
	/** A page without a `data` list stops the read instead of counting as empty. */
	requireData?: boolean;
	/** Where to start (the next page of a "From list" search); 0 by default. */
	startOffset?: number;
}

export interface PagingResult<T> {
	items: T[];
	/** False when the list moved during the read: an item may have slid past a page edge. */
	complete: boolean;
	requests: number;
	/** Where the next page starts when the read stopped at its limit with more to read; undefined at the end. */
	nextOffset?: number;
}

const numberOr = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export async function paginateOffset<T>(
	fetchPage: (page: { offset: number; limit: number }) => Promise<OffsetPage>,
	policy: PagingPolicy<T>,
): Promise<PagingResult<T>> {
	const { pageSize, limit = Number.POSITIVE_INFINITY, cap, idOf, onRepeatedId = 'fail', deadline, now = Date.now, startOffset = 0 } = policy;
	const bound = Math.min(cap ?? Number.POSITIVE_INFINITY, limit);
	// Every read ends: without a cap or limit the page count is what bounds it.
	const maxRequests = Number.isFinite(bound) ? Math.ceil(bound / pageSize) + 2 : Number.POSITIVE_INFINITY;
	if (!Number.isFinite(maxRequests) && deadline === undefined) throw new RangeError('paginateOffset needs a cap, a limit or a deadline');

	const items: T[] = [];
	const ids = new Set<string>();
	let complete = true;
	let firstTotal: number | undefined;
	let lastTotal: number | undefined;
	let previousPageKey: string | undefined;
	let requests = 0;
	let ended = false;
	const stop = (reason: PagingStop, offset: number, extra: { answeredOffset?: number; id?: string } = {}) =>
		new PagingError(reason, { offset, read: items.length, requests, ...extra });

	let offset = startOffset;
	while (items.length < limit) {
		if (requests >= maxRequests) throw stop('pageLimit', offset);
		if (requests > 0 && deadline !== undefined && now() > deadline) throw stop('deadline', offset);
		const asked = Math.min(pageSize, limit - items.length);
		const page = await fetchPage({ offset, limit: asked });
		requests++;
		if (!Array.isArray(page?.data) && policy.requireData) throw stop('noData', offset);
		const data = (Array.isArray(page?.data) ? page.data : []) as T[];
		const pagination = page?.$meta?.pagination;
		const answeredOffset = numberOr(pagination?.offset);
		if (answeredOffset !== undefined && answeredOffset !== offset) throw stop('offsetIgnored', offset, { answeredOffset });

		if (idOf) {
			const pageIds = data.map((item) => idOf(item));
			let newIds = 0;
			for (const id of pageIds) {
				if (id === undefined) continue;
				if (ids.has(id)) {
					if (onRepeatedId === 'fail') throw stop('idRepeated', offset, { id });
					complete = false;
				} else {
					ids.add(id);
					newIds++;
				}
			}
			const pageKey = pageIds.map((id) => id ?? '').join(',');
			if (requests > 1 && data.length > 0 && pageKey === previousPageKey) throw stop('pageRepeated', offset);
			previousPageKey = pageKey;
			if (newIds === 0 && pageIds.some((id) => id !== undefined)) throw stop('noNewIds', offset);
		}
		items.push(...data);
		// A last page may carry the list past the cap: more than the cap is never returned.
		if (cap !== undefined && (idOf ? ids.size : items.length) > cap) throw stop('cap', offset);

		const total = numberOr(pagination?.total);
		if (firstTotal === undefined) firstTotal = total;
		else if (total !== undefined && total !== firstTotal) complete = false;
		lastTotal = total ?? lastTotal;

		offset += data.length;
		if (data.length < asked || (total !== undefined && offset >= total)) {
			ended = true;
			break;
		}
		// More to read, and the cap already held: fail before asking for what may not be kept.
		if (cap !== undefined && (idOf ? ids.size : items.length) >= cap) throw stop('cap', offset);
	}
	if (idOf && lastTotal !== undefined && ids.size !== lastTotal && items.length < limit) complete = false;
	// A server that sent more than the limit asked for: the items past the cut come on the next page.
	if (items.length > limit) return { items: items.slice(0, limit), complete, requests, nextOffset: startOffset + limit };
	return { items, complete, requests, nextOffset: ended ? undefined : offset };
}
