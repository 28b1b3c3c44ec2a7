/** What a user reads when a check refuses a value: the error's message, its fix text and the item. */
export type Refusal = { message: string; description?: string; context?: { itemIndex?: number } };

/** The error `run` throws; a test fails if nothing is refused. */
export function refusal(run: () => unknown): Refusal {
	try {
		run();
	} catch (error) {
		return error as Refusal;
	}
	throw new Error('expected the value to be refused');
}
