import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { accountUser, everyString, page, runNode, type RecordedRequest } from '../../helpers/context';
// The double's own RQL parser: what a server would read from the query.
const { parse: parseRql } = require('../../../tools/double/rql.js') as { parse: (text: string) => unknown };

/**
 * Property-based: arbitrary strings, numbers, arrays and objects in every parameter of every
 * operation (as expressions could give them), run through the node with a mocked n8n context and a
 * hostile server that echoes the secret. Whatever comes in:
 * - no request leaves the chosen path family (no dot segment, no extra path step);
 * - no RQL goes out that a server would read as more than the node meant;
 * - no secret appears in an output item or an error;
 * - a refused value is refused before any request, with the item (and a field) named.
 */

/** A secret with the characters that broke the old text-based scrubbing. */
const SECRET = 'idt:TKN-9999-0000:s"e\\c/r e+t';

const hostileValue = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.constantFrom(
		'.',
		'..',
		'',
		' ',
		'"',
		'\\',
		'a"),or(eq(id,"x@y.com',
		'%2e%2e',
		'../../x',
		'?x=1',
		'#f',
		'ACC-1234-5678',
		'AUSR-1234-5678',
		'UGR-1234-5678',
		'a@b.co',
		'5',
		'TRUE',
		'false',
		'Invited',
		'Active)&limit=1000&x=(',
		'2099-01-01T00:00:00+01:00',
		'2099-01-01T00:00:00+0100',
		SECRET,
	),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/** Each field may be left out (its default) or set to anything. */
const maybe = fc.option(hostileValue, { nil: undefined, freq: 3 });

const record = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) =>
	fc.record(shape).map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));

const options = record({ concurrency: maybe, maxRetries: maybe, maxRetryWait: maybe, timeout: maybe });
const endpoints = record({
	endpointFamily: fc.option(fc.oneof(fc.constantFrom('auto', 'accountUsers', 'accountScoped', 'accountsAccounts'), hostileValue), {
		nil: undefined,
	}),
	scopeAccountId: maybe,
});
const userLocator = hostileValue.map((value) => ({ __rl: true, mode: 'id', value }));

const userFields = record({
	email: maybe,
	firstName: maybe,
	lastName: maybe,
	phonePrefix: maybe,
	phoneNumber: maybe,
	cultureCode: maybe,
	languageCode: maybe,
});
const invitationFields = record({ userId: maybe, emailAddress: maybe, expiration: maybe, language: maybe, phoneNumber: maybe });
/**
 * A resource mapper mapped field by field. The same hostile values reach the node through "Map Automatically"
 * too: `itemFor` puts them into the input item's JSON.
 */
const mapped = (fields: fc.Arbitrary<Record<string, unknown>>) =>
	fc
		.tuple(fields, fc.boolean())
		.map(([value, automatic]) =>
			automatic ? { mappingMode: 'autoMapInputData', value: null, automatic: value } : { mappingMode: 'defineBelow', value },
		);

/** The input item: for "Map Automatically" it carries the mapped values (the marker is not a node parameter). */
function itemFor(parameters: INodeParameters): IDataObject {
	for (const key of ['user', 'invitation']) {
		const mapper = parameters[key] as IDataObject | undefined;
		if (mapper?.mappingMode === 'autoMapInputData') {
			const values = (mapper.automatic ?? {}) as IDataObject;
			delete mapper.automatic;
			return values;
		}
	}
	return {};
}

const OPERATIONS: Record<string, fc.Arbitrary<INodeParameters>> = {
	create: fc
		.tuple(
			record({
				user: mapped(userFields),
				groupIds: maybe,
				invitationStatus: maybe,
				ifExists: maybe,
				simplify: maybe,
				additionalFields: record({ accountId: maybe }),
				options,
			}),
			endpoints,
		)
		.map(([fields, family]) => ({ resource: 'accountUser', operation: 'create', ...family, ...fields }) as INodeParameters),
	get: fc
		.tuple(record({ userId: userLocator, simplify: maybe, options }), endpoints)
		.map(([fields, family]) => ({ resource: 'accountUser', operation: 'get', ...family, ...fields }) as INodeParameters),
	resendInvite: fc
		.tuple(record({ userId: userLocator, invitationKind: maybe, simplify: maybe, options }), endpoints)
		.map(([fields, family]) => ({ resource: 'accountUser', operation: 'resendInvite', ...family, ...fields }) as INodeParameters),
	getAll: fc
		.tuple(
			record({
				returnAll: maybe,
				limit: maybe,
				filters: record({ email: maybe, invitationStatus: maybe }),
				simplify: maybe,
				options,
			}),
			endpoints,
		)
		.map(([fields, family]) => ({ resource: 'accountUser', operation: 'getAll', ...family, ...fields }) as INodeParameters),
	updateInvitation: record({
		invitation: mapped(invitationFields),
		sendEmail: maybe,
		sendSms: maybe,
		options,
	}).map((fields) => ({ resource: 'lockUser', operation: 'updateInvitation', ...fields }) as INodeParameters),
};

