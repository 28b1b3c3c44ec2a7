'use strict';
// A small validator for the OpenAPI 3.0 schema subset the SoftwareOne DTOs use:
// type (object/array/string/boolean/integer/number), required, properties,
// additionalProperties: false, nullable, minLength, maxLength, pattern, allOf,
// minItems, maxItems, enum. Errors are keyed by dotted path ("user.email",
// "groups[0].id") with ASP.NET-style messages, as the vendor's API answers.

const patternCache = new Map();
function regex(p) {
	let r = patternCache.get(p);
	if (!r) {
		r = new RegExp(p);
		patternCache.set(p, r);
	}
	return r;
}

function pascal(name) {
	return name ? name.charAt(0).toUpperCase() + name.slice(1) : 'Value';
}

function join(path, key) {
	return path ? `${path}.${key}` : key;
}

function add(errors, path, message) {
	const key = path || '$';
	(errors[key] || (errors[key] = [])).push(message);
}

const TYPE_NAMES = {
	object: 'an object',
	array: 'an array',
	string: 'System.String',
	boolean: 'System.Boolean',
	integer: 'System.Int32',
	number: 'System.Double',
};

function typeMatches(type, value) {
	switch (type) {
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'array':
			return Array.isArray(value);
		case 'string':
			return typeof value === 'string';
		case 'boolean':
			return typeof value === 'boolean';
		case 'integer':
			return Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		default:
			return true;
	}
}

function isBlank(v) {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * @returns {object|null} errors by path, or null when the value is valid.
 */
function validate(schema, value) {
	const errors = {};
	check(schema, value, '', '', errors);
	return Object.keys(errors).length ? errors : null;
}

function check(schema, value, path, name, errors) {
	if (value === null) {
		if (!schema.nullable) add(errors, path, `The ${pascal(name)} field must not be null.`);
		return;
	}
	if (schema.type && !typeMatches(schema.type, value)) {
		add(errors, path, `The JSON value could not be converted to ${TYPE_NAMES[schema.type] || schema.type}. Path: $${path ? '.' + path : ''}`);
		return;
	}
	if (schema.type === 'object' || schema.properties) checkObject(schema, value, path, errors);
	else if (schema.type === 'array') checkArray(schema, value, path, name, errors);
	else if (typeof value === 'string') checkString(schema, value, path, name, errors);
	if (schema.enum && !schema.enum.includes(value)) {
		add(errors, path, `The field ${pascal(name)} must be one of: ${schema.enum.join(', ')}.`);
	}
}

function checkObject(schema, value, path, errors) {
	const props = schema.properties || {};
	const skip = new Set();
	for (const req of schema.required || []) {
		// ASP.NET's [Required] also refuses empty and whitespace-only strings.
		if (isBlank(value[req])) {
			add(errors, join(path, req), `The ${pascal(req)} field is required.`);
			skip.add(req);
		}
	}
	for (const key of Object.keys(value)) {
		if (skip.has(key)) continue;
		const sub = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : null;
		if (sub) {
			check(sub, value[key], join(path, key), key, errors);
		} else if (schema.additionalProperties === false) {
			add(errors, join(path, key), `The JSON property '${key}' could not be mapped to any known member.`);
		}
	}
}

function checkArray(schema, value, path, name, errors) {
	if (schema.minItems !== undefined && value.length < schema.minItems) {
		add(errors, path, `The field ${pascal(name)} must be a string or array type with a minimum length of '${schema.minItems}'.`);
	}
	if (schema.maxItems !== undefined && value.length > schema.maxItems) {
		add(errors, path, `The field ${pascal(name)} must be a string or array type with a maximum length of '${schema.maxItems}'.`);
	}
	if (schema.items) {
		for (let i = 0; i < value.length; i++) check(schema.items, value[i], `${path}[${i}]`, name, errors);
	}
}

function checkString(schema, value, path, name, errors) {
	if (schema.minLength !== undefined && value.length < schema.minLength) {
		add(errors, path, `The field ${pascal(name)} must be a string or array type with a minimum length of '${schema.minLength}'.`);
	}
	if (schema.maxLength !== undefined && value.length > schema.maxLength) {
		add(errors, path, `The field ${pascal(name)} must be a string or array type with a maximum length of '${schema.maxLength}'.`);
	}
	const patterns = [];
	if (schema.pattern) patterns.push(schema.pattern);
	for (const part of schema.allOf || []) if (part.pattern) patterns.push(part.pattern);
	for (const p of patterns) {
		if (!regex(p).test(value)) {
			add(errors, path, `The field ${pascal(name)} must match the regular expression '${p}'.`);
			break;
		}
	}
}

module.exports = { validate };
