import { holdsExpression, RunParameters } from '../../../../nodes/UserInvitation/helpers/parameters';
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { createContext } from '../../../helpers/context';

/**
 * A context whose stored parameters are given as n8n stores them (expressions with a leading "="),
 * resolving each expression to `<name> of item <i>`, and counting how often each is read.
 */
function storedAs(stored: INodeParameters) {
	const reads: Record<string, number> = {};
	const resolve = (value: unknown, itemIndex: number): unknown => {
		if (typeof value === 'string') return value.startsWith('=') ? `${value.slice(1)} of item ${itemIndex}` : value;
		if (Array.isArray(value)) return value.map((v) => resolve(v, itemIndex));
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, itemIndex)]));
		}
		return value;
	};
	const ctx = {
		getNode: () => ({ parameters: stored }),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			reads[name] = (reads[name] ?? 0) + 1;
			let value: unknown = stored;
			for (const key of name.split('.')) {
				if (typeof value === 'string') return resolve(value, itemIndex);
				value = (value as INodeParameters | undefined)?.[key];
			}
			return value === undefined ? fallback : resolve(value, itemIndex);
		},
	} as unknown as IExecuteFunctions;
	return { ctx, reads };
}

describe('holdsExpression', () => {
	it.each([
		['={{ $json.email }}', true],
		['plain text', false],
		[{ mappingMode: 'defineBelow', value: { email: '={{ $json.email }}' } }, true],
		[{ mappingMode: 'autoMapInputData', value: null }, false],
		[['a', '=b'], true],
		[42, false],
		[null, false],
		[undefined, false],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe('RunParameters', () => {
	it('gives every item the one value of a parameter without an expression', () => {
		const { ctx } = createContext({ parameters: { groupIds: 'UGR-1234-5678' }, items: [{}, {}, {}] });
		const parameters = new RunParameters(ctx);

		expect([0, 1, 2].map((item) => parameters.get('groupIds', item))).toEqual(['UGR-1234-5678', 'UGR-1234-5678', 'UGR-1234-5678']);
	});

	it('resolves a parameter with an expression for each item', () => {
		const { ctx } = createContext({
			parameters: { groupIds: 'UGR-0000-0000' },
			items: [{}, {}],
			itemParameters: [{ groupIds: 'UGR-1111-1111' }, { groupIds: 'UGR-2222-2222' }],
		});
		const parameters = new RunParameters(ctx);

		expect([0, 1].map((item) => parameters.get('groupIds', item))).toEqual(['UGR-1111-1111', 'UGR-2222-2222']);
	});

	it('keeps a derived value only when none of its parameters holds an expression, and never a failure', () => {
		const { ctx } = createContext({ parameters: { endpointFamily: 'accountUsers' }, items: [{}, {}] });
		const parameters = new RunParameters(ctx);
		const computed: number[] = [];
		const derive = (item: number) => parameters.derived('paths', ['endpointFamily'], item, () => (computed.push(item), `paths ${item}`));

		expect([derive(0), derive(1)]).toEqual(['paths 0', 'paths 0']);
		expect(computed).toEqual([0]);

		const failing = new RunParameters(ctx);
		const attempts: number[] = [];
		for (const item of [0, 1]) {
			expect(() =>
				failing.derived('bad', ['endpointFamily'], item, () => {
					attempts.push(item);
					throw new Error(`bad ${item}`);
				}),
			).toThrow(`bad ${item}`);
		}
		expect(attempts).toEqual([0, 1]);
	});

	it('reads a parameter without an expression once per run, even when its neighbours hold expressions', () => {
		const { ctx, reads } = storedAs({ groupIds: 'UGR-1', user: { value: { email: '=email' } }, options: { simplify: true } });
		const parameters = new RunParameters(ctx);

		const values = [0, 1, 2].map((item) => [parameters.get('groupIds', item), parameters.get('options.simplify', item)]);
		expect(values).toEqual([['UGR-1', true], ['UGR-1', true], ['UGR-1', true]]);
		expect(reads).toEqual({ groupIds: 1, 'options.simplify': 1 });
	});

	it.each([
		['an expression inside a list entry', { additionalFields: { tags: ['fixed', '=tag'] } }, 'additionalFields', { tags: ['fixed', 'tag of item 1'] }],
		['a parent given as one expression', { additionalFields: '=fields' }, 'additionalFields.language', 'fields of item 1'],
		['a nested field with an expression', { user: { value: { email: '=email' } } }, 'user', { value: { email: 'email of item 1' } }],
	])('resolves a parameter for each item when it holds %s', (_case, stored, name, forItem1) => {
		const { ctx, reads } = storedAs(stored as INodeParameters);
		const parameters = new RunParameters(ctx);

		expect(parameters.get(name, 0)).not.toEqual(forItem1);
		expect(parameters.get(name, 1)).toEqual(forItem1);
		expect(reads[name]).toBe(2);
	});

	it('a path through a plain value (not an object) is a parameter without an expression', () => {
		const { ctx, reads } = storedAs({ options: 5 });
		const parameters = new RunParameters(ctx);

		expect([parameters.get('options.simplify', 0, false), parameters.get('options.simplify', 1, false)]).toEqual([false, false]);
		expect(reads['options.simplify']).toBe(1);
	});

	it('computes a derived value for each item when one of its parameters holds an expression', () => {
		const { ctx } = storedAs({ endpointFamily: 'accountUsers', accountId: '=account' });
		const parameters = new RunParameters(ctx);
		const computed: number[] = [];

		for (const item of [0, 1, 2]) parameters.derived('paths', ['endpointFamily', 'accountId'], item, () => computed.push(item));
		expect(computed).toEqual([0, 1, 2]);
	});

	it('an item index beyond the input reads as an empty item', () => {
		const { ctx } = createContext({ items: [{ email: 'a@example.com' }] });

		expect(new RunParameters(ctx).json(3)).toEqual({});
	});

	it('reads the input item\'s own JSON', () => {
		const { ctx } = createContext({ items: [{ email: 'a@example.com' }, { email: 'b@example.com' }] });

		expect(new RunParameters(ctx).json(1)).toEqual({ email: 'b@example.com' });
	});
});