const ID = "[A-Za-z0-9%_~!*'().-]+";
const ACCOUNT = 'ACC-\\d{4}-\\d{4}';
const FAMILY_PATHS: Record<string, RegExp> = {
	accountUsers: new RegExp(`^/public/v1/accounts/account-users(/${ID}(/send-new-invite|/resend-invite)?)?$`),
	accountScoped: new RegExp(`^/public/v1/accounts/${ACCOUNT}/users(/${ID}(/send-new-invite|/resend-invite)?)?$`),
	accountsAccounts: new RegExp(`^/public/v1/accounts/accounts/${ACCOUNT}/users(/${ID}(/send-new-invite|/resend-invite)?)?$`),
	bold: /^\/v2\/users\/\d+\/invitation$/,
};

function allowedPaths(parameters: INodeParameters): RegExp[] {
	if (parameters.resource === 'lockUser') return [FAMILY_PATHS.bold];
	const family = parameters.endpointFamily ?? 'auto';
	if (family === 'auto') return [FAMILY_PATHS.accountUsers, FAMILY_PATHS.accountScoped, FAMILY_PATHS.accountsAccounts];
	return FAMILY_PATHS[String(family)] ? [FAMILY_PATHS[String(family)]] : [];
}

/** A server that answers everything with success, and echoes the secret in every body. */
function hostileServer(request: RecordedRequest) {
	if (request.path.startsWith('/v2/')) return { body: { id: 5, echo: SECRET } };
	const user = accountUser({ echo: SECRET, invitation: { status: 'InvitationExpired' } });
	if (request.method === 'GET' && /\/(account-users|users)$/.test(request.path)) return { body: page([user], 0, 1, 1) };
	return { statusCode: request.method === 'POST' ? 201 : 200, body: user };
}

function checkQuery(query: string) {
	if (query === '') return;
	const parts = query.split('&');
	for (const [index, part] of parts.entries()) {
		if (/^(limit|offset)=\d+$/.test(part) || part === 'select=+audit') continue;
		// Only the first part may be RQL, and it must read as one expression.
		expect(index).toBe(0);
		expect(part).toMatch(/^(eq|and|or)\(/);
		expect(() => parseRql(decodeURIComponent(part))).not.toThrow();
	}
}

const FIELD_LABELS =
	/^(User|User ID|Email|Email Address|First Name|Last Name|Group IDs?|Invitation( Status| State)?|If the User Already Exists|Simplify|Return All|Limit|Account ID|Culture Code|Language( Code)?|Phone (Number|Prefix)|Expiration|Send Email|Send SMS|Concurrency|Max Retries|Max Retry Wait \(Seconds\)|Timeout \(Seconds\)|Endpoints|Nothing to update|The input item has no field "\w+")(?=[ ",]|$)/;

describe.each(Object.keys(OPERATIONS))('%s with arbitrary parameter values', (operation) => {
	it('stays on its path family, sends only well-formed RQL, leaks no secret, and names what it refuses', async () => {
		await fc.assert(
			fc.asyncProperty(OPERATIONS[operation], async (parameters) => {
				const item = itemFor(parameters);
				const run = await runNode({
					parameters,
					items: [item],
					credentials: {
						environment: parameters.resource === 'lockUser' ? 'bold' : 'softwareOneProduction',
						token: SECRET,
					},
					continueOnFail: true,
					respond: hostileServer,
				});

				const allowed = allowedPaths(parameters);
				for (const request of run.requests) {
					expect(allowed.some((pattern) => pattern.test(request.path))).toBe(true);
					expect(request.path.split('/')).not.toContain('..');
					expect(request.path.split('/')).not.toContain('.');
					checkQuery(request.query);
				}

				expect(everyString(run.output)).not.toContain(SECRET);
				expect(everyString(run.error)).not.toContain(SECRET);

				const first = run.output[0]?.json as IDataObject | undefined;
				if (run.requests.length === 0) {
					// Refused before any request: the item and the field are named.
					const message = String(first?.error ?? run.error?.message ?? '');
					expect(message).toMatch(/\[item 0\]$/);
					expect(message).toMatch(FIELD_LABELS);
				}
			}),
			{ numRuns: 150 },
		);
	});
});
