import type { IDataObject } from 'n8n-workflow';
import { emailPattern, matchesFilters } from '../../../nodes/UserInvitationTrigger/filters';

const user = (email: unknown, groups: unknown = [{ id: 'UGR-1234-5678' }]) => ({ id: 'AUSR-1', user: { email }, groups }) as IDataObject;

describe('e-mail pattern', () => {
	test.each([
		['*@contoso.com', 'ada@contoso.com', true],
		['*@contoso.com', 'ADA@Contoso.COM', true],
		['*@contoso.com', 'ada@contoso.com.evil.example', false],
		['*@contoso.com', 'ada@contosoXcom', false],
		['ada?@example.com', 'ada1@example.com', true],
		['ada?@example.com', 'ada@example.com', false],
		['a+b@example.com', 'a+b@example.com', true],
		['a+b@example.com', 'aab@example.com', false],
		['(x)|[y]$^\\@example.com', '(x)|[y]$^\\@example.com', true],
		['hr.*', 'hr.team@example.com', true],
		['hr.*', 'hrXteam@example.com', false],
	])('%s matches %s: %s', (pattern, email, expected) => {
		expect(emailPattern(pattern).test(email)).toBe(expected);
	});
});

describe('matchesFilters', () => {
	test('no filters: everyone', () => {
		expect(matchesFilters(user('a@example.com'), {})).toBe(true);
		expect(matchesFilters({ id: 'AUSR-1' }, {})).toBe(true);
	});

	test('group: by group ID, in objects or plain IDs; users without groups do not match', () => {
		expect(matchesFilters(user('a@example.com'), { groupId: 'UGR-1234-5678' })).toBe(true);
		expect(matchesFilters(user('a@example.com', ['UGR-1234-5678']), { groupId: 'UGR-1234-5678' })).toBe(true);
		expect(matchesFilters(user('a@example.com', [{ id: 'UGR-0000-0000' }]), { groupId: 'UGR-1234-5678' })).toBe(false);
		expect(matchesFilters(user('a@example.com', null), { groupId: 'UGR-1234-5678' })).toBe(false);
	});

	test('e-mail: users without an address do not match', () => {
		expect(matchesFilters(user(' a@example.com '), { email: emailPattern('*@example.com') })).toBe(true);
		expect(matchesFilters(user(undefined), { email: emailPattern('*') })).toBe(false);
	});

	test('both filters must match', () => {
		const filters = { groupId: 'UGR-1234-5678', email: emailPattern('*@example.com') };
		expect(matchesFilters(user('a@example.com'), filters)).toBe(true);
		expect(matchesFilters(user('a@other.example'), filters)).toBe(false);
		expect(matchesFilters(user('a@example.com', []), filters)).toBe(false);
	});
});
