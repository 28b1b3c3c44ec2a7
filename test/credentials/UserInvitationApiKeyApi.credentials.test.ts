import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../credentials/UserInvitationApiKeyApi.credentials';
import { applyAuthentication, resolveTestRequest } from '../helpers/credentials';

const credential = new UserInvitationApiKeyApi();
const KEY = 'bold-valid-key';

const headersFor = async (fields: ICredentialDataDecryptedObject) =>
	(
		await applyAuthentication(
			credential,
			{ environment: 'bold', apiKey: KEY, ...fields },
			{ url: 'https://api.boldsmartlock.com/v1/account', headers: { Accept: 'application/json' } },
		)
	).headers;

describe('User Invitation API Key API credential', () => {
	it('is the type the node asks for, and hides the key', () => {
		expect(credential.name).toBe('userInvitationApiKeyApi');
		expect(credential.properties.find((property) => property.name === 'apiKey')).toMatchObject({
			type: 'string',
			required: true,
			typeOptions: { password: true },
		});
	});

	it('has the same Account ID field as the bearer token credential', () => {
		expect(credential.properties.find((property) => property.name === 'accountId')).toMatchObject({
			displayName: 'Account ID',
			displayOptions: { show: { environment: ['softwareOneProduction', 'softwareOneTest', 'custom'] } },
		});
	});

	it.each<[string, ICredentialDataDecryptedObject, Record<string, string>]>([
		['the defaults: the key alone in Authorization', { headerName: 'Authorization', prefix: '' }, { Authorization: KEY }],
		['a prefix, separated by one space', { headerName: 'Authorization', prefix: 'Bearer' }, { Authorization: `Bearer ${KEY}` }],
		['a prefix with stray spaces', { headerName: 'Authorization', prefix: '  ApiKey ' }, { Authorization: `ApiKey ${KEY}` }],
		['a prefix of only spaces (no prefix)', { headerName: 'Authorization', prefix: '   ' }, { Authorization: KEY }],
		['another header', { headerName: 'X-API-Key', prefix: '' }, { 'X-API-Key': KEY }],
		['another header with stray spaces', { headerName: '  X-API-Key ', prefix: 'Token' }, { 'X-API-Key': `Token ${KEY}` }],
		['an emptied header name (falls back to Authorization)', { headerName: '', prefix: '' }, { Authorization: KEY }],
		['fields missing from old data', {}, { Authorization: KEY }],
	])('header for %s', async (_, fields, expected) => {
		expect(await headersFor(fields)).toEqual({ Accept: 'application/json', ...expected });
	});

	it.each<[string, ICredentialDataDecryptedObject, string, string]>([
		['SoftwareOne production', { environment: 'softwareOneProduction' }, 'https://api.platform.softwareone.com', '/public/v1/accounts/account-users?limit=1'],
		['SoftwareOne test', { environment: 'softwareOneTest' }, 'https://api.s1.show', '/public/v1/accounts/account-users?limit=1'],
		['Bold', { environment: 'bold' }, 'https://api.boldsmartlock.com', '/v1/account'],
		['a custom URL tested as Bold', { environment: 'custom', customUrl: 'https://gw.example.com/bold/', customService: 'bold' }, 'https://gw.example.com/bold', '/v1/account'],
		['a custom URL tested as SoftwareOne', { environment: 'custom', customUrl: 'https://gw.example.com', customService: 'softwareOne' }, 'https://gw.example.com', '/public/v1/accounts/account-users?limit=1'],
		['SoftwareOne production with an Account ID', { environment: 'softwareOneProduction', accountId: 'ACC-1234-5678' }, 'https://api.platform.softwareone.com', '/public/v1/accounts/accounts/ACC-1234-5678/users?limit=1'],
	])('Test button for %s', (_, environment, baseURL, url) => {
		expect(resolveTestRequest(credential, { ...environment, apiKey: KEY })).toEqual({ baseURL, url, method: 'GET' });
	});
});
