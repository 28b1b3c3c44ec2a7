import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { clientsFor } from '../shared/clients';
import { resolveConnection, serviceMismatch } from '../shared/http/connection';
import { DryRunStop, dryRunOutput } from '../shared/http/dryRun';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings, scrubError, type Scrubber, scrubberFor } from '../shared/http/session';
import { withoutInvitationLink } from '../shared/softwareOne/accountUser';
import { UserBatch } from '../shared/softwareOne/userBatch';
import { validBoolean, validNumber } from '../shared/validation';
import { type AgentLimits, checkEffects, isToolMode, readAgentLimits, type SendLedger, sendCapRefusal } from './guardrails';
import { forEachConcurrently } from './helpers/concurrency';
import { RunParameters } from './helpers/parameters';
import { OPERATIONS } from './operations';

export const DEFAULT_CONCURRENCY = 50;

/** The ceilings of the numeric options; the node description shows the same (a test checks). */
export const OPTION_LIMITS = {
	concurrency: { min: 1, max: 50, integer: true },
	maxRetries: { min: 0, max: 20, integer: true },
	maxRetryWait: { min: 0, max: 3600 },
	timeout: { min: 1, max: 600 },
};

type Outcome = { data: IDataObject[] } | { error: Error };

interface RunSettings {
	concurrency: number;
	retry: RetrySettings;
	/** Dry Run: reads go out, writes are returned instead of sent. */
	dryRun: boolean;
	/** Whether outputs keep invitation join links (see invitationLinksShown). */
	invitationLinks: boolean;
}

/** The node version from which join links are left out unless Include Invitation Link is on. */
export const LINKS_HIDDEN_FROM_VERSION = 1.1;

/**
 * Invitation join links (`invitation.url`) let whoever holds them join as the invitee. Version 1 kept
 * them in outputs and keeps doing so (saved workflows may use them); from version 1.1 they are left
 * out unless the builder turns Include Invitation Link on; an AI agent's tool never returns them.
 */
function invitationLinksShown(ctx: IExecuteFunctions, options: IDataObject): boolean {
	if (isToolMode(ctx)) return false;
	if (ctx.getNode().typeVersion < LINKS_HIDDEN_FROM_VERSION) return true;
	return validBoolean(ctx, 0, 'Include Invitation Link', options.includeInvitationLink, false);
}

/** The Options collection, checked like any field: an expression cannot pass a ceiling. */
function runSettings(ctx: IExecuteFunctions, options: IDataObject): RunSettings {
	const read = (label: string, name: keyof typeof OPTION_LIMITS, fallback: number) =>
		validNumber(ctx, 0, label, options[name], fallback, OPTION_LIMITS[name]);
	const concurrency = read('Concurrency', 'concurrency', DEFAULT_CONCURRENCY);
	return {
		concurrency,
		invitationLinks: invitationLinksShown(ctx, options),
		retry: {
			...DEFAULT_RETRY_SETTINGS,
			maxRetries: read('Max Retries', 'maxRetries', DEFAULT_RETRY_SETTINGS.maxRetries),
			maxRetryWaitMs: read('Max Retry Wait (Seconds)', 'maxRetryWait', DEFAULT_RETRY_SETTINGS.maxRetryWaitMs / 1000) * 1000,
			timeoutMs: read('Timeout (Seconds)', 'timeout', DEFAULT_RETRY_SETTINGS.timeoutMs / 1000) * 1000,
			concurrency,
		},
		dryRun: validBoolean(ctx, 0, 'Dry Run', options.dryRun, false),
	};
}

function errorJson(error: Error, scrubber: Scrubber): IDataObject {
	const details = error as Error & { description?: unknown; httpCode?: unknown };
	const json: IDataObject = { error: scrubber.text(error.message) };
	if (typeof details.description === 'string' && details.description) json.description = scrubber.text(details.description);
	if (typeof details.httpCode === 'string' && details.httpCode) json.httpCode = details.httpCode;
	return json;
}

/**
 * Runs the chosen operation over every input item, several at a time, and returns one result
 * (or, with Continue On Fail, one error item) per input item, in input order.
 */
