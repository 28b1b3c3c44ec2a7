import { forEachConcurrently } from '../../../../nodes/UserInvitation/helpers/concurrency';

describe('forEachConcurrently', () => {
	it.each([
		[10, 3, 3],
		[2, 10, 2],
		[5, 1, 1],
	])('%i items with a limit of %i: at most %i in flight, each index once, started in order', async (count, limit, max) => {
		let inFlight = 0;
		let highest = 0;
		const started: number[] = [];
		await forEachConcurrently(count, limit, async (index) => {
			started.push(index);
			inFlight++;
			highest = Math.max(highest, inFlight);
			await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
			inFlight--;
		});
		expect(highest).toBe(max);
		expect(started).toEqual(Array.from({ length: count }, (_, i) => i));
	});

	it('does nothing for no items', async () => {
		const worker = jest.fn(async () => {});
		await forEachConcurrently(0, 5, worker);
		expect(worker).not.toHaveBeenCalled();
	});
});
