import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Clients } from '../../shared/clients';
import type { UserBatch, UserLookup } from '../../shared/softwareOne/userBatch';
import { showOnlyFor } from '../../shared/fields';
import type { Connection } from '../../shared/http/connection';
import type { RunParameters } from '../helpers/parameters';

export type Resource = 'accountUser' | 'lockUser';

/** Where a value came from: typed into the node by the workflow builder, or left to the model / input (`$fromAI`, any expression, Map Automatically). */
export interface Chosen<T> {
	value: T;
	/** False only for a literal the builder typed into the node: no expression, not read from the input item. */
	byModel: boolean;
}

/** What one item will do when it runs: the facts the AI tool guardrails check (guardrails.ts). */
export interface Effects {
	/** One entry per message the item sends when it succeeds (an invitation e-mail, an SMS). */
	sends?: Array<'email' | 'sms'>;
	/** Contact details the item changes (their field names), e.g. a new e-mail address or phone number. */
	contactChange?: Chosen<string[]>;
	/** The user groups the item assigns. */
	groups?: Chosen<string[]>;
	/** The expiration the item sets, as an ISO 8601 date-time. */
	expiration?: Chosen<string>;
	/** The item makes a user active at once, without an invitation. */
	activatesUser?: boolean;
}

/** What `prepare` gets besides the item: parameters read once per run, and the credential's side. */
export interface RunContext {
	parameters: RunParameters;
	connection: Connection;
}

/** What `execute` sends with: the run's clients, and the users its items read, 100 at a time (UserBatch). */
export interface RunClients extends Clients {
	users: UserBatch;
}

/**
 * One operation, all of it in one file: its entry in the Operation list, its subtitle, what an AI
 * agent reads about it, its fields, and its work for one item in two steps, so that the router can
 * check every item before it sends anything. The registry (operations/index.ts) lists them; the node
 * description is built from it (description.ts).
 */
export interface OperationDefinition<Input = unknown> {
	resource: Resource;
	/** The `operation` parameter's value: part of saved workflows, never renamed. */
	value: string;
	/** Its name in the Operation list. */
	label: string;
	/** The canvas subtitle and the name in error messages; the label when not given. */
	title?: string;
	/** n8n's action text (the node panel's list of actions). */
	action: string;
	/** The help text under the Operation list entry. */
	description: string;
	/** What an AI agent reads when the node is a tool: what it does, when to use it, what it needs. */
	toolDescription: string;
	service: 'softwareOne' | 'bold';
	/** Its own fields, without resource/operation conditions: defineOperation adds them. */
	properties: INodeProperties[];
	/** Reads and checks the item's parameters; sends nothing. Bad input throws here. */
	prepare(this: IExecuteFunctions, itemIndex: number, run: RunContext): Input;
	/**
	 * What the item will do, as facts the AI tool guardrails (guardrails.ts) check before any request
	 * when the node runs as an agent's tool. Declare every message it sends, every contact detail it
	 * changes, the groups it assigns, the expiration it sets and whether it activates a user; an
	 * operation that only reads returns `{}`. Every registered operation declares it (a test checks).
	 */
	effects?(this: IExecuteFunctions, input: Input, itemIndex: number, run: RunContext): Effects;
	/**
	 * The SoftwareOne user the item reads before it writes, if any: the router hands every item's
	 * lookup to the run's UserBatch, which reads them 100 at a time; `execute` asks `clients.users`.
	 */
	lookup?(input: Input): UserLookup | undefined;
	/** Sends what `prepare` built and returns the output for the item. */
	execute(this: IExecuteFunctions, input: Input, itemIndex: number, clients: RunClients): Promise<IDataObject | IDataObject[]>;
}

export type Operation = OperationDefinition<unknown> & { title: string };

/** Adds the display conditions "this resource, this operation" to every field of the operation. */
export function defineOperation<Input>(definition: OperationDefinition<Input>): Operation {
	return {
		...(definition as OperationDefinition<unknown>),
		title: definition.title ?? definition.label,
		properties: showOnlyFor({ resource: [definition.resource], operation: [definition.value] }, definition.properties),
	};
}
