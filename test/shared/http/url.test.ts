import type { INode } from 'n8n-workflow';
import {
	apiPath,
	apiQuery,
	childPath,
	type Origin,
	rqlAnd,
	rqlContains,
	rqlEnum,
	rqlEq,
	rqlId,
	rqlIlike,
	rqlIn,
	rqlOr,
	rqlText,
	segment,
	subPath,
} from '../../../nodes/shared/http/url';
import { refusal } from '../../helpers/refusal';

// What the URL module decides is what goes on the wire (the path and query a request carries) or
// the error a user reads instead, naming the field and the item.
const ctx = { getNode: () => ({ name: 'User Invitation' }) as INode };
const user: Origin = { ctx, itemIndex: 2, label: 'User' };
const email: Origin = { ctx, itemIndex: 1, label: 'Email' };
const USER_ID = { pattern: /^AUSR-\d{4}-\d{4}$/, expected: 'an account user ID like AUSR-0000-0001' };
const ACCOUNT_ID = { pattern: /^ACC-\d{4}-\d{4}$/, expected: 'an account ID like ACC-1234-5678' };


describe('segment and apiPath: the path that goes out', () => {
	it('percent-encodes each value in its gap, the fixed parts as written', () => {
		const id = segment(user, 'a b/c?d#e%');
		expect(apiPath`/public/v1/users/${id}/invite`).toBe('/public/v1/users/a%20b%2Fc%3Fd%23e%25/invite');
		expect(apiPath`/v2/users/${segment(user, '42')}/x/${segment(user, 'y')}`).toBe('/v2/users/42/x/y');
		expect(apiPath`/v2/users`).toBe('/v2/users');
	});

	it('childPath and subPath extend a built path', () => {
		const base = apiPath`/public/v1/accounts/account-users`;
		expect(childPath(base, segment(user, 'AUSR-0000-0001', USER_ID))).toBe('/public/v1/accounts/account-users/AUSR-0000-0001');
		expect(subPath(childPath(base, segment(user, 'u 1')), '/send-new-invite')).toBe('/public/v1/accounts/account-users/u%201/send-new-invite');
	});

	it('refuses what is not a segment or a fixed step (a programming error, never a user value)', () => {
		const base = apiPath`/v2/users`;
		const fake = { encoded: '..' } as unknown as ReturnType<typeof segment>;
		expect(() => apiPath`/v2/users/${fake}`).toThrow('apiPath takes only segments built by segment()');
		expect(() => childPath(base, fake)).toThrow('childPath takes only segments built by segment()');
		expect(() => subPath(base, '/../admin' as `/${string}`)).toThrow('"/../admin" is not a fixed path step');
		expect(() => subPath(base, '/Send' as `/${string}`)).toThrow('"/Send" is not a fixed path step');
		expect(() => subPath(base, '/ok/../admin' as `/${string}`)).toThrow('"/ok/../admin" is not a fixed path step');
		expect(subPath(base, '/a-b/c')).toBe('/v2/users/a-b/c');
	});

	it.each([
		['', 'User is required but empty [item 2]', 'Enter a value in "User".'],
		['.', 'User "." is not a valid ID [item 2]', '"User" must be the ID of one record; "." and ".." are path steps, not IDs.'],
		['..', 'User ".." is not a valid ID [item 2]', '"User" must be the ID of one record; "." and ".." are path steps, not IDs.'],
		['a\nb', 'User "a\\nb" is not a valid ID [item 2]', '"User" must be one ID of at most 200 characters, without line breaks or control characters.'],
		['a\u001fb', 'User "a\\u001fb" is not a valid ID [item 2]', '"User" must be one ID of at most 200 characters, without line breaks or control characters.'],
		['a\u007fb', 'User "a\u007fb" is not a valid ID [item 2]', '"User" must be one ID of at most 200 characters, without line breaks or control characters.'],
		['x'.repeat(201), `User "${'x'.repeat(60)}…" is not a valid ID [item 2]`, '"User" must be one ID of at most 200 characters, without line breaks or control characters.'],
	])('refuses %j as a path segment', (raw, message, description) => {
		const error = refusal(() => segment(user, raw));
		expect(error.message).toBe(message);
		expect(error.description).toBe(description);
	});

	it('quotes a value of up to 60 characters whole in the error, a longer one cut with an ellipsis', () => {
		const shape = { pattern: /^\d+$/, expected: 'digits' };
		expect(refusal(() => segment(user, 'x'.repeat(60), shape)).message).toBe(`User "${'x'.repeat(60)}" is not valid [item 2]`);
		expect(refusal(() => segment(user, 'x'.repeat(61), shape)).message).toBe(`User "${'x'.repeat(60)}…" is not valid [item 2]`);
	});

	it('takes 200 characters, "..." and a space (the first character after the control ones); checks the documented shape', () => {
		expect(segment(user, 'x'.repeat(200)).encoded).toBe('x'.repeat(200));
		expect(segment(user, '...').encoded).toBe('...');
		expect(segment(user, ' ').encoded).toBe('%20');
		const error = refusal(() => segment(user, 'AUSR-1', USER_ID));
		expect(error.message).toBe('User "AUSR-1" is not valid [item 2]');
		expect(error.description).toBe('User must be an account user ID like AUSR-0000-0001.');
	});
});

