import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { UserInvitationBearerTokenApi } from '../../credentials/UserInvitationBearerTokenApi.credentials';
import { applyAuthentication, resolveTestRequest } from '../helpers/credentials';

const credential = new UserInvitationBearerTokenApi();
const TOKEN = 'idt:TKN-1234-5678:abcdef';

const SOFTWAREONE_TEST = '/public/v1/accounts/account-users?limit=1';
const BOLD_TEST = '/v1/account';
const ACCOUNT_TEST = '/public/v1/accounts/accounts/ACC-1234-5678/users?limit=1';

describe('User Invitation Bearer Token API credential', () => {
	it('is the type the node asks for, and hides the token', () => {
		expect(credential.name).toBe('userInvitationBearerTokenApi');
		const token = credential.properties.find((property) => property.name === 'token');
		expect(token).toMatchObject({ type: 'string', required: true, typeOptions: { password: true } });
	});

	it('offers an optional Account ID for SoftwareOne and a custom URL, not for Bold', () => {
		const field = credential.properties.find((property) => property.name === 'accountId');
		expect(field).toMatchObject({ displayName: 'Account ID', type: 'string', default: '', placeholder: 'ACC-1234-5678' });
		expect(field?.required).toBeFalsy();
		expect(field?.displayOptions).toEqual({ show: { environment: ['softwareOneProduction', 'softwareOneTest', 'custom'] } });
		expect(field?.description).toContain('like ACC-1234-5678');
		expect(field?.description).toContain('Find it as "accountId" in any Create User or Get Many result');
	});

	it('sends "Authorization: Bearer <token>", keeping the request\'s own headers', async () => {
		const options = await applyAuthentication(
			credential,
			{ environment: 'bold', token: TOKEN },
			{ url: 'https://x.example/v1/account', headers: { Accept: 'application/json' } },
		);

		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: `Bearer ${TOKEN}` });
	});

	it.each<[string, ICredentialDataDecryptedObject, string, string]>([
		['SoftwareOne production', { environment: 'softwareOneProduction' }, 'https://api.platform.softwareone.com', SOFTWAREONE_TEST],
		['SoftwareOne test', { environment: 'softwareOneTest' }, 'https://api.s1.show', SOFTWAREONE_TEST],
		['Bold', { environment: 'bold' }, 'https://api.boldsmartlock.com', BOLD_TEST],
		[
			'a custom URL tested as SoftwareOne',
			{ environment: 'custom', customUrl: ' https://api.s1.live/ ', customService: 'softwareOne' },
			'https://api.s1.live',
			SOFTWAREONE_TEST,
		],
		[
			'a custom URL tested as Bold',
			{ environment: 'custom', customUrl: 'http://127.0.0.1:4010//', customService: 'bold' },
			'http://127.0.0.1:4010',
			BOLD_TEST,
		],
		[
			'a custom URL without a chosen service (the default, SoftwareOne)',
			{ environment: 'custom', customUrl: 'https://gateway.example.com' },
			'https://gateway.example.com',
			SOFTWAREONE_TEST,
		],
		[
			'a preset, ignoring a leftover custom URL and service',
			{ environment: 'softwareOneTest', customUrl: 'https://ignored.example.com', customService: 'bold' },
			'https://api.s1.show',
			SOFTWAREONE_TEST,
		],
		['SoftwareOne production with an Account ID', { environment: 'softwareOneProduction', accountId: 'ACC-1234-5678' }, 'https://api.platform.softwareone.com', ACCOUNT_TEST],
		['SoftwareOne test with an Account ID in spaces', { environment: 'softwareOneTest', accountId: '  ACC-1234-5678 ' }, 'https://api.s1.show', ACCOUNT_TEST],
		[
			'a custom URL tested as SoftwareOne, with an Account ID',
			{ environment: 'custom', customUrl: 'https://gw.example.com', customService: 'softwareOne', accountId: 'ACC-1234-5678' },
			'https://gw.example.com',
			ACCOUNT_TEST,
		],
		[
			'a custom URL tested as Bold, ignoring an Account ID',
			{ environment: 'custom', customUrl: 'https://gw.example.com', customService: 'bold', accountId: 'ACC-1234-5678' },
			'https://gw.example.com',
			BOLD_TEST,
		],
		['Bold, ignoring a leftover Account ID', { environment: 'bold', accountId: 'ACC-1234-5678' }, 'https://api.boldsmartlock.com', BOLD_TEST],
		[
			'an Account ID of another shape (authenticate refuses it; the path never carries it)',
			{ environment: 'softwareOneProduction', accountId: 'ACC-1234-5678/../../x' },
			'https://api.platform.softwareone.com',
			SOFTWAREONE_TEST,
		],
		['an empty Account ID', { environment: 'softwareOneProduction', accountId: '' }, 'https://api.platform.softwareone.com', SOFTWAREONE_TEST],
	])('Test button for %s', (_, environment, baseURL, url) => {
		expect(resolveTestRequest(credential, { ...environment, token: TOKEN })).toEqual({ baseURL, url, method: 'GET' });
	});
});
