// The fault matrix ("Throughput and safety at scale"): every fault the API double can inject, and API
// errors of both vendors, × the three operations that create users or send invitations × Continue On
// Fail on and off, in real n8n. Each case sends a batch of three items, the fault hits item 1 only, and
// the case checks what a user would: one output item per input item paired to it (or a failed
// execution with the message and the item index), nobody created or e-mailed twice, exactly once where
// the node promises success, and no secret in the answer or the stored execution.
// One workflow per operation × Continue On Fail is saved once; the double is reset before every case.
import * as fs from 'node:fs';
import {
	type CredentialRef,
	type DoubleState,
	type FaultRule,
	type Item,
	type Json,
	type Stack,
	describeE2e,
	sleep,
} from '../../tools/n8n';
import { GROUP, byResourceLocator, delta, expectNoSecrets, pairedIndexes } from './helpers';
import { NOTHING_TWICE, ReusableWorkflow, errorItemIndex, httpDateAhead, nothingTwice } from './faults-helpers';

/** The item the fault is aimed at; items 0 and 2 are left alone. */
const TARGET = 1;

// Small limits so that a case costs seconds: 2 retries, at most 3 s between them, 2 s per answer.
const OPTIONS = { maxRetries: 2, maxRetryWait: 3, timeout: 2 };

type FaultClass =
	/** 429, 503: the server did nothing; every operation repeats the request and succeeds. */
	| 'notProcessed'
	/** 4xx, 500: never repeated; the item fails with the status's message. */
	| 'final'
	/** 502, 504, reset, timeout, unreadable 2xx before the server acted. */
	| 'ambiguousBefore'
	/** The server did the work, then the answer was lost. */
	| 'ambiguousAfter'
	/** An ambiguous failure on every attempt: reconciled each time, then given up after Max Retries. */
	| 'ambiguousEveryTime';

interface FaultRow {
	name: string;
	class: FaultClass;
	/** The rule without method and path (the operation aims it). Built per case: dates move. */
	rule: () => Omit<FaultRule, 'method' | 'path'>;
	/** final: the message the item fails with; ambiguous: what went wrong, before "; the request may …". */
	message?: string;
	status?: number;
	/** final: attempts before the item fails (default 1). */
	attempts?: number;
	/** Checks the wait between the faulted attempt and its repeat (ms timestamps from the double's log). */
	waited?: (rule: Omit<FaultRule, 'method' | 'path'>, faultedAt: number, retriedAt: number) => void;
}

const API_ERRORS: Array<[number, string]> = [
	[400, 'The API rejected the request as invalid'],
	[401, 'The API did not accept the credential (wrong or expired token or key)'],
	[403, 'The credential is not allowed to do this'],
	[404, 'The user was not found'],
	[409, 'The user already exists'],
];

