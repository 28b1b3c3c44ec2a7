// Why no library: nock in front of n8n-core's real contexts was measured against this fake and was no
// shorter, needs a dev dependency, and cannot keep fake-timer request times exact (docs/DEVELOPMENT.md,
// "The unit tests' n8n contexts, and why not nock"); real-context tests use workflow.ts and the API double.
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import { deepCopy, NodeHelpers } from 'n8n-workflow';
// The two helpers the router uses, taken from n8n-core itself (deep imports: the package index is slow to load).
import { constructExecutionMetaData } from 'n8n-core/dist/execution-engine/node-execution-context/utils/construct-execution-metadata';
import { returnJsonArray } from 'n8n-core/dist/execution-engine/node-execution-context/utils/return-json-array';
import { UserInvitation } from '../../nodes/UserInvitation/UserInvitation.node';

/** What one scripted request answers: a response, a network failure, or a function of the request. */
export type Scripted =
	| { statusCode?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
	| { networkError: string; message?: string; delayMs?: number }
	| ((request: RecordedRequest) => Scripted | Promise<Scripted>);

/** One request the node sent through `helpers.httpRequestWithAuthentication`, as a user would inspect it. */
export interface RecordedRequest {
	credentialType: string;
	method: string;
	url: string;
	/** The URL without the base and the query. */
	path: string;
	/** The raw query string after `?`, exactly as the node wrote it ('' when none). */
	query: string;
	body: unknown;
	headers: IDataObject;
	timeout: number | undefined;
	/** Date.now() when the request went out (fake timers make it exact). */
	at: number;
	options: IHttpRequestOptions;
	/** The credential the node handed over with the request (read once per run), if any. */
	credential?: IAdditionalCredentialOptions['credentialsDecrypted'];
}

export interface MockContextOptions {
	/** Node parameters as a user sets them; the node description's defaults fill the rest, as n8n does. */
	parameters?: INodeParameters;
	/** Per-item overrides (what an expression resolves to for that item). */
	itemParameters?: Array<INodeParameters | undefined>;
	/** Input items: plain objects become `{ json }`. Default: one empty item. */
	items?: Array<IDataObject | INodeExecutionData>;
	credentials?: ICredentialDataDecryptedObject;
	timezone?: string;
	continueOnFail?: boolean;
	/** Answers in the order the requests go out. */
	responses?: Scripted[];
	/** Answers every request once `responses` is used up. Default: 200 `{}`. */
	respond?: Scripted;
	/** The node's type: `TOOL_TYPE` runs it as an AI agent's tool. Default: the action node. */
	nodeType?: string;
	/** The node's typeVersion. Default: 1. */
	typeVersion?: number;
	/** What `getExecutionId()` answers. Default: one ID per context. */
	executionId?: string;
}

export interface MockContext {
	ctx: IExecuteFunctions;
	node: INode;
	requests: RecordedRequest[];
	/** Highest number of requests that were in flight at the same time. */
	maxInFlight: () => number;
	/** Scripted answers not used yet. */
	pending: () => number;
}

export const SECRET_TOKEN = 'idt:TKN-1111-2222:s3cr3t-t0ken-value';
export const SECRET_API_KEY = 'k3y-Th4t-Must-N3ver-Leak';

export const SOFTWAREONE_BASE = 'https://api.platform.softwareone.com';
export const BOLD_BASE = 'https://api.boldsmartlock.com';

export const softwareOneCredentials = (extra: IDataObject = {}): ICredentialDataDecryptedObject => ({
	environment: 'softwareOneProduction',
	token: SECRET_TOKEN,
	...extra,
});

export const boldCredentials = (extra: IDataObject = {}): ICredentialDataDecryptedObject => ({
	environment: 'bold',
	token: SECRET_TOKEN,
	...extra,
});

let nodeType = new UserInvitation();

export const NODE_TYPE_NAME = 'n8n-nodes-user-invitations.userInvitation';
/** The type n8n gives the node when it is an AI agent's tool (derived from `usableAsTool`). */
export const TOOL_TYPE = `${NODE_TYPE_NAME}Tool`;

/** A fresh node instance (its own send ledger), as after an n8n restart. */
export function restartNode(): void {
	nodeType = new UserInvitation();
}

export const NODE_NAME = 'User Invitation';

/** The node's parameters with n8n's defaults filled in, as the editor stores them. */
export function withDefaults(parameters: INodeParameters, typeVersion = 1): INodeParameters {
	const resolved = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters,
		true,
		false,
		{ typeVersion },
		nodeType.description,
	);
	// getNodeParameters drops values it does not display; keep what the test set, as n8n keeps stored values.
	return { ...(resolved ?? {}), ...parameters };
}

