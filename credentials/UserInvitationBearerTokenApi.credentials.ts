import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { baseUrlExpression, environmentProperties, testPathExpression } from './common/endpoints';

export class UserInvitationBearerTokenApi implements ICredentialType {
	name = 'userInvitationBearerTokenApi';

	displayName = 'User Invitation Bearer Token API';

	icon = {
		light: 'file:../nodes/UserInvitation/userInvitation.svg',
		dark: 'file:../nodes/UserInvitation/userInvitation.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/user-invitations/n8n-nodes-user-invitations#credentials';

	properties: INodeProperties[] = [
		...environmentProperties,
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'SoftwareOne: an API token from the Marketplace portal (idt:TKN-…) or a user JWT. Bold: an access token from POST /v2/oauth/token. Sent as "Authorization: Bearer &lt;token&gt;".',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression,
			url: testPathExpression,
			method: 'GET',
		},
	};
}