const FAULTS: FaultRow[] = [
	{
		name: '429 with Retry-After: 1 (seconds)',
		class: 'notProcessed',
		rule: () => ({ kind: 'status', status: 429, retryAfter: 1, times: 1 }),
		waited: (_, faultedAt, retriedAt) => expect(retriedAt - faultedAt).toBeGreaterThanOrEqual(950),
	},
	{
		name: '429 with Retry-After as an HTTP date',
		class: 'notProcessed',
		rule: () => ({ kind: 'status', status: 429, retryAfter: httpDateAhead(2), times: 1 }),
		// Never before the date the API named (50 ms for timer rounding).
		waited: (rule, _, retriedAt) => expect(retriedAt).toBeGreaterThanOrEqual(Date.parse(String(rule.retryAfter)) - 50),
	},
	{ name: '429 without Retry-After', class: 'notProcessed', rule: () => ({ kind: 'status', status: 429, times: 1 }) },
	{
		name: '500',
		class: 'final',
		status: 500,
		message: 'The API had a server error (500)',
		rule: () => ({ kind: 'status', status: 500, times: 1 }),
	},
	{
		name: '502',
		class: 'ambiguousBefore',
		message: 'The API had a server error (502)',
		rule: () => ({ kind: 'status', status: 502, times: 1 }),
	},
	{ name: '503', class: 'notProcessed', rule: () => ({ kind: 'status', status: 503, times: 1 }) },
	{
		name: '504',
		class: 'ambiguousBefore',
		message: 'The API had a server error (504)',
		rule: () => ({ kind: 'status', status: 504, times: 1 }),
	},
	{
		name: 'reset connection before processing',
		class: 'ambiguousBefore',
		message: 'The API closed the connection before answering',
		rule: () => ({ kind: 'reset', times: 1 }),
	},
	{
		name: 'reset connection after processing',
		class: 'ambiguousAfter',
		message: 'The API closed the connection before answering',
		rule: () => ({ kind: 'reset', afterProcessing: true, times: 1 }),
	},
	{
		name: 'hanging request (Timeout 2 s)',
		class: 'ambiguousBefore',
		message: 'The API did not answer within 2 s',
		rule: () => ({ kind: 'hang', times: 1 }),
	},
	{
		name: '503 on every attempt (beyond Max Retries 2)',
		class: 'final',
		status: 503,
		attempts: 3,
		message: 'The API had a server error (503) (after 3 attempts)',
		rule: () => ({ kind: 'status', status: 503, times: 3 }),
	},
	{
		name: '429 with Retry-After: 10, longer than Max Retry Wait 3 s',
		class: 'final',
		status: 429,
		message: 'The API asked to wait 10 s before retrying, longer than Max Retry Wait (3 s)',
		rule: () => ({ kind: 'status', status: 429, retryAfter: 10, times: 1 }),
	},
	{
		name: 'reset connection on every attempt (beyond Max Retries 2)',
		class: 'ambiguousEveryTime',
		message: 'The API closed the connection before answering',
		rule: () => ({ kind: 'reset', times: 3 }),
	},
	{
		name: 'malformed JSON before processing',
		class: 'ambiguousBefore',
		message: 'The API answered with a body that is not valid JSON',
		rule: () => ({ kind: 'malformed', times: 1 }),
	},
	{
		name: 'malformed JSON after processing',
		class: 'ambiguousAfter',
		message: 'The API answered with a body that is not valid JSON',
		rule: () => ({ kind: 'malformed', afterProcessing: true, times: 1 }),
	},
	...API_ERRORS.map(
		([status, message]): FaultRow => ({
			name: `API error ${status}`,
			class: 'final',
			status,
			message,
			rule: () => ({ kind: 'status', status, times: 1 }),
		}),
	),
];

interface Batch {
	items: Array<Record<string, Json>>;
	/** Per item: the e-mail (Create User), account user id (Resend Invite) or Bold user id. */
	keys: string[];
}

interface OperationUnderTest {
	label: string;
	vendor: 'softwareOne' | 'bold';
	/** The request that creates or sends, which the fault hits. */
	method: 'POST' | 'PUT';
	/** Part of the path only item TARGET's create/send requests have; none when all share one path. */
	targetPath?: (batch: Batch) => string;
	/** Concurrency 1: without Continue On Fail, the items after a failed one never start. */
	sequential: boolean;
	parameters: Record<string, Json>;
	credential: (stack: Stack, continueOnFail: boolean) => CredentialRef;
	/** Whether the operation repeats an ambiguous failure safely (reconciles) or reports it. */
	reconciles: boolean;
	/** Seeds the double (after its reset) and returns the batch. */
	batch: (stack: Stack) => Promise<Batch>;
	/** Rules that aim `rule` at item TARGET. */
	aim: (batch: Batch, rule: Omit<FaultRule, 'method' | 'path'>) => FaultRule[];
	/** How many creates / invitation e-mails each item caused. */
	sent: (state: DoubleState, batch: Batch) => number[];
	/** The output item of a successful item. */
	expectDone: (item: Item, key: string) => void;
	/** Said in the description of an ambiguous failure that is not retried. */
	ambiguousWarning?: RegExp;
	/** The vendor's own words that an API error's description carries. */
	vendorWords: RegExp;
}

