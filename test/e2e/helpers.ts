import {
	type CredentialRef,
	type Execution,
	type Item,
	type Json,
	N8nClient,
	type SavedWorkflow,
	SECRETS,
	type Stack,
	type WebhookAnswer,
	invitationNode,
	uniqueSuffix,
	webhookWorkflow,
} from '../../tools/n8n';

export const NODE_NAME = 'User Invitation';
export const GROUP = 'UGR-1234-5678';

export interface NodeRun {
	answer: WebhookAnswer;
	execution: Execution;
	/** The items the User Invitation node put out (empty when it failed). */
	output: Item[];
	/** The error the node failed with, when it did. */
	error: Json;
	workflow: SavedWorkflow;
}

/**
 * Webhook → Split Items → User Invitation, activated; POSTs `{items}` and returns what the node
 * put out, read back from the saved execution (so pairedItem is there too).
 */
export async function runNode(
	stack: Stack,
	options: {
		credential: CredentialRef;
		parameters: Record<string, Json>;
		items: Array<Record<string, Json>>;
		continueOnFail?: boolean;
		settings?: Record<string, Json>;
		name?: string;
	},
): Promise<NodeRun> {
	const webhookPath = `e2e-${uniqueSuffix()}`;
	const workflow = await stack.client.createActiveWorkflow(
		webhookWorkflow({
			name: options.name ?? `e2e ${String(options.parameters.operation)} ${webhookPath}`,
			webhookPath,
			settings: options.settings,
			nodes: [
				invitationNode({
					name: NODE_NAME,
					credential: options.credential,
					parameters: options.parameters,
					continueOnFail: options.continueOnFail,
				}),
			],
		}),
	);
	const answer = await stack.client.webhook(webhookPath, { items: options.items });
	const execution = await stack.client.nextExecution(workflow.id);
	const runs = execution.data.resultData.runData[NODE_NAME];
	const output = runs ? N8nClient.nodeItems(execution, NODE_NAME) : [];
	const error = runs?.[0]?.error ?? execution.data.resultData.error;
	return { answer, execution, output, error, workflow };
}

/** Fails when any secret the double accepts shows up in `text`. */
export function expectNoSecrets(text: string): void {
	for (const secret of Object.values(SECRETS)) {
		expect(text).not.toContain(secret);
	}
}

/** Counter deltas between two snapshots of one counter map. */
export function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const d = (after[key] ?? 0) - (before[key] ?? 0);
		if (d !== 0) out[key] = d;
	}
	return out;
}

export function pairedIndexes(items: Item[]): number[] {
	return items.map((item) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		return paired ? paired.item : -1;
	});
}

export function byResourceLocator(value: string): Record<string, Json> {
	return { __rl: true, mode: 'id', value };
}
