import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { forEachConcurrently } from '../helpers/concurrency';
import { RunParameters } from '../helpers/parameters';
import {
	ApiSession,
	DEFAULT_RETRY_SETTINGS,
	resolveConnection,
	type RetrySettings,
	serviceMismatch,
} from '../transport';
import { accountUserOperations } from './accountUser';
import { lockUserOperations } from './lockUser';
import type { Operation } from './types';

const OPERATIONS: Record<string, Record<string, Operation>> = {
	accountUser: accountUserOperations,
	lockUser: lockUserOperations,
};

export const DEFAULT_CONCURRENCY = 20;

type Outcome = { data: IDataObject[] } | { error: Error };

function retrySettings(options: IDataObject, concurrency: number): RetrySettings {
	const seconds = (value: unknown, fallbackMs: number) =>
		typeof value === 'number' && value >= 0 ? value * 1000 : fallbackMs;
	return {
		...DEFAULT_RETRY_SETTINGS,
		maxRetries:
			typeof options.maxRetries === 'number' ? Math.max(0, options.maxRetries) : DEFAULT_RETRY_SETTINGS.maxRetries,
		maxRetryWaitMs: seconds(options.maxRetryWait, DEFAULT_RETRY_SETTINGS.maxRetryWaitMs),
		timeoutMs: seconds(options.timeout, DEFAULT_RETRY_SETTINGS.timeoutMs),
		concurrency,
	};
}

function errorJson(error: Error): IDataObject {
	const details = error as Error & { description?: unknown; httpCode?: unknown };
	const json: IDataObject = { error: error.message };
	if (typeof details.description === 'string' && details.description) json.description = details.description;
	if (typeof details.httpCode === 'string' && details.httpCode) json.httpCode = details.httpCode;
	return json;
}

/**
 * Runs the chosen operation over every input item, several at a time, and returns one result
 * (or, with Continue On Fail, one error item) per input item, in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not known`, {
			description: 'Pick an operation from the node\'s Operation list.',
		});
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY)) || 1);
	const continueOnFail = this.continueOnFail();

	const connection = await resolveConnection(this);
	const api = new ApiSession(this, connection, retrySettings(options, concurrency));
	// Checked before any request: a credential for the other vendor can only fail, item after item.
	const mismatch = serviceMismatch(this, connection, operation.service, operation.displayName);
	if (mismatch) {
		if (!continueOnFail) throw mismatch;
		return [items.map((_, item) => ({ json: errorJson(mismatch), pairedItem: { item } }))];
	}

	// Every item is read and checked before the first request: bad input anywhere stops the run
	// (without Continue On Fail) while nothing has been created or e-mailed yet. Checking each item
	// as it is sent instead measured slower in `npm run bench`, so there is no option for it.
	const outcomes: Outcome[] = new Array(items.length);
	const prepared: unknown[] = new Array(items.length);
	const parameters = new RunParameters(this);
	let stopped = false;
	for (let itemIndex = 0; itemIndex < items.length && !stopped; itemIndex++) {
		try {
			prepared[itemIndex] = operation.prepare.call(this, itemIndex, parameters);
		} catch (error) {
			outcomes[itemIndex] = { error: error as Error };
			if (!continueOnFail) stopped = true;
		}
	}

	await forEachConcurrently(items.length, concurrency, async (itemIndex) => {
		// Without Continue On Fail the node fails at the first error: start no new item after it.
		if (stopped || outcomes[itemIndex]) return;
		try {
			const result = await operation.execute.call(this, prepared[itemIndex], itemIndex, api);
			outcomes[itemIndex] = { data: Array.isArray(result) ? result : [result] };
		} catch (error) {
			outcomes[itemIndex] = { error: error as Error };
			if (!continueOnFail) stopped = true;
		}
	});

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome === undefined) continue;
		if ('error' in outcome) {
			if (!continueOnFail) {
				if (outcome.error instanceof NodeOperationError || outcome.error instanceof NodeApiError) {
					throw outcome.error;
				}
				throw new NodeOperationError(this.getNode(), outcome.error, { itemIndex });
			}
			output.push({ json: errorJson(outcome.error), pairedItem: { item: itemIndex } });
			continue;
		}
		output.push(
			...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(outcome.data), {
				itemData: { item: itemIndex },
			}),
		);
	}
	return [output];
}
