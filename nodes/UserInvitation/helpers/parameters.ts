import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Whether a stored parameter value holds an expression anywhere (n8n marks them with a leading "="). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function storedValue(parameters: IDataObject, path: string): unknown {
	let current: unknown = parameters;
	for (const key of path.split('.')) {
		// An expression on a parent holds the whole value.
		if (typeof current === 'string') return current;
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

/**
 * The node's parameters and input for one run. A parameter without an expression is the same for
 * every item, so it is read once; one with an expression is resolved for each item, as it must be.
 * Values read once are shared between items: operations must not change them.
 */
export class RunParameters {
	private readonly fixed = new Map<string, unknown>();
	private inputItems: INodeExecutionData[] | undefined;

	constructor(private readonly ctx: IExecuteFunctions) {}

	get(name: string, itemIndex: number, fallback?: unknown): unknown {
		if (this.fixed.has(name)) return this.fixed.get(name);
		if (holdsExpression(storedValue(this.ctx.getNode().parameters, name))) {
			return this.ctx.getNodeParameter(name, itemIndex, fallback);
		}
		const value = this.ctx.getNodeParameter(name, 0, fallback);
		this.fixed.set(name, value);
		return value;
	}

	/**
	 * A value computed from parameters (`from`): computed once per run when none of them holds an
	 * expression, otherwise for each item. A computation that throws is not kept.
	 */
	derived<T>(key: string, from: string[], itemIndex: number, compute: () => T): T {
		if (this.fixed.has(key)) return this.fixed.get(key) as T;
		const parameters = this.ctx.getNode().parameters;
		const value = compute();
		if (!from.some((name) => holdsExpression(storedValue(parameters, name)))) this.fixed.set(key, value);
		return value;
	}

	/** The input item's own JSON, read without any expression. */
	json(itemIndex: number): IDataObject {
		this.inputItems ??= this.ctx.getInputData();
		return this.inputItems[itemIndex]?.json ?? {};
	}
}