const OPERATIONS: OperationUnderTest[] = [
	{
		// Concurrency 1: the create requests all go to one path, so "the second POST" is item 1.
		label: 'Create User',
		vendor: 'softwareOne',
		method: 'POST',
		sequential: true,
		parameters: {
			resource: 'accountUser',
			operation: 'create',
			user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: 'Matrix' } },
			groupIds: GROUP,
			options: { ...OPTIONS, concurrency: 1 },
		},
		credential: (stack, continueOnFail) =>
			continueOnFail ? stack.credentials.softwareOneBearer : stack.credentials.softwareOneApiKey,
		reconciles: true,
		batch: async () => {
			const keys = ['fm.ada@example.com', 'fm.bo@example.com', 'fm.cy@example.com'];
			return { keys, items: keys.map((email, i) => ({ email, firstName: `Hire${i}` })) };
		},
		aim: (_, rule) => [
			// The first create passes untouched (a latency rule spends one of its times), the second gets the fault.
			{ method: 'POST', path: 'account-users$', kind: 'latency', delayMs: 1, times: 1 },
			{ method: 'POST', path: 'account-users$', ...rule },
		],
		sent: (state, batch) => batch.keys.map((email) => state.softwareOne.createsByEmail[email] ?? 0),
		expectDone: (item, email) => expect(item.json).toMatchObject({ email, invitationStatus: 'Invited', groupIds: [GROUP] }),
		vendorWords: /Injected fault: status \d+\.[\s\S]*Trace ID: 00-/,
	},
	{
		label: 'Resend Invite (auto)',
		vendor: 'softwareOne',
		method: 'POST',
		targetPath: (batch) => `/${batch.keys[TARGET]}/`,
		sequential: false,
		parameters: {
			resource: 'accountUser',
			operation: 'resendInvite',
			userId: byResourceLocator('={{ $json.id }}'),
			invitationKind: 'auto',
			options: OPTIONS,
		},
		credential: (stack, continueOnFail) =>
			continueOnFail ? stack.credentials.softwareOneApiKey : stack.credentials.softwareOneBearer,
		reconciles: true,
		// Item 0 is pending (resend-invite), items 1 and 2 expired (send-new-invite); the fault hits item 1.
		batch: async (stack) => {
			const [extra] = (await stack.double.seed({ softwareOneUsers: [{ email: 'fm.expired@example.com', status: 'InvitationExpired' }] }))
				.softwareOneUsers;
			const keys = ['AUSR-0000-0001', 'AUSR-0000-0003', String(extra.id)];
			return { keys, items: keys.map((id) => ({ id })) };
		},
		aim: (batch, rule) => [{ method: 'POST', path: `/${batch.keys[TARGET]}/(send-new-invite|resend-invite)$`, ...rule }],
		sent: (state, batch) => batch.keys.map((id) => state.softwareOne.invitationEmailsByUser[id] ?? 0),
		expectDone: (item, id) => expect(item.json).toMatchObject({ id, invitationStatus: 'Invited' }),
		vendorWords: /Injected fault: status \d+\.[\s\S]*Trace ID: 00-/,
	},
	{
		label: 'Update Invitation with Send Email',
		vendor: 'bold',
		method: 'PUT',
		targetPath: (batch) => `/v2/users/${batch.keys[TARGET]}/invitation`,
		sequential: false,
		parameters: {
			resource: 'lockUser',
			operation: 'updateInvitation',
			invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.userId }}' } },
			sendEmail: true,
			options: OPTIONS,
		},
		credential: (stack, continueOnFail) => (continueOnFail ? stack.credentials.boldBearer : stack.credentials.boldApiKey),
		reconciles: false,
		batch: async (stack) => {
			await stack.double.seed({ boldUsers: [{ id: 7, emailAddress: 'fm.lock@example.com' }] });
			const keys = ['2', '5', '7'];
			return { keys, items: keys.map((userId) => ({ userId })) };
		},
		aim: (batch, rule) => [{ method: 'PUT', path: `^/v2/users/${batch.keys[TARGET]}/invitation$`, ...rule }],
		sent: (state, batch) => batch.keys.map((id) => state.bold.emailsByUser[id] ?? 0),
		expectDone: (item, id) => expect(item.json).toEqual({ id: Number(id), sendEmail: true }),
		ambiguousWarning: /update of user 5 was sent, so the invitation e-mail may have been sent/,
		vendorWords: /Injected fault: status \d+\.[\s\S]*Error code: injectedFaultError/,
	},
];

