import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

/**
 * Credential expressions resolved the way n8n resolves them: through a Workflow's expression
 * engine, with the decrypted credential data as `$credentials`.
 */

const noopType: INodeType = {
	description: {
		displayName: 'Credential Resolver',
		name: 'credentialResolver',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const noopTypes: INodeTypes = {
	getByName: () => noopType,
	getByNameAndVersion: () => noopType,
	getKnownTypes: () => ({}),
};

const resolverNode: INode = {
	id: 'credential-resolver',
	name: 'Credential Resolver',
	type: 'credentialResolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

let shared: Workflow | undefined;

function defaultWorkflow(): Workflow {
	shared ??= new Workflow({ nodes: [resolverNode], connections: {}, active: false, nodeTypes: noopTypes });
	return shared;
}

/** n8n's CredentialsHelper.resolveValue: only `=` strings are expressions; an empty result becomes ''. */
export function resolveCredentialValue(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow = defaultWorkflow(),
	node: INode = resolverNode,
): unknown {
	if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	if (!resolved) return '';
	return resolved.toString();
}

/**
 * n8n's CredentialsHelper.authenticate: a function is called as is; `type: 'generic'` resolves
 * keys and values, both of which may be expressions.
 */
export async function applyAuthentication(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	workflow?: Workflow,
	node?: INode,
): Promise<IHttpRequestOptions> {
	const authenticate = credentialType.authenticate;
	if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
	if (typeof authenticate !== 'object' || authenticate.type !== 'generic') {
		throw new Error(`${credentialType.name} has no authenticate`);
	}
	const options = { ...requestOptions, headers: { ...(requestOptions.headers ?? {}) } } as IHttpRequestOptions &
		Record<string, IDataObject | undefined>;
	for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
		for (const [key, value] of Object.entries(outerValue as IDataObject)) {
			const keyResolved = String(resolveCredentialValue(key, credentials, workflow, node));
			const valueResolved = resolveCredentialValue(value, credentials, workflow, node);
			options[outerKey] = { ...(options[outerKey] ?? {}), [keyResolved]: valueResolved } as IDataObject;
		}
	}
	return options;
}

/** The credential's Test request with every expression resolved, as n8n's credential tester sends it. */
export function resolveTestRequest(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): { baseURL: string; url: string; method: string } {
	const request = credentialType.test?.request;
	if (!request) throw new Error(`${credentialType.name} has no test request`);
	const workflow = defaultWorkflow();
	const resolved = workflow.expression.getParameterValue(
		request as unknown as INodeParameters,
		null,
		0,
		0,
		resolverNode.name,
		[],
		'internal',
		{ $credentials: credentials },
	) as IDataObject;
	return {
		baseURL: String(resolved.baseURL ?? ''),
		url: String(resolved.url ?? ''),
		method: String(resolved.method ?? 'GET'),
	};
}

/** A credential as stored in n8n: its type and its (already decrypted) data. */
export interface StoredCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** The secrets the API double (test/double) accepts by default. */
export const DOUBLE_SECRETS = {
	softwareOne: { bearerToken: 's1-valid-token', apiKey: 's1-valid-key' },
	bold: { bearerToken: '0afdf1dc-06f5-465b-a094-aa4196f6e7df', apiKey: 'bold-valid-key' },
} as const;

export type Service = keyof typeof DOUBLE_SECRETS;
export type Authentication = 'bearerToken' | 'apiKey';

/**
 * A credential pointing at the double through "Custom URL". The API key variants differ on
 * purpose: SoftwareOne's goes in X-API-Key alone, Bold's in Authorization after "ApiKey".
 */
export function doubleCredential(
	baseUrl: string,
	service: Service,
	authentication: Authentication,
	secret: string = DOUBLE_SECRETS[service][authentication],
): StoredCredential {
	const where = { environment: 'custom', customUrl: baseUrl, customService: service };
	if (authentication === 'bearerToken') {
		return { type: 'userInvitationBearerTokenApi', data: { ...where, token: secret } };
	}
	const header = service === 'softwareOne' ? { headerName: 'X-API-Key', prefix: '' } : { headerName: 'Authorization', prefix: 'ApiKey' };
	return { type: 'userInvitationApiKeyApi', data: { ...where, apiKey: secret, ...header } };
}

/** What n8n's credential Test returns, and so what the credential dialog shows on an error. */
export interface TestButtonResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Presses the credential's Test button the way n8n 2.41's credential tester does for a declarative
 * test: resolve the request, sign it (an error thrown there becomes the message), send it; a 2xx is
 * "Connection successful!", otherwise the first `responseCode` rule for the status gives the message,
 * and without one the server's reason phrase does. test/e2e/credentialTest.e2e.test.ts checks the
 * same outcomes in real n8n.
 */
export async function pressTestButton(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<TestButtonResult & { sent?: { url: string; headers: IDataObject } }> {
	const request = resolveTestRequest(credentialType, credentials);
	let signed: IHttpRequestOptions;
	try {
		signed = await applyAuthentication(credentialType, credentials, { url: request.baseURL + request.url, method: 'GET' });
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const headers = (signed.headers ?? {}) as Record<string, string>;
	const sent = { url: signed.url, headers: headers as IDataObject };
	// Tests reach loopback only: a request signed for any other host is reported, never sent.
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(signed.url).hostname)) {
		return { status: 'OK', message: `(not sent: the Test would have called ${signed.url})`, sent };
	}
	const response = await fetch(signed.url, { method: request.method, headers, redirect: 'manual' });
	await response.arrayBuffer();
	if (response.status >= 200 && response.status < 300) return { status: 'OK', message: 'Connection successful!', sent };
	const rule = credentialType.test?.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status,
	);
	const message = rule?.properties.message ?? (response.statusText || `Received HTTP status code: ${response.status}`);
	return { status: 'Error', message, sent };
}
