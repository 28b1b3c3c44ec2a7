// Types for the JavaScript harness (kept in JavaScript so tools/demo/demo.js runs it without a build).

export const REPO_ROOT: string;
export const PACKAGE_NAME: string;
export const NODE_TYPE: string;
export const VERSIONS: Record<1 | 2, string>;

export interface N8nInstall {
	major: 1 | 2;
	version: string;
	hostDir: string;
	nodeBin: string;
}
export function ensureN8n(major?: 1 | 2, options?: { stdio?: 'inherit' | 'pipe' }): N8nInstall;
export function ensureN8nWithProgress(major?: 1 | 2, options?: { onProgress?: (line: string) => void; everyMs?: number }): Promise<N8nInstall>;
export function packPackage(outDir: string, options?: { cache?: boolean }): string;
export function installPackage(userFolder: string, tarball: string): string;
export function freePort(): Promise<number>;
export function sleep(ms: number): Promise<void>;
export function log(...args: unknown[]): void;

export interface N8nServer {
	major: 1 | 2;
	version: string;
	baseUrl: string;
	port: number;
	brokerPort: number;
	userFolder: string;
	hostDir: string;
	logPath: string;
	pid: number;
	startupMs: number;
	encryptionKey: string;
	env: Record<string, string | null>;
	/** stop() removes the user folder (one the harness made, or one handed over by restartN8n). */
	ownsFolder: boolean;
	stop(options?: { keepFolder?: boolean }): Promise<void>;
	logTail(chars?: number): string;
}
export interface StartN8nOptions {
	major?: 1 | 2;
	tarball?: string;
	port?: number;
	userFolder?: string;
	env?: Record<string, string | null>;
	readyTimeoutMs?: number;
	logFile?: string;
	/** Default: a new random key (a restart must pass the key the folder was started with). */
	encryptionKey?: string;
	/** Default: true when no userFolder is given. */
	ownsFolder?: boolean;
}
export function startN8n(options?: StartN8nOptions): Promise<N8nServer>;
/** Stops n8n and starts it again on the same user folder and encryption key (an n8n restart). */
export function restartN8n(server: N8nServer, options?: StartN8nOptions & { whileStopped?: () => Promise<unknown> }): Promise<N8nServer>;

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Item {
	json: Record<string, Json>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number }>;
}

export interface Execution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Item[][] }; error?: Json; executionStatus?: string }>>;
			error?: Json;
			lastNodeExecuted?: string;
		};
	};
	rawData: string;
}

export interface CredentialRef {
	id: string;
	name: string;
	type: 'userInvitationBearerTokenApi' | 'userInvitationApiKeyApi';
	data?: Record<string, Json>;
}

export interface SavedWorkflow {
	id: string;
	versionId: string;
	name: string;
	nodes: Json[];
}

export interface WebhookAnswer {
	status: number;
	data: Json;
	headers: Record<string, Json>;
}

export class N8nClient {
	constructor(server: { baseUrl: string; hostDir: string; major?: number });
	baseUrl: string;
	major: number;
	http: import('axios').AxiosInstance;
	rest(method: string, url: string, data?: unknown, options?: { expect?: 'ok' | 'any' }): Promise<{ status: number; data: Json }>;
	setupOwner(owner?: Owner): Promise<Owner>;
	login(owner?: { email: string; password: string }): Promise<void>;
	nodeTypeNames(): Promise<string[]>;
	createCredential(spec: { name: string; type: string; data: Record<string, Json> }): Promise<CredentialRef>;
	testCredential(spec: { id: string; name: string; type: string; data: Record<string, Json> }): Promise<{ status: 'OK' | 'Error'; message: string }>;
	createWorkflow(workflow: Json): Promise<SavedWorkflow>;
	activateWorkflow(workflow: SavedWorkflow): Promise<Json>;
	deactivateWorkflow(workflow: SavedWorkflow): Promise<Json>;
	createActiveWorkflow(workflow: Json): Promise<SavedWorkflow>;
	webhook(path: string, body?: Json, options?: { method?: string; registerWaitMs?: number; headers?: Record<string, string> }): Promise<WebhookAnswer>;
	runManually(workflowId: string, triggerName: string): Promise<string>;
	executionIds(workflowId: string): Promise<Array<{ id: string; status: string; finished: boolean }>>;
	execution(id: string): Promise<Execution>;
	waitForExecution(id: string, timeoutMs?: number): Promise<Execution>;
	nextExecution(workflowId: string, seenIds?: string[], timeoutMs?: number): Promise<Execution>;
	static nodeItems(execution: Execution, nodeName: string, options?: { run?: number; output?: number }): Item[];
	static nodeError(execution: Execution, nodeName: string): Json;
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}
export const OWNER: Owner;

export const SECRETS: {
	softwareOneToken: string;
	softwareOneApiKey: string;
	boldToken: string;
	boldApiKey: string;
};
export const DOUBLE_SERVER: string;
export function doubleAvailable(): boolean;
export function startDouble(options?: { port?: number }): Promise<{ url: string; port: number; close(): Promise<void> }>;

