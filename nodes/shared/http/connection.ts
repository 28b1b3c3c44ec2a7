import type { ICredentialsDecrypted, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	baseUrlRefusal,
	checkBaseUrl,
	checkCredentialAccountId,
	ENVIRONMENTS,
	type Service,
} from '../environments';

/** The n8n contexts that send requests: a run, a "From list" search, a trigger's poll. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_TYPES = {
	bearerToken: 'userInvitationBearerTokenApi',
	apiKey: 'userInvitationApiKeyApi',
} as const;

export type AuthenticationMethod = keyof typeof CREDENTIAL_TYPES;

/** Where requests go and which credential signs them; read once per node run. */
export interface Connection {
	credentialType: string;
	/**
	 * The credential as read at the start of the run, handed to every request: without it n8n's
	 * request helper reads and decrypts the credential again for each one.
	 */
	credential: ICredentialsDecrypted;
	baseUrl: string;
	service: Service;
	/** Every secret in the credential, so that error texts can be scrubbed of them. */
	secrets: string[];
	/** The credential's Account ID (checked, ACC-1234-5678), for account-scoped endpoints the node gives none for. */
	accountId?: string;
}

const SERVICE_NAMES: Record<Exclude<Service, 'custom'>, string> = {
	softwareOne: 'SoftwareOne Marketplace',
	bold: 'Bold Smart Lock',
};

/**
 * A node parameter from any context: while running, the second argument of getNodeParameter is
 * the item index; in a list search ("From list") and a poll it is the fallback value.
 */
export function readParameter(ctx: ApiContext, name: string, itemIndex: number, fallback: unknown): unknown {
	if ('getInputData' in ctx) return ctx.getNodeParameter(name, itemIndex, fallback);
	return ctx.getNodeParameter(name, fallback);
}

export async function resolveConnection(ctx: ApiContext): Promise<Connection> {
	const authentication = readParameter(ctx, 'authentication', 0, 'bearerToken') as string;
	const credentialType = CREDENTIAL_TYPES[authentication as AuthenticationMethod];
	if (!credentialType) {
		throw new NodeOperationError(ctx.getNode(), `Unknown authentication "${authentication}"`, {
			description: 'Choose "Bearer Token" or "API Key" in the node\'s Authentication field.',
		});
	}
	const credentials = await ctx.getCredentials(credentialType);
	const environment = String(credentials.environment ?? '');
	const preset = ENVIRONMENTS.find((e) => e.value === environment);
	let baseUrl = preset?.baseUrl ?? '';
	if (!preset) {
		const check = checkBaseUrl(credentials.customUrl);
		if (!check.ok) {
			const { message, fix } = baseUrlRefusal(check);
			throw new NodeOperationError(ctx.getNode(), message, { description: fix });
		}
		baseUrl = check.baseUrl;
	}
	const account = checkCredentialAccountId(credentials);
	if (!account.ok) throw new NodeOperationError(ctx.getNode(), account.message, { description: account.fix });
	// Every secret, however short: a text that echoes it must not show it (scrubbed as is and trimmed).
	const secrets = [credentials.token, credentials.apiKey]
		.flatMap((secret) => (typeof secret === 'string' ? [secret, secret.trim()] : []))
		.filter((secret) => secret !== '');
	const chosen = ctx.getNode().credentials?.[credentialType];
	const credential: ICredentialsDecrypted = {
		id: chosen?.id ?? '',
		name: chosen?.name ?? '',
		type: credentialType,
		data: credentials,
	};
	return {
		credentialType,
		credential,
		baseUrl,
		service: preset ? preset.service : 'custom',
		secrets,
		accountId: account.accountId,
	};
}

/** The error for an operation whose credential points at the other vendor; undefined when it fits. */
export function serviceMismatch(
	ctx: ApiContext,
	connection: Connection,
	required: Exclude<Service, 'custom'>,
	operationName: string,
): NodeOperationError | undefined {
	if (connection.service === 'custom' || connection.service === required) return undefined;
	return new NodeOperationError(
		ctx.getNode(),
		`${operationName} needs a ${SERVICE_NAMES[required]} credential, but the selected credential points at ${SERVICE_NAMES[connection.service]}`,
		{
			description: `Select a credential whose Service is ${SERVICE_NAMES[required]} (or a Custom URL), or pick an operation that ${SERVICE_NAMES[connection.service]} offers.`,
		},
	);
}
