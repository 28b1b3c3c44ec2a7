import type { INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../../nodes/UserInvitation/UserInvitation.node';
import { control, useDouble } from '../../../double/helpers';
import { doubleCredential, listSearch } from '../../../helpers/workflow';

/** The "From List" picker of the User field, in n8n-core's LoadOptionsContext against the double. */

const double = useDouble();

const search = async (parameters: INodeParameters = {}, filter?: string, paginationToken?: string) =>
	await listSearch({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { resource: 'accountUser', operation: 'resendInvite', ...parameters },
		credential: doubleCredential(double.url, 'softwareOne', 'bearerToken'),
		method: 'searchAccountUsers',
		filter,
		paginationToken,
	});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const queries = async () => ((await control(double.url, 'GET', '/state')).requests as any[]).map((r) => `${r.path}?${decodeURIComponent(r.query)}`);

describe('searchAccountUsers', () => {
	it('lists the users by name and e-mail with their invitation state; the value is the account-user ID', async () => {
		const result = await search();

		expect(result).toEqual({
			results: [
				{ name: 'Ivy Invited <invited.user@example.com> — Invited', value: 'AUSR-0000-0001' },
				{ name: 'Adam Active <active.user@example.com> — Active', value: 'AUSR-0000-0002' },
				{ name: 'Eve Expired <expired.user@example.com> — InvitationExpired', value: 'AUSR-0000-0003' },
			],
			paginationToken: undefined,
		});
		expect(await queries()).toEqual(['/public/v1/accounts/account-users?limit=50&offset=0']);
	});

	it('searches e-mail and name, ignoring case', async () => {
		expect((await search({}, 'EXPIRED')).results.map((r) => r.value)).toEqual(['AUSR-0000-0003']);
		expect((await search({}, 'adam')).results.map((r) => r.value)).toEqual(['AUSR-0000-0002']);
	});

	it('pages 50 at a time', async () => {
		await control(double.url, 'POST', '/seed', {
			softwareOneUsers: Array.from({ length: 57 }, (_, i) => ({ email: `person${i}@example.com` })),
		});

		const first = await search();
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await search({}, undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
	});

	it('searches on the chosen account-scoped family', async () => {
		await search({ endpointFamily: 'accountsAccounts', scopeAccountId: 'ACC-1234-5678' });

		expect(await queries()).toEqual(['/public/v1/accounts/accounts/ACC-1234-5678/users?limit=50&offset=0']);
	});
});
