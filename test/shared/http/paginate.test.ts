import { type OffsetPage, PagingError, type PagingPolicy, paginateOffset } from '../../../nodes/shared/http/paginate';

type Item = { id?: string };
const idOf = (item: Item) => item.id;
const users = (from: number, count: number): Item[] => Array.from({ length: count }, (_, i) => ({ id: `U${from + i}` }));

/** A server over `list` that pages as documented, with `meta` saying offset and total. */
function server(list: Item[], { meta = true } = {}) {
	const asked: Array<{ offset: number; limit: number }> = [];
	const fetchPage = async (page: { offset: number; limit: number }): Promise<OffsetPage> => {
		asked.push(page);
		const data = list.slice(page.offset, page.offset + page.limit);
		return meta ? { $meta: { pagination: { offset: page.offset, limit: page.limit, total: list.length } }, data } : { data };
	};
	return { asked, fetchPage };
}

async function stopOf<T>(promise: Promise<T>): Promise<PagingError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(PagingError);
	return error as PagingError;
}

const policy = (extra: Partial<PagingPolicy<Item>> = {}): PagingPolicy<Item> => ({ pageSize: 10, cap: 1000, idOf, ...extra });

describe('paginateOffset', () => {
	it('reads a list to its end, one page per request, and says it is complete', async () => {
		const { asked, fetchPage } = server(users(0, 25));
		const read = await paginateOffset(fetchPage, policy());
		expect(read.items.map(idOf)).toEqual(users(0, 25).map(idOf));
		expect(read).toMatchObject({ complete: true, requests: 3 });
		expect(asked).toEqual([
			{ offset: 0, limit: 10 },
			{ offset: 10, limit: 10 },
			{ offset: 20, limit: 10 },
		]);
	});

	it('stops at the total without asking for an empty page, and at a short page without a total', async () => {
		const exact = server(users(0, 20));
		expect((await paginateOffset(exact.fetchPage, policy())).requests).toBe(2);
		const noMeta = server(users(0, 20), { meta: false });
		const read = await paginateOffset(noMeta.fetchPage, policy());
		expect(read.requests).toBe(3);
		expect(read.items).toHaveLength(20);
	});

	it('asks only for what the limit still needs and returns at most the limit', async () => {
		const { asked, fetchPage } = server(users(0, 100));
		const read = await paginateOffset(fetchPage, policy({ limit: 15 }));
		expect(read.items).toHaveLength(15);
		expect(asked).toEqual([
			{ offset: 0, limit: 10 },
			{ offset: 10, limit: 5 },
		]);
	});

	it('ends within 3 requests on a server that ignores the offset, sends no $meta and alternates two pages', async () => {
		let calls = 0;
		const pages = [users(0, 10), users(10, 10)];
		const fetchPage = async () => ({ data: pages[calls++ % 2] });
		for (const onRepeatedId of ['fail', 'markIncomplete'] as const) {
			calls = 0;
			const stop = await stopOf(paginateOffset(fetchPage, policy({ cap: 100_000, onRepeatedId })));
			expect(calls).toBeLessThanOrEqual(3);
			expect(stop.reason).toBe(onRepeatedId === 'fail' ? 'idRepeated' : 'noNewIds');
		}
	});

	it('stops when the server answers another offset than asked for', async () => {
		const fetchPage = async () => ({ $meta: { pagination: { offset: 0, total: 50 } }, data: users(0, 10) });
		const stop = await stopOf(paginateOffset(fetchPage, policy()));
		expect(stop.reason).toBe('offsetIgnored');
		expect(stop.at).toMatchObject({ offset: 10, answeredOffset: 0, read: 10, requests: 2 });
	});

	it('stops on the same page twice (no offset in the answer)', async () => {
		const fetchPage = async () => ({ data: users(0, 10) });
		expect((await stopOf(paginateOffset(fetchPage, policy({ onRepeatedId: 'markIncomplete' })))).reason).toBe('pageRepeated');
	});

	it('a repeated id fails Get Many, and only marks the trigger\'s read incomplete', async () => {
		// The list moved: U9 slid from page 1 onto page 2.
		const pages = [users(0, 10), [{ id: 'U9' }, ...users(10, 4)]];
		let call = 0;
		const fetchPage = async () => ({ data: pages[call++] });
		const stop = await stopOf(paginateOffset(fetchPage, policy()));
		expect(stop).toMatchObject({ reason: 'idRepeated', at: { id: 'U9', offset: 10 } });
		call = 0;
		const read = await paginateOffset(fetchPage, policy({ onRepeatedId: 'markIncomplete' }));
		expect(read).toMatchObject({ complete: false, requests: 2 });
	});

	it('a total that changes during the read, or that differs from the ids read, marks it incomplete', async () => {
		let call = 0;
		const fetchPage = async ({ offset }: { offset: number }) => ({
			$meta: { pagination: { offset, total: call++ === 0 ? 15 : 14 } },
			data: users(offset, offset === 0 ? 10 : 4),
		});
		expect((await paginateOffset(fetchPage, policy({ onRepeatedId: 'markIncomplete' }))).complete).toBe(false);
		const shortOfTotal = async ({ offset }: { offset: number }) => ({ $meta: { pagination: { offset, total: 12 } }, data: users(offset, offset === 0 ? 10 : 1) });
		expect((await paginateOffset(shortOfTotal, policy({ onRepeatedId: 'markIncomplete' }))).complete).toBe(false);
	});

	it('fails when the list holds more than the cap without reading past it, and reads exactly the cap without failing', async () => {
		const over = server(users(0, 31));
		expect(await stopOf(paginateOffset(over.fetchPage, policy({ cap: 30 })))).toMatchObject({ reason: 'cap', at: { read: 30, requests: 3 } });
		// The last page ends the list but carries it past the cap (26 under a cap of 25).
		expect(await stopOf(paginateOffset(server(users(0, 26)).fetchPage, policy({ cap: 25 })))).toMatchObject({ reason: 'cap', at: { requests: 3 } });
		const exact = server(users(0, 30));
		const read = await paginateOffset(exact.fetchPage, policy({ cap: 30 }));
		expect(read).toMatchObject({ requests: 3, complete: true });
		expect(read.items).toHaveLength(30);
	});

	it('never asks for more than ceil(cap / page size) + 2 pages, whatever the server says', async () => {
		// Every page is full and brings one new id among nine items without one: neither the cap nor a
		// repeat ends it, only the page bound.
		let next = 0;
		const fetchPage = async () => ({ data: [{ id: `U${next++}` }, ...Array.from({ length: 9 }, () => ({}))] });
		const stop = await stopOf(paginateOffset(fetchPage, policy({ cap: 100 })));
		expect(stop.reason).toBe('pageLimit');
		expect(stop.at.requests).toBe(Math.ceil(100 / 10) + 2);
	});

	it('stops at the deadline before asking for another page, never before the first', async () => {
		let clock = 0;
		const { fetchPage } = server(users(0, 50));
		const timed = async (page: { offset: number; limit: number }) => {
			clock += 40;
			return await fetchPage(page);
		};
		const stop = await stopOf(paginateOffset(timed, policy({ deadline: 100, now: () => clock })));
		expect(stop).toMatchObject({ reason: 'deadline', at: { requests: 3, read: 30 } });
		clock = 1000;
		await expect(paginateOffset(server(users(0, 5)).fetchPage, policy({ deadline: 100, now: () => clock }))).resolves.toMatchObject({ requests: 1 });
	});

	it('refuses a page without a data list when asked to, and counts it as empty otherwise', async () => {
		const fetchPage = async () => ({ $meta: { pagination: { offset: 0, total: 3 } } });
		expect((await stopOf(paginateOffset(fetchPage, policy({ requireData: true })))).reason).toBe('noData');
		await expect(paginateOffset(fetchPage, policy())).resolves.toMatchObject({ items: [], requests: 1 });
	});

	it('returns items without ids and never compares them', async () => {
		const { fetchPage } = server([{}, {}, { id: 'A' }]);
		const read = await paginateOffset(fetchPage, policy());
		expect(read.items).toHaveLength(3);
	});

	it('refuses to start a read that nothing would end', async () => {
		await expect(paginateOffset(server([]).fetchPage, { pageSize: 10 })).rejects.toThrow(RangeError);
	});

	it('returns no more than the limit from a server that sends more than was asked for', async () => {
		const fetchPage = async () => ({ data: users(0, 10) });
		const read = await paginateOffset(fetchPage, policy({ limit: 4 }));
		expect(read.items.map(idOf)).toEqual(['U0', 'U1', 'U2', 'U3']);
	});

	it('ignores an offset or a total that is not a number, instead of stopping on it or ending early', async () => {
		const list = users(0, 25);
		const fetchPage = async ({ offset, limit }: { offset: number; limit: number }) => ({
			$meta: { pagination: { offset: String(offset), total: '10' } },
			data: list.slice(offset, offset + limit),
		});
		const read = await paginateOffset(fetchPage, policy());
		expect(read.items).toHaveLength(25);
		expect(read).toMatchObject({ requests: 3, complete: true });
	});

	it('reads to the end with only a deadline to bound it; with neither cap, limit nor deadline it names what is missing', async () => {
		const { fetchPage } = server(users(0, 25));
		const read = await paginateOffset(fetchPage, { pageSize: 10, deadline: 100, now: () => 0 });
		expect(read.items).toHaveLength(25);
		await expect(paginateOffset(fetchPage, { pageSize: 10 })).rejects.toThrow('paginateOffset needs a cap, a limit or a deadline');
	});

	it('still asks for the next page at the deadline itself, only after it', async () => {
		const { fetchPage } = server(users(0, 25));
		const read = await paginateOffset(fetchPage, policy({ deadline: 100, now: () => 100 }));
		expect(read).toMatchObject({ requests: 3 });
		expect(read.items).toHaveLength(25);
	});

	it('an answer without a body: counted as an empty page, or refused with requireData', async () => {
		const fetchPage = async () => undefined as unknown as OffsetPage;
		await expect(paginateOffset(fetchPage, policy())).resolves.toMatchObject({ items: [], requests: 1, complete: true });
		expect((await stopOf(paginateOffset(fetchPage, policy({ requireData: true })))).reason).toBe('noData');
	});

	it('reads items without an idOf at all, page after page', async () => {
		const { fetchPage } = server(users(0, 15));
		const read = await paginateOffset(fetchPage, { pageSize: 10, cap: 100 });
		expect(read.items).toEqual(users(0, 15));
		expect(read.requests).toBe(2);
	});

	it('a page whose items all lack an id is read, not taken for a page that brings nothing new', async () => {
		const { fetchPage } = server([{}, {}]);
		const read = await paginateOffset(fetchPage, policy());
		expect(read.items).toEqual([{}, {}]);
	});

	it('a later page without a total does not mark the read incomplete', async () => {
		const fetchPage = async ({ offset }: { offset: number }) =>
			offset === 0 ? { $meta: { pagination: { offset, total: 15 } }, data: users(0, 10) } : { data: users(10, 5) };
		const read = await paginateOffset(fetchPage, policy());
		expect(read).toMatchObject({ requests: 2, complete: true });
		expect(read.items).toHaveLength(15);
	});

	it('a read that stops at its limit, short of the total, is complete', async () => {
		const { fetchPage } = server(users(0, 100));
		const read = await paginateOffset(fetchPage, policy({ limit: 15 }));
		expect(read).toMatchObject({ complete: true, nextOffset: 15 });
	});

	it('a server that sends more than the limit asked for: the next page starts after the last item returned, not after the last one sent', async () => {
		// The "From list" search pages with nextOffset: a user past the cut must come on the next page, not be skipped.
		const list = users(0, 20);
		const ignoresLimit = (total: number) => async ({ offset }: { offset: number }) => ({
			$meta: { pagination: { offset, total } },
			data: list.slice(offset, offset + 10),
		});
		const more = await paginateOffset(ignoresLimit(20), policy({ limit: 4, startOffset: 2 }));
		expect(more.items.map(idOf)).toEqual(['U2', 'U3', 'U4', 'U5']);
		expect(more.nextOffset).toBe(6);
		// The page sent reached the total, but the items after the cut were not returned: still a next page.
		const last = await paginateOffset(ignoresLimit(12), policy({ limit: 4, startOffset: 2 }));
		expect(last.nextOffset).toBe(6);
	});
});
