/**
 * What the trigger remembers in this process between polls, owned by the node class instance (n8n's
 * node loader makes one instance per node type and keeps it for the process's life, so this lives as
 * long as the module-level WeakSet it replaces did). Tests make their own.
 *
 * Keyed by the node's static data object: n8n keeps one per published workflow and node in memory
 * from publish (or start-up) on, and builds a new one from the database at the next publish or
 * start; the database copy was saved only by a poll that started an execution, so a state object
 * this process has not polled with may be older than the last poll.
 */
export class PollMemory {
	private readonly polledHere = new WeakSet<object>();

	/** True when a poll of this process left its state in `state` (so it is the latest one). */
	polledWith(state: object): boolean {
		return this.polledHere.has(state);
	}

	rememberPolledWith(state: object): void {
		this.polledHere.add(state);
	}

	private readonly running = new WeakSet<object>();

	/**
	 * Starts a poll on `state`; false when one is still running there (n8n starts a poll on every
	 * tick, so a slow poll, or two Poll Times in the same minute, would overlap and report twice).
	 */
	beginPoll(state: object): boolean {
		if (this.running.has(state)) return false;
		this.running.add(state);
		return true;
	}

	endPoll(state: object): void {
		this.running.delete(state);
	}
}
