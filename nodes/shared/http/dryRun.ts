import type { IDataObject } from 'n8n-workflow';

/**
 * Dry Run: a session that must change nothing stops at the first request that could change
 * something (any method but GET) and throws this instead of sending it. Reads still go out: they
 * resolve the user, detect the endpoints and check a status, and change nothing. The router turns
 * it into the item's output: what would have been sent, relative to the base URL (no host, no
 * credential), scrubbed like every output.
 */
export class DryRunStop extends Error {
	constructor(readonly wouldSend: { method: string; path: string; body?: unknown }) {
		super(`Dry Run: ${wouldSend.method} ${wouldSend.path} was not sent`);
		this.name = 'DryRunStop';
	}
}

/** The output of an item whose write a dry run stopped. */
export function dryRunOutput(stop: DryRunStop): IDataObject {
	const { method, path, body } = stop.wouldSend;
	return { dryRun: true, wouldSend: body === undefined ? { method, path } : { method, path, body: body as IDataObject } };
}
