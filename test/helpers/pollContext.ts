// Why no library: nock in front of n8n-core's real contexts was measured against this fake and was no
// shorter, needs a dev dependency, and cannot keep fake-timer request times exact (docs/DEVELOPMENT.md,
// "The unit tests' n8n contexts, and why not nock"); real-context tests use workflow.ts and the API double.
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	IPollFunctions,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { deepCopy, NodeHelpers } from 'n8n-workflow';
import { returnJsonArray } from 'n8n-core/dist/execution-engine/node-execution-context/utils/return-json-array';
import { UserInvitationTrigger } from '../../nodes/UserInvitationTrigger/UserInvitationTrigger.node';
import type { RecordedRequest } from './context';

/** What one request answers: a response or a network failure. */
export type PollAnswer =
	| { statusCode?: number; body?: unknown; headers?: Record<string, string> }
	| { networkError: string };

export interface PollContextOptions {
	parameters?: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	/** 'trigger' for an active workflow's poll, 'manual' for "Fetch Test Event". */
	mode?: WorkflowExecuteMode;
	/** The node's static data bucket: pass the same object to several polls, as n8n keeps it. */
	staticData?: IDataObject;
	/** Answers each request the node sends (perhaps later: a promise). */
	respond: (request: RecordedRequest) => PollAnswer | Promise<PollAnswer>;
	pollBudgetMs?: number;
	credentialId?: string;
	/** The node instance that polls (it owns the poll memory); by default one shared by all tests. */
	trigger?: UserInvitationTrigger;
	/** The node's version in the workflow: 1 (saved before join links were hidden) by default. */
	typeVersion?: number;
	/** n8n's logger, for a test that reads what the trigger logged. */
	logger?: { warn: (message: string) => void };
}

export interface PollRun {
	/** What poll() returned: null when it reported nothing. */
	output: INodeExecutionData[][] | null;
	/** What poll() threw, if it threw. */
	error?: Error & { description?: string; httpCode?: string | null };
	requests: RecordedRequest[];
	staticData: IDataObject;
}

const nodeType = new UserInvitationTrigger();
export const TRIGGER_NODE_NAME = 'User Invitation Trigger';

function withDefaults(parameters: INodeParameters, typeVersion: number): INodeParameters {
	const resolved = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters,
		true,
		false,
		{ typeVersion },
		nodeType.description,
	);
	return { ...(resolved ?? {}), ...parameters };
}

/** An IPollFunctions that behaves like n8n's for what the trigger calls, and records every request. */
export function createPollContext(options: PollContextOptions): { ctx: IPollFunctions; requests: RecordedRequest[]; staticData: IDataObject } {
	const typeVersion = options.typeVersion ?? 1;
	const parameters = withDefaults(options.parameters ?? {}, typeVersion);
	const staticData = options.staticData ?? {};
	const requests: RecordedRequest[] = [];
	const authentication = String(parameters.authentication ?? 'bearerToken');
	const credentialType = authentication === 'apiKey' ? 'userInvitationApiKeyApi' : 'userInvitationBearerTokenApi';
	const node: INode = {
		id: 'c5f9f2c7-0000-4000-8000-000000000002',
		name: TRIGGER_NODE_NAME,
		type: 'n8n-nodes-user-invitations.userInvitationTrigger',
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { [credentialType]: { id: options.credentialId ?? 'cred-1', name: 'SoftwareOne' } },
	};
	const ctx = {
		getNode: () => node,
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async () => {
			if (!options.credentials) throw new Error('No credentials in this test');
			return deepCopy(options.credentials);
		},
		getNodeParameter(name: string, fallback?: unknown): unknown {
			const value = parameters[name];
			if (value === undefined) {
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				return fallback;
			}
			return typeof value === 'object' && value !== null ? deepCopy(value) : value;
		},
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`The trigger asked for "${type}" static data`);
			return staticData;
		},
		...(options.pollBudgetMs === undefined ? {} : { getPollBudgetMs: () => options.pollBudgetMs }),
		...(options.logger === undefined ? {} : { logger: options.logger }),
		helpers: {
			returnJsonArray,
			async httpRequestWithAuthentication(
				type: string,
				requestOptions: IHttpRequestOptions,
				credentialOptions?: IAdditionalCredentialOptions,
			): Promise<unknown> {
				const withoutBase = requestOptions.url.replace(/^https?:\/\/[^/]+/i, '');
				const q = withoutBase.indexOf('?');
				const request: RecordedRequest = {
					credentialType: type,
					method: String(requestOptions.method ?? 'GET'),
					url: requestOptions.url,
					path: q < 0 ? withoutBase : withoutBase.slice(0, q),
					query: q < 0 ? '' : withoutBase.slice(q + 1),
					body: requestOptions.body,
					headers: (requestOptions.headers ?? {}) as IDataObject,
					timeout: requestOptions.timeout,
					at: Date.now(),
					options: requestOptions,
					credential: credentialOptions?.credentialsDecrypted,
				};
				requests.push(request);
				const answer = await options.respond(request);
				if ('networkError' in answer) {
					throw Object.assign(new Error(`socket failure ${answer.networkError}`), { code: answer.networkError });
				}
				return { statusCode: answer.statusCode ?? 200, body: answer.body, headers: answer.headers ?? {} };
			},
		},
	};
	return { ctx: ctx as unknown as IPollFunctions, requests, staticData };
}

/** Runs poll() once; never throws. */
export async function runPoll(options: PollContextOptions): Promise<PollRun> {
	const { ctx, requests, staticData } = createPollContext(options);
	try {
		const output = await (options.trigger ?? nodeType).poll.call(ctx);
		return { output, requests, staticData };
	} catch (error) {
		return { output: null, error: error as PollRun['error'], requests, staticData };
	}
}

/** The items of a poll's output (none when it returned null). */
export const polledItems = (run: PollRun): IDataObject[] => (run.output?.[0] ?? []).map((item) => item.json);

/** A user as the list answers it: the audit block only when the query asks for it (`select=+audit`). */
function listed(user: IDataObject, withAudit: boolean): IDataObject {
	const { audit, $meta, ...rest } = user;
	if (withAudit) return audit === undefined ? user : { id: rest.id, audit, ...rest };
	return { id: rest.id, $meta: $meta ?? { omitted: ['audit'] }, ...rest };
}

/**
 * A SoftwareOne account-user list that pages like the API (limit, offset, total), over `users`
 * as they are when each request arrives: tests change `users` between polls. Like the API, it
 * sends a user's `audit` block only when the query asks for it with `select=+audit`.
 */
export function listServer(users: IDataObject[]): (request: RecordedRequest) => PollAnswer {
	return (request) => {
		const params = new URLSearchParams(request.query.replace(/\+/g, '%2B'));
		const limit = Number(params.get('limit') ?? 10);
		const offset = Number(params.get('offset') ?? 0);
		const withAudit = (params.get('select') ?? '').split(',').includes('+audit');
		return {
			body: {
				$meta: { pagination: { offset, limit, total: users.length } },
				data: users.slice(offset, offset + limit).map((user) => listed(user, withAudit)),
			},
		};
	};
}
