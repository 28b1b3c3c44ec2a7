'use strict';
// Part of the API double; why hand-written: server.js. A small RQL (Resource Query Language) parser and
// evaluator for the list endpoints: eq, ne, in, out, ilike, gt, ge, lt, le, and, or, not. String values
// may be bare or in double (or single) quotes; in/out take their values flat or as one parenthesised
// list, in(id,(a,b)), as the platform writes them. The caller maps field names to values, so an unknown
// field fails loudly (400) instead of silently matching nothing.

class RqlError extends Error {}

/** Parses one expression such as and(eq(a,"x"),eq(b,y)). */
function parse(text) {
	let i = 0;
	const s = text;

	function skipWs() {
		while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
	}

	function parseQuoted() {
		const quote = s[i++];
		let out = '';
		while (i < s.length && s[i] !== quote) {
			if (s[i] === '\\' && i + 1 < s.length) i++;
			out += s[i++];
		}
		if (s[i] !== quote) throw new RqlError(`Unterminated string in RQL expression '${text}'.`);
		i++;
		return { value: out, quoted: true };
	}

	function parseBare() {
		const start = i;
		while (i < s.length && s[i] !== ',' && s[i] !== '(' && s[i] !== ')') i++;
		return s.slice(start, i).trim();
	}

	/** `(item, item, …)` from the opening parenthesis on; `()` only where allowEmpty. */
	function parseParenthesised(parseItem, malformed, allowEmpty) {
		i++; // (
		const items = [];
		skipWs();
		if (allowEmpty && s[i] === ')') {
			i++;
			return items;
		}
		for (;;) {
			items.push(parseItem());
			skipWs();
			if (s[i] === ',') {
				i++;
				continue;
			}
			if (s[i] === ')') {
				i++;
				return items;
			}
			throw new RqlError(malformed);
		}
	}

	function parseListValue() {
		skipWs();
		return s[i] === '"' || s[i] === "'" ? parseQuoted() : { value: parseBare(), quoted: false };
	}

	function parseArg() {
		skipWs();
		if (s[i] === '"' || s[i] === "'") return parseQuoted();
		if (s[i] === '(') return { list: parseParenthesised(parseListValue, `Malformed value list in RQL expression '${text}'.`, false) };
		const word = parseBare();
		skipWs();
		if (s[i] === '(') return parseCall(word);
		return { value: word, quoted: false };
	}

	function parseCall(name) {
		if (!/^[A-Za-z]+$/.test(name)) throw new RqlError(`Invalid RQL operator '${name}'.`);
		return { op: name, args: parseParenthesised(parseArg, `Malformed RQL expression '${text}'.`, true) };
	}

	skipWs();
	const name = parseBare();
	skipWs();
	if (s[i] !== '(') throw new RqlError(`Malformed RQL expression '${text}'.`);
	const node = parseCall(name);
	skipWs();
	if (i !== s.length) throw new RqlError(`Unexpected characters after RQL expression '${text}'.`);
	return node;
}

function likeToRegex(pattern) {
	const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Builds a predicate from a parsed expression.
 * @param node parsed expression
 * @param fields map of field name -> { get(record), ci?: boolean }
 * @param options { refuseIn?: boolean }
 */
function compile(node, fields, options) {
	if (node.list) throw new RqlError('A value list stands only in in() and out().');
	if (node.value !== undefined) throw new RqlError(`Expected an RQL operator, got '${node.value}'.`);
	const op = node.op.toLowerCase();
	const args = node.args;

	const field = () => {
		const a = args[0];
		if (!a || a.value === undefined) throw new RqlError(`${node.op}() needs a property name first.`);
		const f = fields[a.value];
		if (!f) throw new RqlError(`Unknown or unsupported property '${a.value}' in RQL expression.`);
		return f;
	};
	const values = () =>
		args.slice(1).flatMap((a) => (a.list ? a.list : [a])).map((a) => {
			if (a.value === undefined) throw new RqlError(`${node.op}() takes values, not expressions.`);
			return a.quoted || a.value !== 'null' ? a.value : null;
		});
	const norm = (f, v) => (v === null || v === undefined ? null : f.ci ? String(v).toLowerCase() : String(v));

	switch (op) {
		case 'and':
		case 'or': {
			if (args.length === 0) throw new RqlError(`${node.op}() needs at least one expression.`);
			const parts = args.map((a) => compile(a, fields, options));
			return op === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
		}
		case 'not': {
			if (args.length !== 1) throw new RqlError('not() takes exactly one expression.');
			const inner = compile(args[0], fields, options);
			return (r) => !inner(r);
		}
		case 'eq':
		case 'ne': {
			if (args.length !== 2) throw new RqlError(`${node.op}() takes a property and one value.`);
			const f = field();
			const want = norm(f, values()[0]);
			return op === 'eq' ? (r) => norm(f, f.get(r)) === want : (r) => norm(f, f.get(r)) !== want;
		}
		case 'in':
		case 'out': {
			// config.refuseIn: an API that does not take in()/out(), answered as unknown operators are.
			if (options && options.refuseIn) throw new RqlError(`Unsupported RQL operator '${node.op}'.`);
			if (args.length < 2) throw new RqlError(`${node.op}() takes a property and values.`);
			const f = field();
			const set = new Set(values().map((v) => norm(f, v)));
			return op === 'in' ? (r) => set.has(norm(f, f.get(r))) : (r) => !set.has(norm(f, f.get(r)));
		}
		case 'like':
		case 'ilike': {
			if (args.length !== 2) throw new RqlError(`${node.op}() takes a property and a pattern.`);
			const f = field();
			const re = likeToRegex(String(values()[0]));
			return (r) => {
				const v = f.get(r);
				return v !== null && v !== undefined && re.test(String(v));
			};
		}
		case 'gt':
		case 'ge':
		case 'lt':
		case 'le': {
			// A field marked `time` compares as instants (ISO 8601 text on both sides), others as text.
			if (args.length !== 2) throw new RqlError(`${node.op}() takes a property and one value.`);
			const f = field();
			const key = (v) => (v === null || v === undefined ? null : f.time ? Date.parse(v) : String(v));
			const want = key(values()[0]);
			if (f.time && Number.isNaN(want)) throw new RqlError(`${node.op}() needs a date and time, got '${values()[0]}'.`);
			const test = { gt: (x) => x > want, ge: (x) => x >= want, lt: (x) => x < want, le: (x) => x <= want }[op];
			return (r) => {
				const x = key(f.get(r));
				return x !== null && !Number.isNaN(x) && test(x);
			};
		}
		default:
			throw new RqlError(`Unsupported RQL operator '${node.op}'.`);
	}
}

module.exports = { parse, compile, RqlError };
