import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ApiSession } from '../transport';

/** One operation: its fields, the service that serves it, and what it does for one item. */
export interface Operation {
	/** As in the node's action list; used in messages. */
	displayName: string;
	service: 'softwareOne' | 'bold';
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, api: ApiSession): Promise<IDataObject | IDataObject[]>;
}
