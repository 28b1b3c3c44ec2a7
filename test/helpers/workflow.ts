import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core keeps instance settings (and an encryption key) in a user folder: never the real home.
if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-user-invitation-test-'));
	process.env.N8N_USER_FOLDER = folder;
	// Jest gives each test file its own process.env and module registry, so the folder is the file's own.
	afterAll(() => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
// n8n's logger would print every failed item of the error-path tests.
process.env.N8N_LOG_LEVEL ??= 'silent';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsHelper,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { applyAuthentication, type StoredCredential } from './credentials';

export { DOUBLE_SECRETS, doubleCredential, type Authentication, type Service, type StoredCredential } from './credentials';

/**
 * Runs the node in-process with n8n-core's own machinery: a real Workflow, a real ExecuteContext
 * (parameters, expressions, Continue On Fail, `httpRequestWithAuthentication` over real HTTP), and
 * WorkflowExecute for whole workflows. Only the credential store is ours: it decrypts nothing and
 * applies a credential's `authenticate` the way n8n's CredentialsHelper does.
 */

export const NODE_TYPE = 'n8n-nodes-user-invitations.userInvitation';
export const START_TYPE = 'test.start';
export const NODE_NAME = 'User Invitation';
export const START_NAME = 'When clicking Execute workflow';

type NodeClass = new () => INodeType;
type CredentialClass = new () => ICredentialType;

/** Stands in for the Manual Trigger: emits the items in its `items` parameter (one empty item by default). */
class StartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameters',
		defaults: { name: START_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[{}]');
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

export function nodeTypes(nodeClass: NodeClass): INodeTypes {
	const types: Record<string, INodeType> = { [NODE_TYPE]: new nodeClass(), [START_TYPE]: new StartNode() };
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => Object.fromEntries(Object.keys(types).map((name) => [name, { className: name, sourcePath: '' }])),
	};
}

/** What n8n's CredentialsHelper does for this package's credentials; every other duty is unused. */
export class TestCredentialsHelper implements ICredentialsHelper {
	/** Every request after the credential was applied: what went over the wire. */
	readonly authenticated: IHttpRequestOptions[] = [];
	/** How often n8n read and decrypted a stored credential (once per `getCredentials`). */
	decrypted = 0;

	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly stored: StoredCredential[],
	) {}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = await applyAuthentication(this.type(typeName), credentials, requestOptions, workflow, node);
		this.authenticated.push(options);
		return options;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('Not used: the test store holds decrypted data only');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const found = this.stored.find((credential) => credential.type === type);
		if (!found) throw new Error(`No credential of type ${type} in this test`);
		this.decrypted++;
		return structuredClone(found.data);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return this.type(type).properties;
	}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}
}

export function credentialTypes(classes: CredentialClass[]): Record<string, ICredentialType> {
	return Object.fromEntries(classes.map((Class) => new Class()).map((type) => [type.name, type]));
}

function additionalData(credentialsHelper: ICredentialsHelper, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('Not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface HarnessOptions {
	nodeClass: NodeClass;
	credentialClasses: CredentialClass[];
	/** The node's parameters as saved in a workflow (n8n fills in the defaults). */
	parameters: INodeParameters;
	credential: StoredCredential;
	items?: IDataObject[];
	continueOnFail?: boolean;
	timezone?: string;
}

function userInvitationNode(options: HarnessOptions): INode {
	return {
		id: '7a3e9d2b-0000-4000-8000-000000000002',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [220, 0],
		parameters: options.parameters,
		credentials: { [options.credential.type]: { id: 'credential-1', name: 'Test credential' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export interface NodeResult {
	output: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	credentialsHelper: TestCredentialsHelper;
	/** What the node told n8n to show beside its output (addExecutionHints). */
	hints?: Array<{ message: string }>;
}

/** A real n8n-core ExecuteContext of the node over the given items, as n8n gives it to execute(). */
export function executeContext(options: HarnessOptions): { context: ExecuteContext; workflow: WorkflowType; credentialsHelper: TestCredentialsHelper } {
	const node = userInvitationNode(options);
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypes(options.nodeClass),
		settings: { timezone: options.timezone ?? 'UTC' },
	});
	const resolvedNode = workflow.getNode(NODE_NAME) as INode;
	const credentialsHelper = new TestCredentialsHelper(credentialTypes(options.credentialClasses), [options.credential]);
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const executeData: IExecuteData = { node: resolvedNode, data: { main: [items] }, source: null };
	const context = new ExecuteContext(
		workflow,
		resolvedNode,
		additionalData(credentialsHelper),
		'manual',
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
	return { context, workflow, credentialsHelper };
}

/** Runs the node's execute() in a real n8n-core ExecuteContext over the given items; never throws. */
export async function executeNode(options: HarnessOptions): Promise<NodeResult> {
	const { context, workflow, credentialsHelper } = executeContext(options);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(NODE_TYPE, 1);
	try {
		const result = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
		return { output: result[0], credentialsHelper, hints: (context as unknown as { hints: Array<{ message: string }> }).hints };
	} catch (error) {
		return { output: [], error: error as NodeResult['error'], credentialsHelper };
	}
}

export interface WorkflowResult {
	run: IRun;
	/** The User Invitation node's output items, when it ran. */
	output: INodeExecutionData[];
	credentialsHelper: TestCredentialsHelper;
	/** The node names in the order WorkflowExecute finished them. */
	executed: string[];
}

/** Runs Start → User Invitation with n8n-core's WorkflowExecute, as a manual execution. */
export async function runWorkflow(options: HarnessOptions): Promise<WorkflowResult> {
	const start: INode = {
		id: '7a3e9d2b-0000-4000-8000-000000000001',
		name: START_NAME,
		type: START_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const node = userInvitationNode(options);
	const workflowData = {
		id: 'test-workflow',
		name: 'User Invitation test',
		nodes: [start, node],
		connections: { [START_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		settings: { timezone: options.timezone ?? 'UTC', executionOrder: 'v1' as const },
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes: nodeTypes(options.nodeClass) });
	const credentialsHelper = new TestCredentialsHelper(credentialTypes(options.credentialClasses), [options.credential]);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		...workflowData,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const executed: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executed.push(nodeName);
	});
	const run = await new WorkflowExecute(additionalData(credentialsHelper, hooks), 'manual').run({
		workflow,
		startNode: workflow.getNode(START_NAME) as INode,
	});
	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	return { run, output: task?.data?.main?.[0] ?? [], credentialsHelper, executed };
}


/** Calls one of the node's listSearch methods ("From list" pickers) in a real LoadOptionsContext. */
export async function listSearch(
	options: HarnessOptions & { method: string; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const node = userInvitationNode(options);
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypes(options.nodeClass),
	});
	const resolvedNode = workflow.getNode(NODE_NAME) as INode;
	const credentialsHelper = new TestCredentialsHelper(credentialTypes(options.credentialClasses), [options.credential]);
	const data = additionalData(credentialsHelper);
	data.currentNodeParameters = resolvedNode.parameters;
	const context = new LoadOptionsContext(workflow, resolvedNode, data, 'parameters.userId');
	const search = workflow.nodeTypes.getByNameAndVersion(NODE_TYPE, 1).methods?.listSearch?.[options.method];
	if (!search) throw new Error(`The node has no listSearch method ${options.method}`);
	return await search.call(context, options.filter, options.paginationToken);
}
