import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../credentials/UserInvitationBearerTokenApi.credentials';
import { useDouble } from '../double/helpers';
import {
	applyAuthentication,
	DOUBLE_SECRETS,
	doubleCredential,
	resolveTestRequest,
	type Authentication,
	type Service,
} from '../helpers/credentials';

/** The credential Test button against the API double: the resolved request, signed as n8n signs it. */

const double = useDouble();

const TYPES: Record<string, ICredentialType> = {
	userInvitationBearerTokenApi: new UserInvitationBearerTokenApi(),
	userInvitationApiKeyApi: new UserInvitationApiKeyApi(),
};

async function pressTest(type: string, data: ICredentialDataDecryptedObject): Promise<{ status: number; path: string }> {
	const credential = TYPES[type];
	const request = resolveTestRequest(credential, data);
	const signed = await applyAuthentication(credential, data, { url: request.baseURL + request.url, method: 'GET' });
	const response = await fetch(signed.url, { method: request.method, headers: signed.headers as Record<string, string> });
	await response.arrayBuffer();
	return { status: response.status, path: new URL(signed.url).pathname };
}

const CASES: Array<[Service, Authentication, string]> = [
	['softwareOne', 'bearerToken', '/public/v1/accounts/account-users'],
	['softwareOne', 'apiKey', '/public/v1/accounts/account-users'],
	['bold', 'bearerToken', '/v1/account'],
	['bold', 'apiKey', '/v1/account'],
];

describe('credential Test against the double', () => {
	it.each(CASES)('%s with %s: a valid secret passes', async (service, authentication, path) => {
		const { type, data } = doubleCredential(double.url, service, authentication);

		expect(await pressTest(type, data)).toEqual({ status: 200, path });
	});

	it.each(CASES)('%s with %s: a wrong secret fails with 401', async (service, authentication) => {
		const { type, data } = doubleCredential(double.url, service, authentication, 'not-a-valid-secret');

		expect((await pressTest(type, data)).status).toBe(401);
	});

	it('a SoftwareOne token tested as Bold fails: each vendor only accepts its own', async () => {
		const { type, data } = doubleCredential(double.url, 'bold', 'bearerToken', DOUBLE_SECRETS.softwareOne.bearerToken);

		expect(await pressTest(type, data)).toEqual({ status: 401, path: '/v1/account' });
	});
});
