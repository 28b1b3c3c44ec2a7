import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { RunParameters } from '../helpers/parameters';
import type { ApiSession, Connection } from '../../shared/http/session';

/**
 * One operation: its fields, the service that serves it, and its work for one item in two steps,
 * so that the router can check every item before it sends anything.
 */
export interface Operation<Input = unknown> {
	/** As in the node's action list; used in messages. */
	displayName: string;
	service: 'softwareOne' | 'bold';
	description: INodeProperties[];
	/**
	 * Reads and checks the item's parameters; sends nothing. Bad input throws here. `parameters` reads
	 * what has no expression once per run; `connection` is the credential's side (read once per run).
	 */
	prepare(this: IExecuteFunctions, itemIndex: number, parameters: RunParameters, connection: Connection): Input;
	/** Sends what `prepare` built and returns the output for the item. */
	execute(
		this: IExecuteFunctions,
		input: Input,
		itemIndex: number,
		api: ApiSession,
	): Promise<IDataObject | IDataObject[]>;
}