export interface DoubleState {
	softwareOne: {
		users: Array<Record<string, Json>>;
		createsByEmail: Record<string, number>;
		postsByEmail: Record<string, number>;
		invitationEmailsByUser: Record<string, number>;
		duplicateCreates: number;
	};
	bold: {
		users: Array<Record<string, Json>>;
		emailsByUser: Record<string, number>;
		smsByUser: Record<string, number>;
		updatesByUser: Record<string, number>;
	};
	requests: Array<{ method: string; path: string; query?: string; status: number; at: string; fault?: string }>;
	rateLimited: number;
}

export interface FaultRule {
	method?: string;
	path?: string;
	kind: 'status' | 'reset' | 'hang' | 'malformed' | 'latency';
	times?: number;
	status?: number;
	retryAfter?: number | string;
	delayMs?: number;
	afterProcessing?: boolean;
}

export class DoubleClient {
	constructor(url: string);
	url: string;
	reset(): Promise<void>;
	seed(data: { softwareOneUsers?: Array<Record<string, Json>>; boldUsers?: Array<Record<string, Json>> }): Promise<{
		softwareOneUsers: Array<Record<string, Json>>;
		boldUsers: Array<Record<string, Json>>;
	}>;
	state(): Promise<DoubleState>;
	expire(id: string): Promise<Record<string, Json>>;
	accept(id: string): Promise<Record<string, Json>>;
	invite(id: string): Promise<Record<string, Json>>;
	remove(id: string): Promise<Record<string, Json>>;
	faults(rules: FaultRule[]): Promise<Json>;
	clearFaults(): Promise<void>;
	config(settings: Record<string, Json>): Promise<Json>;
	tokens(lists: Record<string, Json>): Promise<Json>;
	requests(): Promise<DoubleState['requests']>;
}

export interface EgressAttempt {
	method: string;
	target: string;
	at: string;
}
export function startEgressSink(): Promise<{ url: string; attempts(): EgressAttempt[]; env: Record<string, string>; close(): Promise<void> }>;
export function egressAttempts(sinkUrl: string): Promise<EgressAttempt[]>;

export const EXAMPLES_DIR: string;
export function uniqueSuffix(): string;
export function exampleFiles(): string[];
export function loadExample(
	file: string,
	options?: { credentials?: Record<string, { id: string; name: string }>; suffix?: string; settings?: Record<string, Json> },
): { workflow: Json; webhookPaths: Record<string, string> };
export function invitationNode(options: {
	name?: string;
	credential: CredentialRef;
	parameters: Record<string, Json>;
	continueOnFail?: boolean;
	position?: [number, number];
}): Json;
export function webhookWorkflow(options: {
	name: string;
	webhookPath: string;
	nodes: Json[];
	splitItems?: boolean;
	settings?: Record<string, Json>;
	responseData?: 'allEntries' | 'firstEntryJson';
}): Json;

export interface StackCredentials {
	softwareOneBearer: CredentialRef;
	softwareOneApiKey: CredentialRef;
	boldBearer: CredentialRef;
	boldApiKey: CredentialRef;
}

export interface StackDescription {
	major: 1 | 2;
	version: string;
	n8n: { baseUrl: string; hostDir: string; major: number; logPath: string };
	doubleUrl: string;
	/** Every request n8n tried to send beyond loopback ends here: GET <egressUrl>/__egress lists them. */
	egressUrl: string;
	credentials: StackCredentials;
	owner: Owner;
	tarball: string;
	workDir: string;
	timings: Record<string, number>;
}

export interface Stack extends StackDescription {
	client: N8nClient;
	double: DoubleClient;
}

export interface StartedStack extends Stack {
	n8n: N8nServer & { major: number };
	egressAttempts(): EgressAttempt[];
	stop(): Promise<void>;
}

export function startStack(options?: {
	major?: 1 | 2;
	tarball?: string;
	doubleUrl?: string;
	n8nPort?: number;
	doublePort?: number;
	workDir?: string;
	keepFolder?: boolean;
	env?: Record<string, string | null>;
}): Promise<StartedStack>;
export function describeStack(stack: StartedStack): StackDescription;
export function connectStack(description: StackDescription): Promise<Stack>;
/** Clean-ups undone in reverse order, each on its own; `stop` may be called twice (signal and `finally`). */
export function cleanupStack(onFailure: (what: string, error: Error) => void): {
	add(what: string, undo: () => unknown): void;
	stop(): Promise<void>;
};
export function credentialSpecs(doubleUrl: string): Record<keyof StackCredentials, { name: string; type: string; data: Record<string, Json> }>;

export const STACK_FILE_ENV: string;
export function stackDescription(): StackDescription | undefined;
export function describeE2e(name: string, body: (stack: () => Stack) => void): void;