function isResourceLocator(value: unknown): value is { __rl: true; value: unknown } {
	return typeof value === 'object' && value !== null && (value as IDataObject).__rl === true;
}

function getPath(source: IDataObject, name: string): unknown {
	let current: unknown = source;
	for (const key of name.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

function splitUrl(url: string): { path: string; query: string } {
	const withoutBase = url.replace(/^https?:\/\/[^/]+/i, '');
	const q = withoutBase.indexOf('?');
	return q < 0 ? { path: withoutBase, query: '' } : { path: withoutBase.slice(0, q), query: withoutBase.slice(q + 1) };
}

function markExpressions(
	parameters: INodeParameters,
	itemParameters: Array<INodeParameters | undefined> | undefined,
): INodeParameters {
	const marked: INodeParameters = { ...parameters };
	for (const overrides of itemParameters ?? []) {
		for (const name of Object.keys(overrides ?? {})) marked[name] = '={{ $json.differsPerItem }}';
	}
	return marked;
}

/** A resource mapper value as the editor stores it: "Map Each Field Manually" with these values. */
export function mapManually(value: INodeParameters): INodeParameters {
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] };
}

/** A resource mapper value set to "Map Automatically". */
export const MAP_AUTOMATICALLY: INodeParameters = { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] };

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** An IExecuteFunctions that behaves like n8n's for everything this node calls, and records every request. */
export function createContext(options: MockContextOptions = {}): MockContext {
	const base = withDefaults(options.parameters ?? {}, options.typeVersion);
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
	const node: INode = {
		id: 'c5f9f2c7-0000-4000-8000-000000000001',
		name: NODE_NAME,
		type: options.nodeType ?? NODE_TYPE_NAME,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		// A value that differs per item is an expression in n8n: stored with a leading "=".
		parameters: markExpressions(base, options.itemParameters),
	};
	const queue = [...(options.responses ?? [])];
	const executionId = options.executionId ?? `execution-${Math.random().toString(36).slice(2)}`;
	const requests: RecordedRequest[] = [];
	let inFlight = 0;
	let maxInFlight = 0;

	const parametersFor = (itemIndex: number): INodeParameters => ({
		...base,
		...(options.itemParameters?.[itemIndex] ?? {}),
	});

	async function answer(script: Scripted, request: RecordedRequest): Promise<unknown> {
		if (typeof script === 'function') return await answer(await script(request), request);
		if (script.delayMs) await sleep(script.delayMs);
		if ('networkError' in script) {
			throw Object.assign(new Error(script.message ?? `socket failure ${script.networkError}`), {
				code: script.networkError,
			});
		}
		return {
			statusCode: script.statusCode ?? 200,
			body: script.body,
			headers: Object.fromEntries(Object.entries(script.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
		};
	}

	const helpers = {
		constructExecutionMetaData,
		returnJsonArray,
		async httpRequestWithAuthentication(
			this: unknown,
			credentialType: string,
			requestOptions: IHttpRequestOptions,
			credentialOptions?: IAdditionalCredentialOptions,
		): Promise<unknown> {
			const { path, query } = splitUrl(requestOptions.url);
			const request: RecordedRequest = {
				credentialType,
				method: String(requestOptions.method ?? 'GET'),
				url: requestOptions.url,
				path,
				query,
				body: requestOptions.body === undefined ? undefined : (JSON.parse(JSON.stringify(requestOptions.body)) as unknown),
				headers: (requestOptions.headers ?? {}) as IDataObject,
				timeout: requestOptions.timeout,
				at: Date.now(),
				options: requestOptions,
				credential: credentialOptions?.credentialsDecrypted,
			};
			requests.push(request);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				return await answer(queue.shift() ?? options.respond ?? { statusCode: 200, body: {} }, request);
			} finally {
				inFlight--;
			}
		},
	};

	const ctx = {
		getNode: () => node,
		getInputData: () => items,
		getTimezone: () => options.timezone ?? 'UTC',
		getExecutionId: () => executionId,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async (type: string) => {
			if (!options.credentials) throw new Error(`No credentials of type "${type}" in this test`);
			return deepCopy(options.credentials);
		},
		getNodeParameter(
			name: string,
			itemIndex: number,
			fallbackValue?: unknown,
			parameterOptions?: { extractValue?: boolean },
		): unknown {
			let value = getPath(parametersFor(itemIndex), name);
			if (value === undefined) {
				if (fallbackValue === undefined) throw new Error(`Could not get parameter "${name}"`);
				return fallbackValue;
			}
			if (isResourceLocator(value)) value = parameterOptions?.extractValue ? value.value : value;
			return typeof value === 'object' && value !== null ? deepCopy(value) : value;
		},
		helpers,
	};

	return {
		ctx: ctx as unknown as IExecuteFunctions,
		node,
		requests,
		maxInFlight: () => maxInFlight,
		pending: () => queue.length,
	};
}

export interface NodeRun extends MockContext {
	/** The node's single output, when it did not throw. */
	output: INodeExecutionData[];
	/** What the node threw, if it threw. */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
}

/** Runs the node's execute() once with a mocked context; never throws. */
export async function runNode(options: MockContextOptions): Promise<NodeRun> {
	const mock = createContext(options);
	try {
		const [output] = await nodeType.execute.call(mock.ctx);
		return { ...mock, output };
	} catch (error) {
		return { ...mock, output: [], error: error as NodeRun['error'] };
	}
}

/** Like runNode, but fails the test with the node's error when it throws. */
export async function runNodeOk(options: MockContextOptions): Promise<NodeRun> {
	const run = await runNode(options);
	if (run.error) {
		throw new Error(`The node failed: ${run.error.message}\n${run.error.description ?? ''}`);
	}
	return run;
}

export const locator = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/** An account-user object as SoftwareOne returns it (seed shape). */
export function accountUser(overrides: IDataObject = {}): IDataObject {
	const { user, invitation, account, groups, ...rest } = overrides;
	return {
		id: 'AUSR-1234-5678',
		$meta: { omitted: ['audit'] },
		user: {
			id: 'USR-1111-2222',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			...((user as IDataObject) ?? {}),
		},
		groups: (groups as IDataObject[]) ?? [{ id: 'UGR-1234-5678', name: 'Admins', isDefault: true }],
		account: { id: 'ACC-1234-5678', type: 'Client', status: 'Active', name: 'Contoso', ...((account as IDataObject) ?? {}) },
		invitation: { status: 'Invited', url: 'https://portal.example/invite/abc', ...((invitation as IDataObject) ?? {}) },
		...rest,
	};
}

/** A page of the list endpoint. */
export function page(data: IDataObject[], offset = 0, total = data.length, limit = data.length): IDataObject {
	return { $meta: { pagination: { offset, limit, total } }, data };
}

/**
 * Runs the node under jest's fake clock, moving time on until it finishes: retries, Retry-After
 * pauses and scripted delays take no real time, and `RecordedRequest.at` shows when each request went out.
 */
export async function runNodeWithFakeTimers(options: MockContextOptions, startAt = Date.now()): Promise<NodeRun> {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: startAt });
	try {
		let done = false;
		const running = runNode(options).finally(() => {
			done = true;
		});
		while (!done) await jest.advanceTimersByTimeAsync(50);
		return await running;
	} finally {
		jest.useRealTimers();
	}
}

/** Every string anywhere in a value (an error's own fields, its cause, its context...), joined. */
export function everyString(value: unknown, seen = new Set<unknown>()): string {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object' || seen.has(value)) return '';
	seen.add(value);
	const keys = new Set([...Object.getOwnPropertyNames(value), 'message', 'description', 'stack']);
	return [...keys].map((key) => everyString((value as Record<string, unknown>)[key], seen)).join('\n');
}