/** What the target item comes to, and how many attempts it took. */
function expectedOutcome(
	op: OperationUnderTest,
	fault: FaultRow,
): { ok: true; attempts: number } | { ok: false; attempts: number; message: string; sent: 0 | 1; httpCode?: string } {
	const item = ` [item ${TARGET}]`;
	// An ambiguous failure that came with an HTTP status carries it too.
	const rule = fault.rule();
	const answered = rule.kind === 'status' ? String(rule.status) : rule.kind === 'malformed' ? '200' : undefined;
	const mayHave = `${fault.message}; the request may have been carried out${item}`;
	switch (fault.class) {
		case 'notProcessed':
			return { ok: true, attempts: 2 };
		case 'final':
			return { ok: false, attempts: fault.attempts ?? 1, message: `${finalMessage(op, fault)}${item}`, sent: 0, httpCode: String(fault.status) };
		case 'ambiguousBefore':
			return op.reconciles
				? { ok: true, attempts: 2 }
				: { ok: false, attempts: 1, message: mayHave, sent: 0, httpCode: answered };
		case 'ambiguousAfter':
			return op.reconciles
				? { ok: true, attempts: 1 }
				: { ok: false, attempts: 1, message: mayHave, sent: 1, httpCode: answered };
		case 'ambiguousEveryTime':
			// Each reconciliation finds nothing done, so the message need not warn; the third failure is final.
			return op.reconciles
				? { ok: false, attempts: OPTIONS.maxRetries + 1, message: `${fault.message}${item}`, sent: 0 }
				: { ok: false, attempts: 1, message: mayHave, sent: 0, httpCode: answered };
	}
}

/**
 * A 404 and a 409 read per operation: Create User's 404 is a path not served and its 409 an existing user;
 * Resend and Update name the user on a 404 and call a 409 what the API said, a conflict.
 */
function finalMessage(op: OperationUnderTest, fault: FaultRow): string {
	if (fault.status === 409 && op.label !== 'Create User') {
		return 'The API reported a conflict with an existing record (409)';
	}
	if (fault.status !== 404) return String(fault.message);
	if (op.label === 'Create User') return 'Create User: this environment does not serve the "Account Users" endpoints (404)';
	return op.vendor === 'bold' ? 'Bold user 5 was not found' : 'User AUSR-0000-0003 was not found';
}

