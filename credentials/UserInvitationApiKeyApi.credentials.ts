import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { assertSignableCredential, credentialTest, environmentProperties } from './common/endpoints';

export class UserInvitationApiKeyApi implements ICredentialType {
	name = 'userInvitationApiKeyApi';

	displayName = 'User Invitation API Key API';

	icon = {
		light: 'file:../nodes/UserInvitation/userInvitation.svg',
		dark: 'file:../nodes/UserInvitation/userInvitation.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/user-invitations/n8n-nodes-user-invitations#credentials';

	properties: INodeProperties[] = [
		...environmentProperties,
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			required: true,
			description:
				'The request header that carries the key. Bold documents the Authorization header; a gateway may want another one, such as X-API-Key.',
		},
		{
			displayName: 'Prefix',
			name: 'prefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. Bearer',
			description:
				'Optional word sent before the key, separated by a space (for example "Bearer" or "ApiKey"). Leave empty to send the key alone.',
		},
	];

	// A function, not a generic {{ }} template: see UserInvitationBearerTokenApi.
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		assertSignableCredential(credentials);
		const headerName = String(credentials.headerName ?? '').trim() || 'Authorization';
		const prefix = String(credentials.prefix ?? '').trim();
		const apiKey = String(credentials.apiKey ?? '').trim();
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, [headerName]: prefix ? `${prefix} ${apiKey}` : apiKey },
		};
	};

	test: ICredentialTestRequest = credentialTest;
}
