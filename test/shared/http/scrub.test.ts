import { NodeOperationError, type INode } from 'n8n-workflow';
import { MASK, scrubError, scrubberFor } from '../../../nodes/shared/http/scrub';

// What leaves the node with a secret in it: an error text, a vendor body kept on an error, an output
// item. Each case is a text or value a user could read in n8n, and what they must see instead.
const TOKEN = 'idt:TKN-1111-2222:s3cr3t "quoted" \\ & value';
const KEY = 'k3y-Th4t-Must-N3ver-Leak';
const scrubber = scrubberFor([TOKEN, KEY]);

describe('scrubberFor: texts', () => {
	it('masks a secret as is, JSON-escaped (inside a body text) and URL-encoded (inside a URL)', () => {
		expect(scrubber.text(`Bearer ${TOKEN} refused`)).toBe(`Bearer ${MASK} refused`);
		expect(scrubber.text(`{"token":${JSON.stringify(TOKEN)}}`)).toBe(`{"token":"${MASK}"}`);
		expect(scrubber.text(`GET /users?key=${encodeURIComponent(TOKEN)}&x=1`)).toBe(`GET /users?key=${MASK}&x=1`);
	});

	it('masks every occurrence of every secret, and leaves the rest of the text as it was', () => {
		expect(scrubber.text(`${KEY} and ${KEY}, then ${TOKEN}.`)).toBe(`${MASK} and ${MASK}, then ${MASK}.`);
		expect(scrubber.text('User AUSR-1234 was not found')).toBe('User AUSR-1234 was not found');
	});

	it('masks a secret that contains another one whole, not leaving the longer one\'s rest', () => {
		const outer = 'abc-SECRET-xyz';
		expect(scrubberFor(['SECRET', outer]).text(`token ${outer}`)).toBe(`token ${MASK}`);
		expect(scrubberFor([outer, 'SECRET']).text(`token ${outer} / SECRET`)).toBe(`token ${MASK} / ${MASK}`);
	});

	it('an empty or missing secret masks nothing (not every gap between two characters)', () => {
		const none = scrubberFor(['', undefined as unknown as string]);
		expect(none.text('plain text')).toBe('plain text');
		expect(scrubberFor(['', KEY]).text(`a ${KEY} b`)).toBe(`a ${MASK} b`);
	});

	it('with no secrets at all, texts and values come back unchanged', () => {
		const value = { a: 'x', list: [1, 'y'] };
		expect(scrubberFor([]).text('anything')).toBe('anything');
		expect(scrubberFor([]).value(value)).toBe(value);
	});
});

describe('scrubberFor: values (output items, kept bodies)', () => {
	it('masks strings at any depth, keys too, and returns a copy without touching the input', () => {
		const input = { user: { email: 'a@example.com', note: `key ${KEY}` }, list: [TOKEN, 5, null, true], [KEY]: 'x' };
		const before = structuredClone(input);
		const output = scrubber.value(input);
		expect(output).toEqual({ user: { email: 'a@example.com', note: `key ${MASK}` }, list: [MASK, 5, null, true], [MASK]: 'x' });
		expect(input).toEqual(before);
		expect(output).not.toBe(input);
		expect(output.user).not.toBe(input.user);
		expect(output.list).not.toBe(input.list);
	});

	it('copies a value that refers to itself without looping, keeping the shape', () => {
		const node: Record<string, unknown> = { name: KEY };
		node.self = node;
		node.list = [node];
		const output = scrubber.value(node) as Record<string, unknown>;
		expect(output.name).toBe(MASK);
		expect(output.self).toBe(output);
		expect((output.list as unknown[])[0]).toBe(output);
	});

	it('leaves class instances (a Date, a Buffer) as they are, and plain numbers and null', () => {
		const when = new Date('2026-01-01T00:00:00Z');
		const bytes = Buffer.from(KEY);
		const output = scrubber.value({ when, bytes, n: 3, none: null, bare: Object.create(null) as object });
		expect(output.when).toBe(when);
		expect(output.bytes).toBe(bytes);
		expect(output.n).toBe(3);
		expect(output.none).toBeNull();
		expect(scrubber.value(7)).toBe(7);
		expect(scrubber.value(`x${KEY}`)).toBe(`x${MASK}`);
	});

	it('masks inside an object without a prototype (as JSON parsers may build)', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { token: TOKEN });
		expect(scrubber.value(bare)).toEqual({ token: MASK });
	});
});

describe('scrubError', () => {
	const node = { name: 'User Invitation' } as INode;

	it('masks the message, the description and the stack a user or a log sees, in place', () => {
		const error = new NodeOperationError(node, `Refused ${TOKEN}`, { description: `Key ${KEY} is not valid` });
		// Read once before, as a log line may have: the stack text is fixed from then on, secret included.
		expect(error.stack).toContain(TOKEN);
		const same = scrubError(error, scrubber);
		expect(same).toBe(error);
		expect(error.message).toBe(`Refused ${MASK}`);
		expect(error.description).toBe(`Key ${MASK} is not valid`);
		expect(error.stack).not.toContain(KEY);
		expect(error.stack).not.toContain(TOKEN);
		expect(error.stack).toContain(MASK);
	});

	it('keeps an error without a description or stack as it is', () => {
		const error = new Error(`plain ${KEY}`);
		error.stack = undefined;
		scrubError(error, scrubber);
		expect(error.message).toBe(`plain ${MASK}`);
		expect(error.stack).toBeUndefined();
		expect((error as Error & { description?: unknown }).description).toBeUndefined();
	});
});
