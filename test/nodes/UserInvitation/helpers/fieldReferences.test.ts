import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../../nodes/UserInvitation/UserInvitation.node';
import {
	compileMapper,
	fieldReferencePath,
	lookUp,
	readCompiledMapper,
} from '../../../../nodes/UserInvitation/helpers/fieldReferences';
import { RunParameters } from '../../../../nodes/UserInvitation/helpers/parameters';
import { doubleCredential, executeContext } from '../../../helpers/workflow';

describe('fieldReferencePath: what dragging a field in writes, and nothing else', () => {
	it.each<[string, string[]]>([
		['={{ $json.email }}', ['email']],
		['={{$json.email}}', ['email']],
		['={{ $json["first name"] }}', ['first name']],
		["={{ $json['last-name'] }}", ['last-name']],
		['={{ $json.hire.email }}', ['hire', 'email']],
		['={{ $json.hire["e-mail"].value }}', ['hire', 'e-mail', 'value']],
		['={{ $json.$id }}', ['$id']],
	])('%s → %j', (expression, path) => {
		expect(fieldReferencePath(expression)).toEqual(path);
	});

	it.each([
		'{{ $json.email }}', // no leading "=": a fixed text, not an expression
		'={{ $json }}',
		'={{ $json.email.trim() }}',
		'={{ $json.email }} ',
		'=Mr {{ $json.lastName }}',
		'={{ $json.a }}{{ $json.b }}',
		'={{ $json.list[0] }}',
		'={{ $json["a\\"b"] }}',
		'={{ $input.item.json.email }}',
		'={{ $("Webhook").item.json.email }}',
		'={{ $json.email || "none" }}',
		'={{ $json.__proto__ }}',
		'={{ $json["__proto__"].polluted }}',
		'={{ $json.1st }}',
	])('%s is left to n8n', (expression) => {
		expect(fieldReferencePath(expression)).toBeUndefined();
	});
});

describe('lookUp', () => {
	it('gives strings, numbers, booleans and null as they are, and a missing field as nothing', () => {
		const json = { s: 'a', n: 0, b: false, z: null, nested: { s: 'x' } };
		expect(['s', 'n', 'b', 'z'].map((key) => lookUp(json, [key]))).toEqual([
			{ found: true, value: 'a' },
			{ found: true, value: 0 },
			{ found: true, value: false },
			{ found: true, value: null },
		]);
		expect(lookUp(json, ['nested', 's'])).toEqual({ found: true, value: 'x' });
		expect(lookUp(json, ['missing'])).toEqual({ found: true, value: undefined });
	});

	it('leaves objects, lists, inherited names and paths through a non-object to n8n', () => {
		const json = { o: { a: 1 }, l: [1], s: 'text', nan: Number.NaN };
		for (const path of [['o'], ['l'], ['constructor'], ['toString'], ['s', 'length'], ['l', '0'], ['nan'], ['missing', 'deeper']]) {
			expect(lookUp(json, path)).toEqual({ found: false });
		}
	});
});

describe('compileMapper', () => {
	it('keeps fixed values and field references apart', () => {
		const compiled = compileMapper({ mappingMode: 'defineBelow', value: { email: '={{ $json.mail }}', firstName: 'Ann', phone: 5 } });
		expect(compiled).toEqual({ fixed: { firstName: 'Ann', phone: 5 }, references: [{ key: 'email', path: ['mail'] }] });
		expect(readCompiledMapper(compiled!, { mail: 'ann@example.com' })).toEqual({ firstName: 'Ann', phone: 5, email: 'ann@example.com' });
		expect(readCompiledMapper(compiled!, { mail: { nested: true } })).toBeUndefined();
	});

	it.each([
		['another expression beside a reference', { value: { email: '={{ $json.mail }}', firstName: '={{ $json.name.split(" ")[0] }}' } }],
		['no expression at all', { value: { email: 'ann@example.com' } }],
		['the mapper as one expression', '={{ $json.user }}'],
		['a value that is an object', { value: { email: '={{ $json.mail }}', extra: { a: 1 } } }],
		['no value', { value: null }],
		['a list as value', { value: ['={{ $json.mail }}'] }],
	])('leaves %s to n8n', (_, stored) => {
		expect(compileMapper(stored)).toBeUndefined();
	});
});

/**
 * The values a field reference gives must be exactly the ones n8n's own expression engine gives:
 * the same mapper is read both ways, in a real n8n-core ExecuteContext, for items of every kind.
 */
describe('the same values as n8n evaluating the expressions', () => {
	const items: IDataObject[] = [
		{ email: 'ann@example.com', 'first name': 'Ann', hire: { last: 'Lee' } },
		{ email: '', 'first name': '  spaced  ', hire: { last: 'Ünïcödé ✓' } },
		{ email: 42, 'first name': 0, hire: { last: true } },
		{ email: null, 'first name': false, hire: { last: null } },
		{ 'first name': 'Only' },
		{ email: 'x', hire: {} },
		{ email: ['a@example.com'], 'first name': { nested: 'object' }, hire: { last: [1, 2] } },
		{ email: 'a@example.com', hire: 'not an object' },
		{ email: 'a@example.com', 'first name': 'Ann' },
	];
	const user: INodeParameters = {
		mappingMode: 'defineBelow',
		value: {
			email: '={{ $json.email }}',
			firstName: '={{ $json["first name"] }}',
			lastName: '={{ $json.hire.last }}',
			languageCode: 'en',
		},
	};

	it.each(items.map((item, index) => [index, item]))('item %i: %j', (index) => {
		const { context } = executeContext({
			nodeClass: UserInvitation,
			credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
			parameters: { resource: 'accountUser', operation: 'create', user, groupIds: 'UGR-1234-5678' },
			credential: doubleCredential('http://127.0.0.1:9', 'softwareOne', 'bearerToken'),
			items,
		});
		const byN8n = (context.getNodeParameter('user', index as number) as { value: IDataObject }).value;

		expect(new RunParameters(context).mapperValues('user', index as number)).toStrictEqual(byN8n);
	});
});
