import type { IDataObject } from 'n8n-workflow';

/**
 * Field references: the expressions n8n writes when a field is dragged from the input panel into a
 * parameter (`{{ $json.email }}`, `{{ $json["first name"] }}`, `{{ $json.hire.email }}`). Their value
 * is the input item's own field, so the node reads it directly instead of starting n8n's expression
 * engine for it (about 0.3 ms per expression and item in n8n 2.41.1). Anything else — text around
 * the braces, a method call, an index, another variable — is left to n8n.
 */

const REFERENCE = /^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const STEP = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

/** The path of keys a parameter value refers to, or undefined when it is not a plain field reference. */
export function fieldReferencePath(value: string): string[] | undefined {
	const match = REFERENCE.exec(value);
	if (!match) return undefined;
	const path: string[] = [];
	for (const step of match[1].matchAll(STEP)) path.push(step[1] ?? step[2] ?? step[3]);
	return path.every((key) => key !== '__proto__') ? path : undefined;
}

type Lookup = { found: true; value: unknown } | { found: false };

/**
 * The value at `path` in an item's JSON when it is one that n8n's expression would give back as is:
 * a string, number, boolean or null, or nothing at all. Objects, lists and anything inherited are
 * not found here, so that n8n evaluates them with all its own rules.
 */
export function lookUp(json: IDataObject, path: string[]): Lookup {
	let current: unknown = json;
	for (const [step, key] of path.entries()) {
		if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
		if (!Object.prototype.hasOwnProperty.call(current, key)) {
			// A missing last field reads as nothing; a missing step before it, or a name every object
			// inherits, is n8n's to evaluate (and to report).
			const last = step === path.length - 1;
			return last && !(key in (current as object)) ? { found: true, value: undefined } : { found: false };
		}
		current = (current as IDataObject)[key];
	}
	const type = typeof current;
	if (current === null || type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(current))) {
		return { found: true, value: current };
	}
	return current === undefined ? { found: true, value: undefined } : { found: false };
}

/** A resource mapper's fixed values and field references, ready to be read for each item. */
export interface CompiledMapper {
	fixed: IDataObject;
	references: Array<{ key: string; path: string[] }>;
}

/**
 * A resource mapper's stored value compiled once per run, or undefined when n8n must evaluate it:
 * the mapper is itself an expression, or one of its values is an expression other than a field
 * reference, or none is an expression at all (then n8n's value is the same for every item anyway).
 */
export function compileMapper(stored: unknown): CompiledMapper | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const value = (stored as IDataObject).value;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const compiled: CompiledMapper = { fixed: {}, references: [] };
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (typeof entry === 'string' && entry.startsWith('=')) {
			const path = fieldReferencePath(entry);
			if (!path) return undefined;
			compiled.references.push({ key, path });
		} else if (entry !== null && typeof entry === 'object') {
			return undefined;
		} else {
			compiled.fixed[key] = entry;
		}
	}
	return compiled.references.length > 0 ? compiled : undefined;
}

/** One item's values of a compiled mapper; undefined when a reference needs n8n's own evaluation. */
export function readCompiledMapper(compiled: CompiledMapper, json: IDataObject): IDataObject | undefined {
	const values: IDataObject = { ...compiled.fixed };
	for (const { key, path } of compiled.references) {
		const lookup = lookUp(json, path);
		if (!lookup.found) return undefined;
		values[key] = lookup.value as IDataObject[string];
	}
	return values;
}
