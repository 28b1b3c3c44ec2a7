import type { INode } from 'n8n-workflow';
import { buildAccountUserPaths, simplifyAccountUser } from '../../../../nodes/UserInvitation/helpers/accountUsers';
import { segment } from '../../../../nodes/UserInvitation/helpers/url';

const origin = { ctx: { getNode: () => ({ name: 'User Invitation' }) as INode }, itemIndex: 0, label: 'User' };

describe('buildAccountUserPaths', () => {
	it.each([
		['accountUsers', undefined, '/public/v1/accounts/account-users'],
		['accountScoped', 'ACC-1234-5678', '/public/v1/accounts/ACC-1234-5678/users'],
		['accountsAccounts', 'ACC-1234-5678', '/public/v1/accounts/accounts/ACC-1234-5678/users'],
	] as const)('%s', (family, account, collection) => {
		const paths = buildAccountUserPaths(family, account === undefined ? undefined : segment(origin, account));
		expect(paths.collection).toBe(collection);
		expect(paths.user(segment(origin, 'AUSR-1/2'))).toBe(`${collection}/AUSR-1%2F2`);
	});
});

describe('simplifyAccountUser', () => {
	it('leaves out what the API left out, instead of writing undefined or empty strings', () => {
		expect(simplifyAccountUser({ id: 'AUSR-1', user: { email: 'a@b.com' } })).toEqual({
			id: 'AUSR-1',
			email: 'a@b.com',
			groupIds: [],
		});
	});
});
