'use strict';
// Part of the e2e harness (why hand-written: n8n.js). What a stack of running things (double, n8n, folders)
// needs to stop: undone in reverse order, each step on its own so one failing clean-up leaves none running.

/**
 * @param {(what: string, error: Error) => void} onFailure told about each clean-up that threw
 * @returns {{ add(what: string, undo: () => unknown): void, stop(): Promise<void> }}
 */
function cleanupStack(onFailure) {
	const steps = [];
	let stopping;
	const runAll = async () => {
		while (steps.length) {
			const { what, undo } = steps.pop();
			try {
				await undo();
			} catch (error) {
				onFailure(what, error);
			}
		}
	};
	return {
		add(what, undo) {
			steps.push({ what, undo });
		},
		// Called from a signal handler and from `finally` alike: the second caller waits for the first.
		async stop() {
			stopping = stopping || runAll().finally(() => (stopping = undefined));
			await stopping;
		},
	};
}

module.exports = { cleanupStack };
