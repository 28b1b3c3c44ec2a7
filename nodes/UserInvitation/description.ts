import type { INodeProperties } from 'n8n-workflow';
import { authenticationField, endpointFields, maxRetriesField, maxRetryWaitField, showOnlyFor, timeoutField } from '../shared/fields';
import { agentLimitsField } from './guardrails';
import type { Operation, Resource } from './operations/define';
import { OPERATIONS } from './operations';

/**
 * The action node's fields, built from the registry: one Operation list per resource, the AI tool
 * text of each operation, the canvas subtitle, and each operation's own fields, in registry order.
 */

const RESOURCES: Array<{ value: Resource; name: string; description: string; fields: INodeProperties[] }> = [
	{
		name: 'Account User (SoftwareOne)',
		value: 'accountUser',
		description: 'Users of a SoftwareOne Marketplace account and their invitations',
		// Shown under the Operation list for every account-user operation.
		fields: showOnlyFor({ resource: ['accountUser'] }, endpointFields),
	},
	{ name: 'Lock User (Bold)', value: 'lockUser', description: 'Invitations of Bold Smart Lock users', fields: [] },
];

const operationsOf = (resource: Resource) => OPERATIONS.filter((operation) => operation.resource === resource);

/** The Operation list of one resource, sorted by name as n8n's lint wants; the first registered is the default. */
function operationField(resource: Resource): INodeProperties {
	const operations = operationsOf(resource);
	const firstRegistered = operations[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [...operations]
			.sort((a, b) => a.label.localeCompare(b.label))
			.map(({ label, value, action, description }) => ({ name: label, value, action, description })),
		default: firstRegistered,
	};
}

/**
 * What an AI agent reads about each operation when the node is a tool (the "User Invitation Tool" n8n
 * derives from `usableAsTool`). n8n's own automatic text is only the action plus " in User Invitation",
 * which tells a model neither when to use the tool nor what it needs. Shown only on the tool variant
 * (`@tool`), one default per operation; the user may edit it.
 */
export const toolDescriptionFields: INodeProperties[] = OPERATIONS.map(({ resource, value, toolDescription }: Operation) => ({
	displayName: 'Tool Description',
	name: 'toolDescription',
	type: 'string',
	typeOptions: { rows: 4 },
	default: toolDescription,
	description:
		'What the AI agent reads about this tool: what it does, when to use it and what it needs. Write it for a model, not for a person.',
	displayOptions: { show: { '@tool': [true], resource: [resource], operation: [value] } },
}));

/** The canvas subtitle: the chosen operation's title. */
export const subtitle = `={{ ({ ${OPERATIONS.map((operation) => `${operation.value}: ${JSON.stringify(operation.title)}`).join(', ')} })[$parameter["operation"]] }}`;

/** Run-wide options; literal defaults (the linter wants them), and a test checks they equal the router's. */
const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 50,
			description:
				'How many items are sent to the API at the same time. When the API answers 429 (too many requests) the node slows down by itself. Output order always follows input order.',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to check each item, find the user and build the request, then return it (method, path, body) instead of sending it. Reads still go out; nothing is created, changed, removed or e-mailed.',
		},
		{
			displayName: 'Include Invitation Link',
			name: 'includeInvitationLink',
			type: 'boolean',
			default: false,
			description:
				'Whether outputs keep the invitation\'s join link (invitation URL). Whoever holds the link can join as the invitee, so it is left out unless you need it, for example to send it yourself. Never returned to an AI agent, and never for an existing user returned by "If the User Already Exists".',
			displayOptions: { show: { '@version': [1.1] }, hide: { '@tool': [true] } },
		},
		maxRetriesField(
			'How often a request is repeated after a rate limit (429), a busy service (503) or a dropped connection. Requests that create users or send invitations are only repeated when that cannot send anything twice.',
		),
		maxRetryWaitField(
			'The longest wait before one retry. If the API asks (Retry-After) for longer, the item fails instead.',
		),
		timeoutField,
	],
};

export const nodeProperties: INodeProperties[] = [
	// Only on the AI tool variant, at the top where n8n puts every tool's description.
	...toolDescriptionFields,
	agentLimitsField,
	authenticationField,
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value, description }) => ({ name, value, description })),
		default: 'accountUser',
	},
	...RESOURCES.flatMap(({ value, fields }) => [
		operationField(value),
		...fields,
		...operationsOf(value).flatMap((operation) => operation.properties),
	]),
	optionsField,
];