describe('RQL: the filter that goes out', () => {
	it('quotes a text and percent-encodes what means something in a query string', () => {
		expect(rqlText(email, 'ada@example.com').text).toBe('"ada%40example.com"');
		expect(rqlText(email, "a&b#c+d%e,f(g)h'i!j*k l").text).toBe('"a%26b%23c%2Bd%25e%2Cf%28g%29h%27i%21j%2Ak%20l"');
		expect(rqlEq('user.email', rqlText(email, 'a@b.co')).text).toBe('eq(user.email,"a%40b.co")');
	});

	it.each([['say "hi"'], ['back\\slash'], ['line\nbreak'], ['tab\there']])('refuses %j, which RQL cannot quote', (value) => {
		const error = refusal(() => rqlText(email, value));
		expect(error.message).toBe(`Email ${JSON.stringify(value)} contains a character the API's query language cannot take [item 1]`);
		expect(error.description).toBe('Remove double quotes ("), backslashes (\\) and line breaks from "Email".');
	});

	it('takes 320 characters and refuses 321', () => {
		expect(rqlText(email, 'x'.repeat(320)).text).toBe(`"${'x'.repeat(320)}"`);
		const error = refusal(() => rqlText(email, 'x'.repeat(321)));
		expect(error.message).toBe('Email is 321 characters long; at most 320 can be searched for [item 1]');
		expect(error.description).toBe('Shorten "Email".');
	});

	it('a contains-search is the quoted term between wildcards', () => {
		expect(rqlIlike('user.name', rqlContains(email, 'de Vries')).text).toBe('ilike(user.name,"*de%20Vries*")');
		expect(() => rqlContains(email, 'a"b')).toThrow('contains a character');
	});

	it('an options value must be one of the list; anything else names what was given', () => {
		const statuses = ['Invited', 'Active'] as const;
		expect(rqlEnum(user, 'Active', statuses).text).toBe('Active');
		const wrong = refusal(() => rqlEnum(user, 'active', statuses));
		expect(wrong.message).toBe('User "active" is not one of the allowed values [item 2]');
		expect(wrong.description).toBe('Use one of: Invited, Active.');
		expect(refusal(() => rqlEnum(user, 3, statuses)).message).toBe('User (number) is not one of the allowed values [item 2]');
	});

	it('an id is written bare only when it has its documented shape and only letters, digits and dashes', () => {
		expect(rqlEq('account.id', rqlId(user, 'ACC-1234-5678', ACCOUNT_ID)).text).toBe('eq(account.id,ACC-1234-5678)');
		const error = refusal(() => rqlId(user, 'ACC-1234-567', ACCOUNT_ID));
		expect(error.message).toBe('User "ACC-1234-567" is not valid [item 2]');
		expect(error.description).toBe('User must be an account ID like ACC-1234-5678.');
		const loose = { pattern: /^ACC/, expected: 'an account ID' };
		expect(() => rqlId(user, 'ACC-1,eq(x,1)', loose)).toThrow('User "ACC-1,eq(x,1)" is not valid [item 2]');
		expect(() => rqlId(user, 'ACC,or(x)-1', loose)).toThrow('User "ACC,or(x)-1" is not valid [item 2]');
	});

	it('and/or combine conditions; one condition stands alone, none is no filter', () => {
		const a = rqlEq('user.email', rqlText(email, 'a'));
		const b = rqlEq('invitation.status', rqlEnum(user, 'Invited', ['Invited']));
		expect(rqlAnd([])).toBeUndefined();
		expect(rqlAnd([a])?.text).toBe('eq(user.email,"a")');
		expect(rqlAnd([a, b])?.text).toBe('and(eq(user.email,"a"),eq(invitation.status,Invited))');
		expect(rqlOr(a, b).text).toBe('or(eq(user.email,"a"),eq(invitation.status,Invited))');
	});

	it('in: one list of checked values, as the platform writes it; never empty, never raw text', () => {
		const ids = ['AUSR-0000-0001', 'AUSR-0000-0002'].map((id) => rqlId(user, id, USER_ID));
		expect(rqlIn('id', ids).text).toBe('in(id,(AUSR-0000-0001,AUSR-0000-0002))');
		expect(rqlIn('user.email', [rqlText(email, 'a,b)@example.com'), rqlText(email, 'c@example.com')]).text).toBe(
			'in(user.email,("a%2Cb%29%40example.com","c%40example.com"))',
		);
		expect(() => rqlIn('id', [])).toThrow(TypeError);
		expect(() => rqlIn('id', [{ text: 'x))' } as never])).toThrow(TypeError);
	});
});