describeE2e('fault matrix in real n8n: faults × operations × Continue On Fail', (stack: () => Stack) => {
	for (const op of OPERATIONS) {
		for (const continueOnFail of [true, false]) {
			describe(`${op.label}, Continue On Fail ${continueOnFail ? 'on' : 'off'}`, () => {
				let workflow: ReusableWorkflow;
				beforeAll(async () => {
					workflow = await ReusableWorkflow.create(stack(), {
						name: `faults ${op.label} cof=${continueOnFail}`,
						credential: op.credential(stack(), continueOnFail),
						parameters: op.parameters,
						continueOnFail,
					});
				});

				test.each(FAULTS.map((fault) => [fault.name, fault] as const))('%s', async (_, fault) => {
					await stack().double.reset();
					const batch = await op.batch(stack());
					const rule = fault.rule();
					await stack().double.faults(op.aim(batch, rule));

					const run = await workflow.run(batch.items);
					const state = await stack().double.state();
					const expected = expectedOutcome(op, fault);
					const itemCount = batch.items.length;

					// Nothing twice, whatever happened.
					expect(nothingTwice(state)).toEqual(NOTHING_TWICE);
					expectNoSecrets(JSON.stringify(run.answer.data) + run.execution.rawData);

					// Without Continue On Fail no item starts after a failure: with Concurrency 1 (Create User)
					// item 2 is still waiting when item 1 fails; with the default Concurrency all three are under way.
					const laterItemsSkipped = !continueOnFail && !expected.ok && op.sequential;
					const sent = op.sent(state, batch);
					expect(sent).toEqual(
						batch.keys.map((_, i) => {
							if (i === TARGET) return expected.ok ? 1 : expected.sent;
							return laterItemsSkipped && i > TARGET ? 0 : 1;
						}),
					);
					if (op.vendor === 'softwareOne') {
						// Every membership that exists now got exactly one invitation e-mail.
						const emails = state.softwareOne.invitationEmailsByUser;
						for (const count of Object.values(emails)) expect(count).toBe(1);
					} else {
						expect(state.bold.smsByUser).toEqual({});
					}

					// Attempts: a 4xx/500 is never repeated; an unsafe request after an ambiguous failure only
					// after the reconciliation found nothing; an answer lost after the work is not repeated.
					const sends = state.requests.filter((r) => r.method === op.method);
					let attempts: DoubleState['requests'];
					if (op.targetPath) {
						const targetPath = op.targetPath(batch);
						attempts = sends.filter((r) => r.path.includes(targetPath));
					} else {
						// One path for all, one item at a time: item 0's request, item 1's attempts, item 2's.
						const others = itemCount - 1 - (laterItemsSkipped ? 1 : 0);
						expect(sends).toHaveLength(others + expected.attempts);
						attempts = sends.slice(TARGET, TARGET + expected.attempts);
					}
					expect(attempts).toHaveLength(expected.attempts);
					expect(attempts[0].fault).toBe(rule.kind);
					if (fault.waited) fault.waited(rule, Date.parse(attempts[0].at), Date.parse(attempts[1].at));

					if (continueOnFail || expected.ok) {
						expect(run.answer.status).toBe(200);
						expect(run.execution.status).toBe('success');
						expect(run.output).toHaveLength(itemCount);
						expect(pairedIndexes(run.output)).toEqual(batch.keys.map((_, i) => i));
						batch.keys.forEach((key, i) => {
							if (i === TARGET && !expected.ok) return;
							op.expectDone(run.output[i], key);
						});
						if (!expected.ok) {
							const failed = run.output[TARGET].json;
							expect(failed.error).toBe(expected.message);
							expect(Object.keys(failed).sort()).toEqual(expected.httpCode ? ['description', 'error', 'httpCode'] : ['description', 'error']);
							if (expected.httpCode) expect(failed.httpCode).toBe(expected.httpCode);
							expectDescription(op, fault, String(failed.description));
						}
					} else {
						// Without Continue On Fail the run fails with the item's message, and names the item.
						expect(run.answer.status).toBe(500);
						expect(run.execution.status).toBe('error');
						expect(run.output).toEqual([]);
						expect(run.error.message).toBe(expected.message);
						expect(run.execution.data.resultData.error.message).toBe(expected.message);
						expect(errorItemIndex(run.error)).toBe(TARGET);
						if (expected.httpCode) expect(String(run.error.httpCode)).toBe(expected.httpCode);
						expectDescription(op, fault, String(run.error.description));
					}
				});
			});
		}
	}
});