export async function router(this: IExecuteFunctions, ledger: SendLedger): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS.find((candidate) => candidate.resource === resource && candidate.value === operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not known`, {
			description: 'Pick an operation from the node\'s Operation list.',
		});
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const continueOnFail = this.continueOnFail();

	const connection = await resolveConnection(this);
	const scrubber = scrubberFor(connection.secrets);
	const failEveryItem = (error: Error): INodeExecutionData[][] => {
		if (!continueOnFail) throw scrubError(error, scrubber);
		return [items.map((_, item) => ({ json: errorJson(error, scrubber), pairedItem: { item } }))];
	};
	let settings: RunSettings;
	try {
		settings = runSettings(this, options);
	} catch (error) {
		return failEveryItem(error as Error);
	}
	const { concurrency } = settings;
	const clients = clientsFor(this, connection, settings.retry, { dryRun: settings.dryRun });
	// Checked before any request: a credential for the other vendor can only fail, item after item.
	const mismatch = serviceMismatch(this, connection, operation.service, operation.title);
	if (mismatch) return failEveryItem(mismatch);

	// Every item is read and checked before the first request: bad input anywhere stops the run
	// (without Continue On Fail) while nothing has been created or e-mailed yet. Checking each item
	// as it is sent instead measured slower in `npm run bench`, so there is no option for it.
	const outcomes: Outcome[] = new Array(items.length);
	const prepared: unknown[] = new Array(items.length);
	const parameters = new RunParameters(this);
	let stopped = false;
	for (let itemIndex = 0; itemIndex < items.length && !stopped; itemIndex++) {
		try {
			prepared[itemIndex] = operation.prepare.call(this, itemIndex, { parameters, connection });
		} catch (error) {
			outcomes[itemIndex] = { error: error as Error };
			if (!continueOnFail) stopped = true;
		}
	}

	// As an agent's tool: every item's effects against the builder's Agent Limits, still before any request.
	if (isToolMode(this)) {
		let limits: AgentLimits;
		try {
			limits = readAgentLimits(this, parameters);
		} catch (error) {
			return failEveryItem(error as Error);
		}
		const executionId = this.getExecutionId();
		const now = Date.now();
		let pendingSends = 0;
		const sendsByItem: number[] = new Array(items.length).fill(0);
		for (let itemIndex = 0; itemIndex < items.length && !stopped; itemIndex++) {
			if (outcomes[itemIndex]) continue;
			try {
				const effects = operation.effects?.call(this, prepared[itemIndex], itemIndex, { parameters, connection }) ?? {};
				const refused = checkEffects(this, itemIndex, effects, limits, now);
				if (refused) throw refused;
				const sends = effects.sends?.length ?? 0;
				const used = ledger.used(executionId) + pendingSends;
				if (sends > 0 && used + sends > limits.maxSendsPerExecution) throw sendCapRefusal(this, itemIndex, limits, used, sends);
				pendingSends += sends;
				sendsByItem[itemIndex] = sends;
			} catch (error) {
				outcomes[itemIndex] = { error: error as Error };
				if (!continueOnFail) stopped = true;
			}
		}
		// Counted when they are about to go out, whether or not the API then accepts them: a send whose
		// answer was lost may still have reached the person.
		if (!stopped) ledger.add(executionId, sendsByItem.reduce((sum, sends) => sum + sends, 0));
	}

	// The users the items read before they write, 100 to a list request (UserBatch), in the run's clients.
	const users = new UserBatch(clients.softwareOne, this);
	if (operation.lookup && !stopped) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const lookup = outcomes[itemIndex] ? undefined : operation.lookup(prepared[itemIndex]);
			if (lookup) users.add(itemIndex, lookup);
		}
	}
	const runClients = { ...clients, users };

	await forEachConcurrently(items.length, concurrency, async (itemIndex) => {
		// Without Continue On Fail the node fails at the first error: start no new item after it.
		if (stopped || outcomes[itemIndex]) return;
		try {
			const result = await operation.execute.call(this, prepared[itemIndex], itemIndex, runClients);
			outcomes[itemIndex] = { data: Array.isArray(result) ? result : [result] };
		} catch (error) {
			// Dry Run stopped the item's first write: what it would have sent is the item's result.
			if (error instanceof DryRunStop) {
				outcomes[itemIndex] = { data: [dryRunOutput(error)] };
				return;
			}
			outcomes[itemIndex] = { error: error as Error };
			if (!continueOnFail) stopped = true;
		}
	});

	if (users.refused.size > 0 && typeof this.addExecutionHints === 'function') {
		this.addExecutionHints({
			type: 'info',
			location: 'outputPane',
			message: `The API did not accept a list of users (in() on ${[...users.refused].join(', ')}), so each user was read with a request of its own: one more request per item.`,
		});
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome === undefined) continue;
		if ('error' in outcome) {
			if (!continueOnFail) {
				if (outcome.error instanceof NodeOperationError || outcome.error instanceof NodeApiError) {
					throw scrubError(outcome.error, scrubber);
				}
				throw scrubError(new NodeOperationError(this.getNode(), outcome.error, { itemIndex }), scrubber);
			}
			output.push({ json: errorJson(outcome.error, scrubber), pairedItem: { item: itemIndex } });
			continue;
		}
		const data = settings.invitationLinks ? outcome.data : outcome.data.map(withoutInvitationLink);
		output.push(
			...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(scrubber.value(data)), {
				itemData: { item: itemIndex },
			}),
		);
	}
	return [output];
}
