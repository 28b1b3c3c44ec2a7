import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { invalidInput, PATTERNS, validBoolean, validNumber } from '../shared/validation';
import type { Effects } from './operations/define';
import type { RunParameters } from './helpers/parameters';

/**
 * The AI tool guardrails (issue 26). When the node runs as an agent's tool, the model fills fields
 * from text an attacker may have written (a display name, an error text). Before any request, the
 * router hands every item's declared effects (operations/define.ts `effects`) to `checkEffects`, which
 * refuses what the workflow builder has not allowed in the node's Agent Limits. Outside tool mode
 * nothing here applies: saved workflows behave as before.
 */

/** n8n runs a `usableAsTool` node as `<type>Tool` when it is connected to an agent or MCP Server Trigger. */
export function isToolMode(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

export interface AgentLimits {
	allowContactChangeWithSend: boolean;
	allowedGroupIds: string[];
	maxExpirationDays: number;
	maxSendsPerExecution: number;
}

export const AGENT_LIMIT_DEFAULTS: AgentLimits = {
	allowContactChangeWithSend: false,
	allowedGroupIds: [],
	maxExpirationDays: 30,
	maxSendsPerExecution: 10,
};

export const AGENT_LIMIT_BOUNDS = {
	maxExpirationDays: { min: 1, max: 3650, integer: true },
	maxSendsPerExecution: { min: 0, max: 1000, integer: true },
};

/** The setting names as the builder sees them, used in every refusal. */
const SETTING = {
	allowContactChangeWithSend: 'Allow Contact Change With Send',
	allowedGroupIds: 'Allowed Group IDs',
	maxExpirationDays: 'Max Expiration (Days)',
	maxSendsPerExecution: 'Max Sends per Execution',
} as const;

/**
 * The allow-list as typed: SoftwareOne user group IDs (UGR-1234-5678) and Bold's numeric user group
 * IDs, separated by commas or spaces. Anything else is refused, naming the entry.
 */
function allowedGroupIdsOf(ctx: IExecuteFunctions, typed: string): string[] {
	const entries = typed.split(/[\s,;]+/).filter((entry) => entry !== '');
	for (const entry of entries) {
		if (!PATTERNS.groupId.test(entry) && !PATTERNS.boldUserId.test(entry)) {
			throw invalidInput(
				ctx,
				undefined,
				`Agent Limits: Allowed Group IDs holds "${entry.slice(0, 40)}", which is not a group ID`,
				'List SoftwareOne user group IDs like UGR-1234-5678 or numeric Bold user group IDs like 32, separated by commas.',
			);
		}
	}
	return [...new Set(entries)];
}

/** Shown only on the tool variant; literal defaults (n8n's lint wants them), equal to AGENT_LIMIT_DEFAULTS (a test checks). */
export const agentLimitsField: INodeProperties = {
	displayName: 'Agent Limits',
	name: 'agentLimits',
	type: 'collection',
	placeholder: 'Add Limit',
	default: {},
	description:
		'What an AI agent may do with this tool. Without a limit added, its default holds: no contact change together with a send, no groups chosen by the agent, expirations at most 30 days ahead, at most 10 e-mails and SMS per execution, never status Active.',
	displayOptions: { show: { '@tool': [true] } },
	options: [
		{
			displayName: SETTING.allowContactChangeWithSend,
			name: 'allowContactChangeWithSend',
			type: 'boolean',
			noDataExpression: true,
			default: false,
			description:
				'Whether the agent may change an e-mail address or phone number and send the invitation in the same call. Off: such a call is refused, because it would hand the invitation to whoever the model names.',
		},
		{
			displayName: SETTING.allowedGroupIds,
			name: 'allowedGroupIds',
			type: 'string',
			noDataExpression: true,
			default: '',
			placeholder: 'UGR-1234-5678, UGR-2345-6789',
			description:
				'The user groups the agent may assign or take away (SoftwareOne UGR-… IDs, Bold numeric IDs), separated by commas. Empty: the agent may not choose groups (Group IDs you type into the node yourself still work).',
		},
		{
			displayName: SETTING.maxExpirationDays,
			name: 'maxExpirationDays',
			type: 'number',
			noDataExpression: true,
			typeOptions: { minValue: 1, maxValue: 3650 },
			default: 30,
			description: 'The latest expiration the agent may set, in days from now. An expiration you type into the node yourself is not limited.',
		},
		{
			displayName: SETTING.maxSendsPerExecution,
			name: 'maxSendsPerExecution',
			type: 'number',
			noDataExpression: true,
			typeOptions: { minValue: 0, maxValue: 1000 },
			default: 10,
			description:
				'How many invitation e-mails and SMS this tool may send in one execution (one agent run), over all its calls and items. 0: the agent may send none.',
		},
	],
};

/** The node's Agent Limits, read once per run. An expression in a limit is refused: a limit the model could fill limits nothing. */
export function readAgentLimits(ctx: IExecuteFunctions, parameters: RunParameters): AgentLimits {
	for (const name of Object.keys(SETTING) as Array<keyof typeof SETTING>) {
		if (parameters.byModel(`agentLimits.${name}`)) {
			throw invalidInput(
				ctx,
				undefined,
				`Agent Limits: ${SETTING[name]} holds an expression`,
				`Type a fixed value into ${SETTING[name]}: a limit an expression (or the model, through $fromAI) can set does not limit the agent.`,
			);
		}
	}
	const raw = parameters.get('agentLimits', 0, {}) as IDataObject;
	const groups = String(raw.allowedGroupIds ?? '').trim();
	return {
		allowContactChangeWithSend: validBoolean(ctx, 0, SETTING.allowContactChangeWithSend, raw.allowContactChangeWithSend, false),
		allowedGroupIds: allowedGroupIdsOf(ctx, groups),
		maxExpirationDays: validNumber(ctx, 0, SETTING.maxExpirationDays, raw.maxExpirationDays, AGENT_LIMIT_DEFAULTS.maxExpirationDays, AGENT_LIMIT_BOUNDS.maxExpirationDays),
		maxSendsPerExecution: validNumber(
			ctx,
			0,
			SETTING.maxSendsPerExecution,
			raw.maxSendsPerExecution,
			AGENT_LIMIT_DEFAULTS.maxSendsPerExecution,
			AGENT_LIMIT_BOUNDS.maxSendsPerExecution,
		),
	};
}

const DAY_MS = 24 * 60 * 60 * 1000;

function refusal(ctx: IExecuteFunctions, itemIndex: number, limit: string, fix: string) {
	return invalidInput(ctx, itemIndex, `Refused by the tool's limits: ${limit}`, fix);
}

const change = (setting: keyof typeof SETTING, how: string) =>
	`The workflow builder can change ${SETTING[setting]} in the node's Agent Limits${how ? ` (${how})` : ''}.`;

/**
 * Checks one item's effects against the limits, except the send cap (SendBudget, which needs every
 * item). Returns the refusal, or undefined when the item may run.
 */
export function checkEffects(ctx: IExecuteFunctions, itemIndex: number, effects: Effects, limits: AgentLimits, now: number): Error | undefined {
	if (effects.activatesUser) {
		return refusal(
			ctx,
			itemIndex,
			'an AI agent may not add a user with invitation status Active (without an invitation)',
			'Use invitation status Invited. Adding users as Active is not available to agents; the workflow builder can do it with the node outside the agent.',
		);
	}
	const sends = effects.sends ?? [];
	if (effects.contactChange?.byModel && effects.contactChange.value.length > 0 && sends.length > 0 && !limits.allowContactChangeWithSend) {
		return refusal(
			ctx,
			itemIndex,
			`changing ${effects.contactChange.value.join(' and ')} and sending the invitation (${sends.join(' and ')}) in the same call is not allowed`,
			`Change the contact details without sending, or send without changing them. ${change('allowContactChangeWithSend', 'switch it on')}`,
		);
	}
	if (effects.groups?.byModel) {
		const outside = effects.groups.value.filter((id) => !limits.allowedGroupIds.includes(id));
		if (outside.length > 0) {
			const allowed = limits.allowedGroupIds.length ? `only ${limits.allowedGroupIds.join(', ')} may be assigned` : 'the agent may not choose user groups';
			return refusal(
				ctx,
				itemIndex,
				`user group ${outside.join(', ')} is not allowed: ${allowed}`,
				`Use an allowed group. ${change('allowedGroupIds', 'add the group ID')}`,
			);
		}
	}
	if (effects.expiration?.byModel) {
		const at = Date.parse(effects.expiration.value);
		const latest = now + limits.maxExpirationDays * DAY_MS;
		if (!Number.isFinite(at) || at > latest) {
			return refusal(
				ctx,
				itemIndex,
				`expiration ${effects.expiration.value} is more than ${limits.maxExpirationDays} days ahead`,
				`Choose an expiration no later than ${new Date(latest).toISOString()}. ${change('maxExpirationDays', 'raise it')}`,
			);
		}
	}
	return undefined;
}

/** The send-cap refusal for an item that would pass the cap. */
export function sendCapRefusal(ctx: IExecuteFunctions, itemIndex: number, limits: AgentLimits, used: number, wanted: number): Error {
	return refusal(
		ctx,
		itemIndex,
		`this would send ${wanted} more e-mail or SMS after ${used} in this execution; at most ${limits.maxSendsPerExecution} are allowed per execution`,
		`Nothing was sent for this item. ${change('maxSendsPerExecution', 'raise it')}`,
	);
}

/** How many executions the ledger remembers; the oldest is forgotten first. */
const LEDGER_SIZE = 1000;

/**
 * The e-mails and SMS each execution's tool calls have sent. An agent calls the tool once per tool
 * call, each call a separate run of the node within the same execution (same execution ID), so the
 * count must outlive one run: it lives here, in an object the node class instance owns (n8n keeps one
 * instance per node type per process, and one execution runs in one process), keyed by execution ID,
 * bounded to the last LEDGER_SIZE executions.
 */
export class SendLedger {
	private readonly sent = new Map<string, number>();

	used(executionId: string): number {
		return this.sent.get(executionId) ?? 0;
	}

	add(executionId: string, count: number): void {
		if (count <= 0) return;
		const total = this.used(executionId) + count;
		// Re-inserted last: Map keeps insertion order, so the first key is the least recently used.
		this.sent.delete(executionId);
		this.sent.set(executionId, total);
		while (this.sent.size > LEDGER_SIZE) this.sent.delete(this.sent.keys().next().value as string);
	}

	get size(): number {
		return this.sent.size;
	}
}
