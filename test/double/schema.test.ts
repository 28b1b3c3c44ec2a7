import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CREATE_ACCOUNT_USER_DTO } = require('../../tools/double/softwareone-schema.js');

// The vendor's CreateAccountUserDto and the schemas it refers to, cut from the vendor's OpenAPI file and kept
// in the repository, so that the check runs on every clone instead of depending on a folder beside it.
const SPEC = path.join(__dirname, 'fixtures', 'softwareone-create-account-user.openapi.json');

type Json = { [key: string]: unknown };

/** Resolves $refs and drops vendor extensions; repeated allOf patterns collapse to one. */
function resolve(node: unknown, spec: Json): unknown {
	if (Array.isArray(node)) return node.map((n) => resolve(n, spec));
	if (!node || typeof node !== 'object') return node;
	const obj = node as Json;
	if (typeof obj.$ref === 'string') {
		const target = obj.$ref
			.slice(2)
			.split('/')
			.reduce<unknown>((acc, k) => (acc as Json)[k], spec);
		return resolve(target, spec);
	}
	const out: Json = {};
	for (const [k, v] of Object.entries(obj)) {
		if (k.startsWith('x-')) continue;
		if (k === 'allOf' && Array.isArray(v)) {
			const seen = new Set<string>();
			out[k] = v
				.map((p) => resolve(p, spec))
				.filter((p) => {
					const key = JSON.stringify(p);
					if (seen.has(key)) return false;
					seen.add(key);
					return true;
				});
			continue;
		}
		out[k] = resolve(v, spec);
	}
	return out;
}

/** The double's schema without the rules marked DOUBLE. */
function withoutDoubleRules(): unknown {
	const copy = JSON.parse(JSON.stringify(CREATE_ACCOUNT_USER_DTO));
	delete copy.properties.groups.items.required;
	delete copy.properties.invitation.properties.status.enum;
	return copy;
}

test('the embedded CreateAccountUserDto matches the vendor spec', () => {
	const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8')) as Json;
	const dto = ((spec.components as Json).schemas as Json).CreateAccountUserDto;
	expect(withoutDoubleRules()).toEqual(resolve(dto, spec));
});
