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
		['*', '', true],
		['**@*.example.com', 'a@b.example.com', true],
		['*a*b*', 'xxaxxbxx', true],
		['*a*b*', 'xxbxxaxx', false],
		['*ab*ab', 'abab', true],
		['*ab*ab', 'aab', false],
		['a*a', 'a', false],
		['?*?', 'ab', true],
		['?*?', 'a', false],
		['*.?om', 'x@y.com', true],
	])('%s matches %s: %s', (pattern, email, expected) => {
		expect(emailPattern(pattern).test(email)).toBe(expected);
	});
});

describe('e-mail pattern under pressure (issue 26)', () => {
	test('a 40,000-character address against *@*.example.com does not block: skipped at once', () => {
		const matcher = emailPattern('*@*.example.com');
		const started = performance.now();
		expect(matcher.test('@'.repeat(40_000))).toBe(false);
		expect(matcher.test(`${'@'.repeat(20_000)}.example.com`)).toBe(false);
		expect(performance.now() - started).toBeLessThan(50);
	});

	test('the worst pattern against the longest address takes well under a few milliseconds', () => {
		const matcher = emailPattern(`${'*a'.repeat(150)}*b`);
		const started = performance.now();
		for (let i = 0; i < 10; i++) expect(matcher.test('a'.repeat(320))).toBe(false);
		expect(performance.now() - started).toBeLessThan(100);
	});

	test('addresses longer than 320 characters are never matched, even by *', () => {
		expect(emailPattern('*').test(`${'a'.repeat(310)}@example.com`)).toBe(false);
		expect(emailPattern('*').test(`${'a'.repeat(308)}@example.com`)).toBe(true);
		expect(matchesFilters(user(`${'a'.repeat(400)}@example.com`), { email: emailPattern('*@example.com') })).toBe(false);
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
