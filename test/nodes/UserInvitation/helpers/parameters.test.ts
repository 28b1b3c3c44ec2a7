import { holdsExpression, RunParameters } from '../../../../nodes/UserInvitation/helpers/parameters';
import { createContext } from '../../../helpers/context';

describe('holdsExpression', () => {
	it.each([
		['={{ $json.email }}', true],
		['plain text', false],
		[{ mappingMode: 'defineBelow', value: { email: '={{ $json.email }}' } }, true],
		[{ mappingMode: 'autoMapInputData', value: null }, false],
		[['a', '=b'], true],
		[42, false],
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

	it('reads the input item\'s own JSON', () => {
		const { ctx } = createContext({ items: [{ email: 'a@example.com' }, { email: 'b@example.com' }] });

		expect(new RunParameters(ctx).json(1)).toEqual({ email: 'b@example.com' });
	});
});
