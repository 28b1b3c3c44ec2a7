import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { assertSignableCredential, credentialTest, environmentProperties } from './common/endpoints';

export class UserInvitationBearerTokenApi implements ICredentialType {
	name = 'userInvitationBearerTokenApi';

	displayName = 'User Invitation Bearer Token API';

	icon = {
		light: 'file:../nodes/UserInvitation/userInvitation.svg',
		dark: 'file:../nodes/UserInvitation/userInvitation.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/user-invitations/n8n-nodes-user-invitations#credentials';

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

	// A function, not a generic {{ }} template: n8n evaluates templates in its expression sandbox on
	// every request, which was a fifth of the node's CPU per item in `npm run bench`.
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		assertSignableCredential(credentials);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.token ?? '').trim()}` },
		};
	};

	test: ICredentialTestRequest = credentialTest;
}
