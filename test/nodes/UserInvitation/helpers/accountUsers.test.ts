import {
	buildAccountUserPaths,
	rqlAll,
	rqlString,
	simplifyAccountUser,
} from '../../../../nodes/UserInvitation/helpers/accountUsers';

describe('buildAccountUserPaths', () => {
	it.each([
		['accountUsers', undefined, '/public/v1/accounts/account-users'],
		['accountScoped', 'ACC-1234-5678', '/public/v1/accounts/ACC-1234-5678/users'],
		['accountsAccounts', 'ACC-1234-5678', '/public/v1/accounts/accounts/ACC-1234-5678/users'],
	] as const)('%s', (family, account, collection) => {
		const paths = buildAccountUserPaths(family, account);
		expect(paths.collection).toBe(collection);
		expect(paths.user('AUSR-1/2')).toBe(`${collection}/AUSR-1%2F2`);
	});
});

describe('RQL', () => {
	it('quotes strings and encodes what would end the value or the query', () => {
		expect(rqlString('a@b.com')).toBe('"a%40b.com"');
		expect(rqlString('x,y)&z=1 "q"')).toBe('"x%2Cy)%26z%3D1%20%22q%22"');
	});

	it('joins conditions with and() only when there are several', () => {
		expect(rqlAll([])).toBe('');
		expect(rqlAll(['eq(a,1)'])).toBe('eq(a,1)');
		expect(rqlAll(['eq(a,1)', 'eq(b,2)'])).toBe('and(eq(a,1),eq(b,2))');
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
