'use strict';
// Request-body validation for the double: ajv checks the OpenAPI 3.0 schema (ajv knows `nullable`);
// this file only turns ajv's errors into what the vendor's ASP.NET API answers: errors keyed by
// dotted path ("user.email", "groups[0].id") with ASP.NET's messages. One rule ajv has no keyword
// for: ASP.NET's [Required] also refuses null, empty and whitespace-only strings, so each `required`
// list goes to the keyword aspNetRequired below, and a field that fails it gets no other message.

const Ajv = require('ajv');

const TYPE_NAMES = { object: 'an object', array: 'an array', string: 'System.String', boolean: 'System.Boolean', integer: 'System.Int32', number: 'System.Double' };
const isBlank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const pascal = (name) => (name ? name.charAt(0).toUpperCase() + name.slice(1) : 'Value');

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
ajv.addKeyword({
	keyword: 'aspNetRequired',
	type: 'object',
	errors: true,
	validate: function aspNetRequired(keys, data) {
		aspNetRequired.errors = keys.filter((key) => isBlank(data[key])).map((key) => ({ keyword: 'aspNetRequired', params: { missingProperty: key } }));
		return aspNetRequired.errors.length === 0;
	},
});

/** The schema with each `required` list handed to aspNetRequired. */
function withAspNetRequired(schema) {
	if (Array.isArray(schema)) return schema.map(withAspNetRequired);
	if (!schema || typeof schema !== 'object') return schema;
	return Object.fromEntries(Object.entries(schema).map(([k, v]) => (k === 'required' ? ['aspNetRequired', v] : [k, k === 'enum' ? v : withAspNetRequired(v)])));
}

/** ajv's JSON pointer plus an optional key ("/groups/0", "id") as the vendor's path ("groups[0].id") and the field's name. */
function vendorPath(pointer, key) {
	let path = '';
	let name = '';
	for (const segment of [...pointer.split('/').slice(1), ...(key === undefined ? [] : [key])]) {
		if (/^\d+$/.test(segment)) path += `[${segment}]`;
		else [path, name] = [path ? `${path}.${segment}` : segment, segment];
	}
	return { path, name };
}

function describe(error) {
	const p = error.params;
	const key = p.missingProperty ?? p.additionalProperty;
	const { path, name } = vendorPath(error.instancePath, key);
	const field = pascal(name);
	const length = (kind) => `The field ${field} must be a string or array type with a ${kind} length of '${p.limit}'.`;
	const texts = {
		aspNetRequired: `The ${field} field is required.`,
		type: error.data === null ? `The ${field} field must not be null.` : `The JSON value could not be converted to ${TYPE_NAMES[p.type]}. Path: $${path ? `.${path}` : ''}`,
		additionalProperties: `The JSON property '${key}' could not be mapped to any known member.`,
		minItems: length('minimum'),
		minLength: length('minimum'),
		maxItems: length('maximum'),
		maxLength: length('maximum'),
		pattern: `The field ${field} must match the regular expression '${p.pattern}'.`,
		enum: `The field ${field} must be one of: ${p.allowedValues?.join(', ')}.`,
	};
	return { path, keyword: error.keyword, text: texts[error.keyword] ?? `The field ${field} ${error.message}.` };
}

const compiled = new Map();

/** @returns {object|null} errors by path, or null when the value is valid. */
function validate(schema, value) {
	if (!compiled.has(schema)) compiled.set(schema, ajv.compile(withAspNetRequired(schema)));
	const check = compiled.get(schema);
	if (check(value)) return null;
	const found = check.errors.map(describe);
	const required = found.filter((e) => e.keyword === 'aspNetRequired').map((e) => e.path);
	const wrongType = new Set(found.filter((e) => e.keyword === 'type').map((e) => e.path));
	const errors = {};
	for (const e of found) {
		// A missing or blank required field gets only "is required"; a value of the wrong type only that.
		if (e.keyword !== 'aspNetRequired') {
			if (required.some((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`))) continue;
			if (e.keyword !== 'type' && wrongType.has(e.path)) continue;
		}
		(errors[e.path || '$'] ||= []).push(e.text);
	}
	return Object.keys(errors).length ? errors : null;
}

module.exports = { validate };