describe('apiQuery: the query string', () => {
	it('RQL first, then select, limit and offset, joined by &', () => {
		const filter = rqlEq('user.email', rqlText(email, 'a@b.co'));
		expect(apiQuery({ rql: filter, select: ['audit'], limit: 100, offset: 200 })).toBe('eq(user.email,"a%40b.co")&select=+audit&limit=100&offset=200');
		expect(apiQuery({ limit: 0, offset: 0 })).toBe('limit=0&offset=0');
		expect(apiQuery({ select: [] })).toBe('');
		expect(apiQuery({})).toBe('');
	});

	it('refuses paging values the node never sends, and RQL not built here', () => {
		expect(apiQuery({ limit: 1000 })).toBe('limit=1000');
		expect(() => apiQuery({ limit: 1001 })).toThrow('limit=1001 is not a paging value the node sends');
		expect(() => apiQuery({ limit: -1 })).toThrow('limit=-1 is not a paging value the node sends');
		expect(() => apiQuery({ offset: 1.5 })).toThrow('offset=1.5 is not a paging value the node sends');
		expect(() => apiQuery({ rql: { text: 'x' } as never })).toThrow('apiQuery takes only RQL built here');
	});

	it('order: after select, before paging; only the properties named in url.ts', () => {
		expect(apiQuery({ select: ['audit'], order: [{ property: 'id' }], limit: 100, offset: 0 })).toBe('select=+audit&order=id&limit=100&offset=0');
		expect(apiQuery({ order: [{ property: 'id', descending: true }] })).toBe('order=-id');
		expect(apiQuery({ order: [] })).toBe('');
		expect(() => apiQuery({ order: [{ property: 'id)&x=(' as never }] })).toThrow('is not an order the node sends');
	});
});