// Resend Invite to a pending invitation judges an ambiguous failure by the user's audit.updated.at:
// newer than the first attempt (less 5 s of clock leeway) counts as sent. Reset-after-processing is
// in resilience.e2e.test.ts; here the faults where the API did nothing. The users are seeded once and
// left alone for 5.5 s, so that their last change lies before that leeway; each case uses its own user
// (no reset in between) and compares counters before and after.
describeE2e('fault matrix in real n8n: Resend Invite to a pending invitation', (stack: () => Stack) => {
	const AMBIGUOUS_BEFORE = FAULTS.filter((fault) => fault.class === 'ambiguousBefore');
	const LEEWAY_MS = 5_000;
	let workflow: ReusableWorkflow;
	let users: Record<string, string>;

	beforeAll(async () => {
		await stack().double.reset();
		const seeded = (
			await stack().double.seed({
				softwareOneUsers: AMBIGUOUS_BEFORE.map((_, i) => ({ email: `fm.pending${i}@example.com`, status: 'Invited' })),
			})
		).softwareOneUsers;
		users = Object.fromEntries(AMBIGUOUS_BEFORE.map((fault, i) => [fault.name, String(seeded[i].id)]));
		workflow = await ReusableWorkflow.create(stack(), {
			name: 'faults Resend Invite pending',
			credential: stack().credentials.softwareOneBearer,
			parameters: {
				resource: 'accountUser',
				operation: 'resendInvite',
				userId: byResourceLocator('={{ $json.id }}'),
				invitationKind: 'auto',
				options: OPTIONS,
			},
			continueOnFail: true,
		});
		await sleep(LEEWAY_MS + 500);
	});

	async function resendOnce(id: string, rule: Omit<FaultRule, 'method' | 'path'>) {
		await stack().double.faults([{ method: 'POST', path: `/${id}/resend-invite$`, ...rule }]);
		const before = await stack().double.state();
		const run = await workflow.run([{ id }]);
		const after = await stack().double.state();
		await stack().double.clearFaults();
		expect(nothingTwice(after)).toEqual(NOTHING_TWICE);
		expectNoSecrets(JSON.stringify(run.answer.data) + run.execution.rawData);
		return {
			run,
			emails: delta(before.softwareOne.invitationEmailsByUser, after.softwareOne.invitationEmailsByUser),
			posts: after.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${id}/`)).length -
				before.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${id}/`)).length,
		};
	}

	test.each(AMBIGUOUS_BEFORE.map((fault) => [fault.name, fault] as const))(
		'%s: the audit shows nothing was sent → sent again, exactly one e-mail',
		async (name, fault) => {
			const id = users[name];
			const { run, emails, posts } = await resendOnce(id, fault.rule());
			expect(run.output).toHaveLength(1);
			expect(pairedIndexes(run.output)).toEqual([0]);
			expect(run.output[0].json).toMatchObject({ id, invitationStatus: 'Invited' });
			expect(emails).toEqual({ [id]: 1 });
			expect(posts).toBe(2);
		},
	);

	// Node bug: an invitation changed less than 5 s before the resend (for example, sent moments ago)
	// makes the node count its own failed request as sent: success is reported, no e-mail goes out.
	test('an invitation changed 1 s before: a 502 before processing still sends exactly one e-mail', async () => {
		const [fresh] = (await stack().double.seed({ softwareOneUsers: [{ email: 'fm.pending.fresh@example.com', status: 'Invited' }] }))
			.softwareOneUsers;
		await sleep(1000);
		const id = String(fresh.id);
		const { run, emails, posts } = await resendOnce(id, { kind: 'status', status: 502, times: 1 });
		expect(run.output).toHaveLength(1);
		expect(run.output[0].json).toMatchObject({ id, invitationStatus: 'Invited' });
		// The node returned the user as re-invited; the user must then have had the e-mail.
		expect({ emails, posts }).toEqual({ emails: { [id]: 1 }, posts: 2 });
	});
});

describeE2e('fault matrix in real n8n: afterwards', (stack: () => Stack) => {
	test('no secret in the n8n log after every fault above', () => {
		const log = fs.readFileSync(stack().n8n.logPath, 'utf8');
		expect(log.length).toBeGreaterThan(0);
		expectNoSecrets(log);
	});
});

/** The description tells the user what to do: the vendor's words for an API error, the risk for an ambiguous one. */
function expectDescription(op: OperationUnderTest, fault: FaultRow, description: string): void {
	expectNoSecrets(description);
	if (fault.class === 'final') {
		expect(description).toMatch(op.vendorWords);
	} else if (op.ambiguousWarning) {
		expect(description).toMatch(op.ambiguousWarning);
	}
}
