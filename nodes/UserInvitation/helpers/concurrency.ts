/**
 * Runs `worker(0..count-1)` with at most `limit` in flight, taking indexes in order.
 * The worker must not throw: each item records its own outcome.
 */
export async function forEachConcurrently(
	count: number,
	limit: number,
	worker: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(limit, count)) }, async () => {
		while (next < count) {
			const index = next++;
			await worker(index);
		}
	});
	await Promise.all(lanes);
}
