// Helpers for faults.e2e.test.ts: one workflow created once and run many times, and checks of the
// double's counters that hold after every fault ("nothing twice").
import {
	type CredentialRef,
	type DoubleState,
	type Item,
	type Json,
	N8nClient,
	type SavedWorkflow,
	type Stack,
	invitationNode,
	uniqueSuffix,
	webhookWorkflow,
} from '../../tools/n8n';
import { NODE_NAME, type NodeRun } from './helpers';

/**
 * Webhook → Split Items → User Invitation, created and activated once; `run()` POSTs a batch and
 * reads back the execution it started. Saves a workflow per case (about 0.5 s each on this machine).
 */
export class ReusableWorkflow {
	private readonly seen: string[] = [];

	private constructor(
		private readonly stack: Stack,
		readonly workflow: SavedWorkflow,
		private readonly webhookPath: string,
	) {}

	static async create(
		stack: Stack,
		options: { name: string; credential: CredentialRef; parameters: Record<string, Json>; continueOnFail: boolean },
	): Promise<ReusableWorkflow> {
		const webhookPath = `faults-${uniqueSuffix()}`;
		const workflow = await stack.client.createActiveWorkflow(
			webhookWorkflow({
				name: `${options.name} ${webhookPath}`,
				webhookPath,
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
		return new ReusableWorkflow(stack, workflow, webhookPath);
	}

	async run(items: Array<Record<string, Json>>): Promise<NodeRun> {
		const answer = await this.stack.client.webhook(this.webhookPath, { items });
		const execution = await this.stack.client.nextExecution(this.workflow.id, this.seen);
		this.seen.push(String(execution.id));
		const runs = execution.data.resultData.runData[NODE_NAME];
		const output: Item[] = runs?.[0]?.data ? N8nClient.nodeItems(execution, NODE_NAME) : [];
		const error = runs?.[0]?.error ?? execution.data.resultData.error;
		return { answer, execution, output, error, workflow: this.workflow };
	}
}

/** Keys whose count is above 1: a second user, e-mail or SMS for the same person. */
export function twiceOrMore(counts: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1));
}

/** What must hold after any fault: no duplicate create, no e-mail or SMS sent twice. */
export function nothingTwice(state: DoubleState): Record<string, Json> {
	return {
		duplicateCreates: state.softwareOne.duplicateCreates,
		createsByEmail: twiceOrMore(state.softwareOne.createsByEmail),
		invitationEmailsByUser: twiceOrMore(state.softwareOne.invitationEmailsByUser),
		boldEmailsByUser: twiceOrMore(state.bold.emailsByUser),
		boldSmsByUser: twiceOrMore(state.bold.smsByUser),
	};
}

export const NOTHING_TWICE = {
	duplicateCreates: 0,
	createsByEmail: {},
	invitationEmailsByUser: {},
	boldEmailsByUser: {},
	boldSmsByUser: {},
};

/**
 * The item index n8n stored with a node error (its error panel's "Item Index"), wherever this n8n
 * version keeps it.
 */
export function errorItemIndex(error: Json): number | undefined {
	const candidates = [error?.context?.itemIndex, error?.itemIndex, error?.errorResponse?.itemIndex];
	return candidates.find((value) => typeof value === 'number');
}

/** An HTTP date `seconds` whole seconds after the current second starts (so 1–2 s ahead for 2). */
export function httpDateAhead(seconds: number): string {
	return new Date((Math.floor(Date.now() / 1000) + seconds) * 1000).toUTCString();
}
