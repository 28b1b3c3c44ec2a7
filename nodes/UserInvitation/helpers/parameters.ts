import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { type CompiledMapper, compileMapper, readCompiledMapper } from './fieldReferences';

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
	private readonly mappers = new Map<string, CompiledMapper | undefined>();

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

	/**
	 * The values of resource mapper `name` as mapped by hand, for one item. Values that only refer
	 * to a field of the item (`{{ $json.email }}`, what dragging a field in writes) are read from
	 * the item; any other expression makes n8n evaluate the whole mapper, as it would for any node.
	 */
	mapperValues(name: string, itemIndex: number): IDataObject {
		if (!this.mappers.has(name)) this.mappers.set(name, compileMapper(storedValue(this.ctx.getNode().parameters, name)));
		const compiled = this.mappers.get(name);
		const values = compiled && readCompiledMapper(compiled, this.json(itemIndex));
		if (values) return values;
		// Read as a whole: n8n would convert "name.value" by the schema's types (a dateTime into a
		// Luxon date with milliseconds), and the checks must see what the user mapped.
		const mapper = this.get(name, itemIndex, {}) as { value?: IDataObject | null } | null;
		return mapper?.value ?? {};
	}

	/**
	 * Whether the value of `name` may come from the model or the input rather than from the workflow
	 * builder: its stored value (or a parent's) holds an expression (`$fromAI` is one). A literal the
	 * builder typed, or a default left alone, is the builder's.
	 */
	byModel(name: string): boolean {
		return holdsExpression(storedValue(this.ctx.getNode().parameters, name));
	}

	/** The input item's own JSON, read without any expression. */
	json(itemIndex: number): IDataObject {
		this.inputItems ??= this.ctx.getInputData();
		return this.inputItems[itemIndex]?.json ?? {};
	}
}
