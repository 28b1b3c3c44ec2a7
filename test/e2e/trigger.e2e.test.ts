// The User Invitation Trigger in real n8n. n8n polls at its own schedule (every minute at the
// shortest: 2.41.1 refuses sub-minute cron expressions for polling nodes), and once at once on every
// publish, with the state read back from the database. So only what is about the schedule itself
// waits for n8n's minute: a poll between changes, a failed poll, a slow poll overlapping the next
// tick, and the polls between n8n restarts (a scheduled poll that starts nothing saves nothing, which
// no publish can show). Those scenarios each get their own API double and credential and start
// together in beforeAll, so they share the same ticks; everything else is driven by re-publishing
// and runs on the shared double meanwhile. Each event must start the workflow exactly once.
// The tests assert events and executions, never which list queries the trigger makes: a "poll" is
// any read of the account users that reached the double.
// They run the trigger at version 1.2, what a new node gets (cheap polls: pending invitations, new
// users, lone reads; every user only at a full reconcile). A change only the full reconcile sees
// (an Active user's groups or removal, an expired invitation renewed and accepted between two polls,
// a second expiry across a restart: docs/TRIGGER.md, "Which events each poll sees") is tested with
// RECONCILE_AT_EVERY_POLL. One test keeps a version 1 workflow, as saved before 1.2, proven.
import { randomUUID } from 'node:crypto';
import {
	type CredentialRef,
	credentialSpecs,
	DoubleClient,
	describeE2e,
	type Item,
	type Json,
	loadExample,
	N8nClient,
	type N8nServer,
	OWNER,
	PACKAGE_NAME,
	restartN8n,
	type SavedWorkflow,
	SECRETS,
	type Stack,
	sleep,
	startDouble,
	startEgressSink,
	startN8n,
} from '../../tools/n8n';
import { delta, expectNoSecrets } from './helpers';

const TRIGGER = 'User Invitation Trigger';
const LIST_PATH = '/public/v1/accounts/account-users';
/** Longer than one minute tick plus a busy machine's delay. */
const TICK_WAIT_MS = 100_000;
/** A scenario that waits for several ticks (and n8n restarts) on a loaded 2-core machine. */
const SCENARIO_TIMEOUT_MS = 600_000;
/** The version a trigger node dragged onto the canvas gets. */
const CURRENT_VERSION = 1.2;
/**
 * Full Reconcile Every 0.0001 h (0.36 s, shorter than any gap between two polls here): each poll
 * after the first ends with 1.2's paged full reconcile (0 would switch to version 1's read of every
 * user instead). For what only the reconcile can see; the 6 h default would not come within a test.
 */
const RECONCILE_AT_EVERY_POLL = { reconcileHours: 0.0001 };

function triggerWorkflow(name: string, credential: CredentialRef, parameters: Record<string, Json>, typeVersion = CURRENT_VERSION): Json {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: `${PACKAGE_NAME}.userInvitationTrigger`,
				typeVersion,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					authentication: 'bearerToken',
					...parameters,
				},
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const summary = (items: Item[]) =>
	items.map((item) => `${String(item.json.email)}:${String(item.json.event)}:${String(item.json.previousStatus)}`).sort();

/** One n8n and the double its trigger reads: the shared stack's, or a scenario's own. */
interface Ground {
	client: N8nClient;
	double: DoubleClient;
}

/** Reads of the account users at the double since `sinceIso`, whichever the trigger makes (list, filtered list, one user). */
async function triggerReads(double: DoubleClient, sinceIso: string, status?: number) {
	return (await double.requests()).filter(
		(r) => r.method === 'GET' && r.path.startsWith(LIST_PATH) && r.at > sinceIso && (status === undefined || r.status === status),
	);
}

/** Waits for the trigger's next poll after `sinceIso` to reach the double, and for that poll to end. */
async function pollAfter(double: DoubleClient, sinceIso: string, { status, waitMs = TICK_WAIT_MS }: { status?: number; waitMs?: number } = {}) {
	const deadline = Date.now() + waitMs;
	while ((await triggerReads(double, sinceIso, status)).length === 0) {
		if (Date.now() > deadline) throw new Error(`no poll reached the double within ${waitMs / 1000} s`);
		await sleep(500);
	}
	await sleep(3000);
}

async function successfulExecutions(client: N8nClient, workflowId: string) {
	return (await client.executionIds(workflowId)).filter((e) => e.status === 'success');
}

/** The next successful execution not in `seen` (a failed poll records an error execution in between). */
async function nextSuccess(client: N8nClient, workflowId: string, seen: string[], waitMs = TICK_WAIT_MS) {
	const deadline = Date.now() + waitMs;
	for (;;) {
		const fresh = (await successfulExecutions(client, workflowId)).filter((e) => !seen.includes(e.id));
		if (fresh.length > 0) return await client.waitForExecution(fresh[0].id);
		if (Date.now() > deadline) throw new Error(`no new successful execution within ${waitMs / 1000} s`);
		await sleep(500);
	}
}

/** Every item the trigger put out over all of a workflow's executions so far, oldest execution first. */
async function allEvents(client: N8nClient, workflowId: string) {
	const executions = (await client.executionIds(workflowId)).sort((a, b) => Number(a.id) - Number(b.id));
	const events: Array<{ execution: string; json: Record<string, Json> }> = [];
	for (const { id } of executions) {
		for (const item of N8nClient.nodeItems(await client.waitForExecution(id), TRIGGER)) events.push({ execution: id, json: item.json });
	}
	return { executions, events };
}

/** Asks until `check` returns a value (an execution n8n is still writing, say), for up to `waitMs`. */
async function eventually<T>(check: () => Promise<T | undefined>, waitMs: number): Promise<T> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`not so within ${waitMs / 1000} s`);
		await sleep(1000);
	}
}

/** The trigger's kept users as n8n stored them with the workflow, once the poll at publishing stored them. */
async function storedState(client: N8nClient, saved: SavedWorkflow, nodeName = TRIGGER): Promise<Record<string, string>> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const { data } = await client.rest('get', `/workflows/${saved.id}`);
		const state = data.data.staticData?.[`node:${nodeName}`];
		if (state?.users) return state.users;
		if (Date.now() > deadline) throw new Error('the activation poll stored no state within 30 s');
		await sleep(250);
	}
}

/** The version of the trigger's state as n8n stored it: 4 from trigger version 1.2's polls, 3 from a read of every user. */
async function storedStateVersion(client: N8nClient, saved: SavedWorkflow): Promise<unknown> {
	const { data } = await client.rest('get', `/workflows/${saved.id}`);
	return data.data.staticData?.[`node:${TRIGGER}`]?.version;
}

/** Deactivates and publishes again: n8n polls once at activation, with the state it saved. */
async function republish(client: N8nClient, saved: SavedWorkflow) {
	await client.deactivateWorkflow(saved);
	await client.activateWorkflow(saved);
}

/** The user joins a group, through the API as a person or another workflow would. */
async function addToGroup(doubleUrl: string, userId: string, groupId: string) {
	const answer = await fetch(`${doubleUrl}${LIST_PATH}/${encodeURIComponent(userId)}/groups`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SECRETS.softwareOneToken}`, 'content-type': 'application/json' },
		body: JSON.stringify({ id: groupId }),
	});
	expect(answer.status).toBe(200);
}

/** Starts a scenario now and keeps its failure for the test that awaits it (no unhandled rejection meanwhile). */
function inBackground<T>(scenario: () => Promise<T>): Promise<T> {
	const running = scenario();
	running.catch(() => undefined);
	return running;
}

const idsByName = (seeded: Array<Record<string, Json>>) => Object.fromEntries(seeded.map((u) => [String(u.email).split('@')[0], String(u.id)]));

describeE2e('User Invitation Trigger in real n8n', (stack: () => Stack) => {
	const active: Array<{ client: () => N8nClient; saved: SavedWorkflow }> = [];
	const ownDoubles: Array<{ close(): Promise<void> }> = [];
	const shared = (): Ground => ({ client: stack().client, double: stack().double });

	/** An API double of the scenario's own, and a credential for it in the shared n8n. */
	async function ownGround(): Promise<Ground & { credential: CredentialRef; url: string }> {
		const double = await startDouble();
		ownDoubles.push(double);
		const spec = credentialSpecs(double.url).softwareOneBearer;
		const credential = await stack().client.createCredential({ ...spec, name: `${spec.name}, double ${double.port}` });
		return { client: stack().client, double: new DoubleClient(double.url), credential, url: double.url };
	}

	/** Publishes the workflow and waits for n8n's poll at activation to store its state. */
	async function activate(ground: Ground, workflow: Json, nodeName = TRIGGER): Promise<{ saved: SavedWorkflow; state: Record<string, string> }> {
		const saved = await ground.client.createWorkflow(workflow);
		await ground.client.activateWorkflow(saved);
		active.push({ client: () => ground.client, saved });
		return { saved, state: await storedState(ground.client, saved, nodeName) };
	}

	// ---- The scenarios on n8n's schedule, started together so that they share the ticks ----

	async function onTheSchedule() {
		const ground = await ownGround();
		const { client, double } = ground;
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: ['accept', 'expire', 'roundtrip', 'leave', 'stay'].map((name) => ({ email: `${name}@example.com`, status: 'Invited' })),
		});
		const id = idsByName(seeded);
		const startedAt = new Date().toISOString();
		const { saved, state } = await activate(
			ground,
			triggerWorkflow(`trigger e2e ${randomUUID().slice(0, 8)}`, ground.credential, {
				events: ['invitationAccepted', 'invitationExpired', 'userAdded'],
				options: { maxRetries: 0 },
			}),
		);
		const atActivation = {
			reads: (await triggerReads(double, startedAt)).length,
			state,
			acceptEntry: state[id.accept],
			executions: await client.executionIds(saved.id),
		};

		const changedAt = new Date().toISOString();
		await double.accept(id.accept);
		await double.expire(id.expire);
		await double.expire(id.roundtrip);
		await double.invite(id.roundtrip);
		await double.accept(id.roundtrip);
		await double.remove(id.leave);
		await double.seed({ softwareOneUsers: [{ email: 'new.hire@example.com', status: 'Invited' }] });

		const first = await nextSuccess(client, saved.id, []);
		const readsAfterChange = (await triggerReads(double, changedAt)).length;

		// The next poll fails (503, no retry); the change made before it must come with the poll after.
		await double.faults([{ method: 'GET', path: `^${LIST_PATH}$`, kind: 'status', status: 503, times: 1 }]);
		const faultedAt = new Date().toISOString();
		await double.expire(id.stay);
		await pollAfter(double, faultedAt, { status: 503 });
		const successesAfterFailure = (await successfulExecutions(client, saved.id)).length;

		const second = await nextSuccess(client, saved.id, [first.id]);
		return { id, atActivation, first, readsAfterChange, successesAfterFailure, second, successes: await successfulExecutions(client, saved.id) };
	}

	async function overlappingPolls() {
		const ground = await ownGround();
		const { client, double } = ground;
		const { softwareOneUsers: seeded } = await double.seed({ softwareOneUsers: [{ email: 'overlap@example.com', status: 'Invited' }] });
		const userId = String(seeded[0].id);
		const { saved } = await activate(
			ground,
			triggerWorkflow(`trigger e2e overlap ${randomUUID().slice(0, 8)}`, ground.credential, {
				events: ['invitationAccepted'],
				// The slow answer below (75 s) must not time out: the poll is slow, not failed.
				options: { timeout: 120 },
			}),
		);

		// The next scheduled poll (A) reads the list as it is now (Invited) and gets the answer 75 s
		// later, after n8n's next tick (B) has started a poll of its own.
		await double.faults([{ method: 'GET', path: `^${LIST_PATH}$`, kind: 'latency', delayMs: 75_000, afterProcessing: true, times: 1 }]);
		const faultHits = async () => {
			const response = await fetch(`${ground.url}/__control/faults`);
			const body = (await response.json()) as { rules?: Array<{ hits?: number }> } | Array<{ hits?: number }>;
			const rules = Array.isArray(body) ? body : (body.rules ?? []);
			return rules.reduce((sum, rule) => sum + (rule.hits ?? 0), 0);
		};
		const deadline = Date.now() + TICK_WAIT_MS;
		while ((await faultHits()) < 1) {
			if (Date.now() > deadline) throw new Error(`no scheduled poll reached the double within ${TICK_WAIT_MS / 1000} s`);
			await sleep(250);
		}
		const slowPollAt = Date.now();
		await double.accept(userId);

		// Without one-poll-at-a-time, B reports the acceptance, A then writes back its stale read
		// (Invited), and the poll after reports the acceptance a second time. With it, B reports nothing
		// and the acceptance comes with the tick after B: up to about 125 s after A's read.
		const first = await nextSuccess(client, saved.id, [], 200_000);
		// Wait for a poll that starts after A's late answer (the one that would report a second time), then count.
		await pollAfter(double, new Date(slowPollAt + 80_000).toISOString());
		return { first, statuses: (await client.executionIds(saved.id)).map((e) => e.status) };
	}

	/**
	 * One n8n of its own (and double), stopped and started twice, with two published workflows:
	 * R1 follows an invitation that expires, is sent again and expires again while n8n is down;
	 * R2 (User Removed, Groups Changed) sees a user leave and another change groups before the first
	 * restart, and the same again while n8n is down. Returns what each test below checks.
	 */
	async function acrossRestarts() {
		const double = await startDouble();
		ownDoubles.push(double);
		const api = new DoubleClient(double.url);
		const egress = await startEgressSink();
		let n8n: N8nServer | undefined;
		try {
			n8n = await startN8n({ tarball: stack().tarball, env: egress.env });
			let client = new N8nClient(n8n);
			await client.setupOwner(OWNER);
			const credential = await client.createCredential(credentialSpecs(double.url).softwareOneBearer);
			const { softwareOneUsers: seeded } = await api.seed({
				softwareOneUsers: [
					{ email: 'again@example.com', status: 'Invited' },
					{ email: 'gone@example.com', status: 'Invited' },
					{ email: 'regroup@example.com', status: 'Active' },
					{ email: 'left@example.com', status: 'Invited' },
					{ email: 'moved@example.com', status: 'Active' },
				],
			});
			const id = idsByName(seeded);
			// Both reconcile at every poll: the second expiry after a restart (R1's user is kept expired, not
			// pending) and the changes of R2's Active users are what only the full reconcile sees in 1.2.
			const r1 = await client.createWorkflow(
				triggerWorkflow(`trigger e2e restart ${randomUUID().slice(0, 8)}`, credential, {
					events: ['invitationExpired', 'invitationAccepted'],
					options: RECONCILE_AT_EVERY_POLL,
				}),
			);
			const r2 = await client.createWorkflow(
				triggerWorkflow(`trigger e2e restart removed ${randomUUID().slice(0, 8)}`, credential, {
					events: ['userRemoved', 'groupsChanged'],
					options: RECONCILE_AT_EVERY_POLL,
				}),
			);
			await client.activateWorkflow(r1);
			await client.activateWorkflow(r2);
			await storedState(client, r2);

			/** R1's user's entry in the trigger's state as n8n saved it in its database. */
			const savedEntry = async () => {
				const { data } = await client.rest('get', `/workflows/${r1.id}`);
				return data.data.staticData?.[`node:${TRIGGER}`]?.users?.[id.again] as string | undefined;
			};
			/** Waits until R2's executions hold an event of each of these users. */
			const r2Reported = async (names: string[]) =>
				await eventually(async () => {
					const { events } = await allEvents(client, r2.id);
					return names.every((name) => events.some((e) => e.json.id === id[name])) || undefined;
				}, TICK_WAIT_MS);
			const deadline = Date.now() + 30_000;
			// A watched user's entry (state version 5, as in 3 and 4): its group fingerprint, then its status code (and an expired user's audit mark).
			while (!/^[0-9a-z]{1,7}#I$/.test((await savedEntry()) ?? '')) {
				if (Date.now() > deadline) throw new Error('the poll at publishing saved no state within 30 s');
				await sleep(250);
			}

			// 1. R1's invitation expires; published again, n8n polls, starts one execution and saves the state.
			await api.expire(id.again);
			await republish(client, r1);
			const first = await nextSuccess(client, r1.id, [], 30_000);
			const firstExpiry = await savedEntry();

			// R2, before any restart: one user leaves, another joins a group.
			await api.remove(id.gone);
			await addToGroup(double.url, id.regroup, 'UGR-9999-0000');
			await republish(client, r2);
			await nextSuccess(client, r2.id, [], 30_000);

			// 2. R1's user gets a new invitation: the next scheduled poll sees Invited and starts nothing,
			//    so n8n 2.41.1 saves nothing. R2 polls on the same tick.
			const resentAt = new Date().toISOString();
			await api.invite(id.again);
			await pollAfter(api, resentAt);
			const r1AfterResend = { executions: (await client.executionIds(r1.id)).length, entry: await savedEntry() };
			await r2Reported(['regroup', 'gone']);
			const r2BeforeRestart = (await client.executionIds(r2.id)).map((e) => e.id);

			// 3. n8n stops; meanwhile R1's new invitation expires too, another user leaves and another changes
			//    groups; n8n starts on the same folder and polls as it activates the workflows again.
			n8n = await restartN8n(n8n, {
				whileStopped: async () => {
					await api.expire(id.again);
					await api.remove(id.left);
					await addToGroup(double.url, id.moved, 'UGR-9999-0000');
				},
			});
			client = new N8nClient(n8n);
			await client.login(OWNER);
			const second = await client.nextExecution(r1.id, [first.id], TICK_WAIT_MS);
			await r2Reported(['moved']);

			// 4. Stopped and started again right after those events; then one more scheduled poll.
			n8n = await restartN8n(n8n);
			client = new N8nClient(n8n);
			await client.login(OWNER);
			await r2Reported(['left']);
			const settledAt = new Date().toISOString();
			await pollAfter(api, settledAt);
			return {
				id,
				first,
				firstExpiry,
				r1AfterResend,
				second,
				r1Statuses: (await client.executionIds(r1.id)).map((e) => e.status),
				r2BeforeRestart,
				r2: await allEvents(client, r2.id),
				egress: egress.attempts(),
			};
		} finally {
			await n8n?.stop();
			await egress.close();
		}
	}

	let schedule: ReturnType<typeof onTheSchedule>;
	let overlap: ReturnType<typeof overlappingPolls>;
	let restarts: ReturnType<typeof acrossRestarts>;

	beforeAll(() => {
		restarts = inBackground(acrossRestarts);
		schedule = inBackground(onTheSchedule);
		overlap = inBackground(overlappingPolls);
	});

	beforeEach(async () => {
		await stack().double.reset();
	});

	afterAll(async () => {
		await Promise.allSettled([schedule, overlap, restarts]);
		// An active trigger would go on polling during the next test files.
		for (const { client, saved } of active) await client().deactivateWorkflow(saved).catch(() => undefined);
		for (const double of ownDoubles) await double.close().catch(() => undefined);
	}, SCENARIO_TIMEOUT_MS);

	// ---- Driven by publishing (n8n polls at once), on the shared double, while the ticks go by ----

	test('re-published (state read back from the database): nothing again, only what changed since', async () => {
		const { client, double } = shared();
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: [{ email: 'kept@example.com', status: 'Invited' }],
		});
		const keptId = String(seeded[0].id);
		const { saved } = await activate(
			shared(),
			triggerWorkflow(`trigger e2e republish ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneApiKey, {
				authentication: 'apiKey',
				events: ['invitationAccepted', 'invitationExpired'],
				pollTimes: { item: [{ mode: 'everyHour', minute: 59 }] },
				// The last step (an expired invitation renewed and accepted between two polls) is seen by the full reconcile only.
				options: RECONCILE_AT_EVERY_POLL,
			}),
		);
		expect(await client.executionIds(saved.id)).toEqual([]);

		await double.expire(keptId);
		await republish(client, saved);
		const first = await client.nextExecution(saved.id, [], 30_000);
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['kept@example.com:invitationExpired:Invited']);

		// Published again with nothing changed: the saved state already holds the expiry.
		const beforeRead = new Date().toISOString();
		await republish(client, saved);
		await pollAfter(double, beforeRead, { waitMs: 30_000 });
		expect(await client.executionIds(saved.id)).toHaveLength(1);

		await double.invite(keptId);
		await double.accept(keptId);
		await republish(client, saved);
		const second = await client.nextExecution(saved.id, [first.id], 30_000);
		expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['kept@example.com:invitationAccepted:InvitationExpired']);
	}, 120_000);

	test('User Removed and Groups Changed: each once, both by the first poll after, none again after re-publishing', async () => {
		const { client, double } = shared();
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: [
				{ email: 'gone@example.com', status: 'Invited' },
				{ email: 'regroup@example.com', status: 'Active' },
			],
		});
		const id = idsByName(seeded);
		const { saved } = await activate(
			shared(),
			triggerWorkflow(`trigger e2e removed ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['userRemoved', 'groupsChanged'],
				// Only publishing polls here: the hour's tick is not part of this test.
				pollTimes: { item: [{ mode: 'everyHour', minute: 59 }] },
				// An Active user's new groups are seen by the full reconcile only.
				options: RECONCILE_AT_EVERY_POLL,
			}),
		);
		expect(await client.executionIds(saved.id)).toEqual([]);

		await double.remove(id.gone);
		await addToGroup(stack().double.url, id.regroup, 'UGR-9999-0000');

		// The first poll after: both. Version 1.2 reads a watched user missing from the lists alone and
		// reports the removal on its 404 (version 1 needed a second poll without the user: the test below).
		await republish(client, saved);
		const first = await client.nextExecution(saved.id, [], 30_000);
		const items = N8nClient.nodeItems(first, TRIGGER).map((item) => item.json);
		expect(items.map((json) => json.event).sort()).toEqual(['groupsChanged', 'userRemoved']);
		const regrouped = items.find((json) => json.event === 'groupsChanged') ?? {};
		expect(regrouped).toMatchObject({ event: 'groupsChanged', id: id.regroup, previousStatus: 'Active', email: 'regroup@example.com' });
		expect([...(regrouped.groupIds as unknown as string[])].sort()).toEqual(['UGR-1234-5678', 'UGR-9999-0000']);
		expect(items.find((json) => json.event === 'userRemoved')).toEqual({ event: 'userRemoved', id: id.gone, previousStatus: 'Invited' });
		expect(await storedStateVersion(client, saved)).toBe(5);

		// Published again, twice: the state read back from the database reports neither again.
		for (let round = 0; round < 2; round++) {
			const againAt = new Date().toISOString();
			await republish(client, saved);
			await pollAfter(double, againAt, { waitMs: 30_000 });
		}
		const { executions } = await allEvents(client, saved.id);
		expect(executions.map((e) => e.status)).toEqual(['success']);
	}, 120_000);

	test('version 1 (a workflow saved before 1.2): accepted, expired, added, groups changed and removed each start it once, none again', async () => {
		const { client, double } = shared();
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: [
				{ email: 'joins@example.com', status: 'Invited' },
				{ email: 'lapses@example.com', status: 'Invited' },
				{ email: 'gone@example.com', status: 'Invited' },
				{ email: 'regroup@example.com', status: 'Active' },
			],
		});
		const id = idsByName(seeded);
		const { saved, state } = await activate(
			shared(),
			triggerWorkflow(
				`trigger e2e version 1 ${randomUUID().slice(0, 8)}`,
				stack().credentials.softwareOneBearer,
				{
					events: ['invitationAccepted', 'invitationExpired', 'userAdded', 'userRemoved', 'groupsChanged'],
					pollTimes: { item: [{ mode: 'everyHour', minute: 59 }] },
				},
				1,
			),
		);
		// Version 1 reads and keeps every user at every poll (state version 3): the double's own 3 and these 4.
		expect(Object.keys(state)).toHaveLength(7);
		expect(await storedStateVersion(client, saved)).toBe(3);
		expect(await client.executionIds(saved.id)).toEqual([]);

		await double.accept(id.joins);
		await double.expire(id.lapses);
		await double.remove(id.gone);
		await addToGroup(stack().double.url, id.regroup, 'UGR-9999-0000');
		await double.seed({ softwareOneUsers: [{ email: 'newcomer@example.com', status: 'Invited' }] });

		// Version 1 reports a removal on the second poll without the user (one read of a moving list can hide it);
		// then once more to see nothing repeated.
		for (let round = 0; round < 3; round++) {
			const at = new Date().toISOString();
			await republish(client, saved);
			await pollAfter(double, at, { waitMs: 30_000 });
		}
		const { executions, events } = await eventually(async () => {
			const all = await allEvents(client, saved.id);
			return all.events.some((e) => e.json.event === 'userRemoved') ? all : undefined;
		}, 30_000);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(events.map((e) => `${String(e.json.event)}:${String(e.json.id)}:${String(e.json.previousStatus)}`).sort()).toEqual(
			[
				`invitationAccepted:${id.joins}:Invited`,
				`invitationExpired:${id.lapses}:Invited`,
				`userAdded:${String(events.find((e) => e.json.email === 'newcomer@example.com')?.json.id)}:null`,
				`groupsChanged:${id.regroup}:Active`,
				`userRemoved:${id.gone}:Invited`,
			].sort(),
		);
		// The removal came with the second poll, the rest with the first.
		expect(events.find((e) => e.json.event === 'userRemoved')?.execution).toBe(executions[executions.length - 1]?.id);
		expect(events.filter((e) => e.json.event !== 'userRemoved').map((e) => e.execution)).toEqual(Array(4).fill(executions[0].id));
	}, 120_000);

	test('version 1.2: a quiet poll reads pending and new users only; accepted, expired, added and removed each once, one read per change', async () => {
		const { client, double, credential } = await ownGround();
		const fillers = Array.from({ length: 250 }, (_, index) => ({ email: `steady${index}@example.com`, status: 'Active' }));
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: [
				{ email: 'joins@example.com', status: 'Invited' },
				{ email: 'lapses@example.com', status: 'Invited' },
				{ email: 'revoked@example.com', status: 'Invited' },
				...fillers,
			],
		});
		const id = idsByName(seeded);
		const { saved } = await activate(
			{ client, double },
			triggerWorkflow(
				`trigger e2e 1.2 ${randomUUID().slice(0, 8)}`,
				credential,
				{
					events: ['invitationAccepted', 'invitationExpired', 'userAdded', 'userRemoved'],
					pollTimes: { item: [{ mode: 'everyHour', minute: 59 }] },
				},
				1.2,
			),
		);
		expect(await client.executionIds(saved.id)).toEqual([]);

		// Quiet: 253 users are three pages to read in full; the 1.2 poll asks for pending and new users only.
		const quietAt = new Date().toISOString();
		await republish(client, saved);
		await pollAfter(double, quietAt, { waitMs: 30_000 });
		const quietReads = await triggerReads(double, quietAt);
		expect(quietReads.length).toBeLessThanOrEqual(3);
		expect(quietReads.map((read) => decodeURIComponent(read.query ?? '')).join(' ')).toContain('eq(invitation.status,Invited)');
		expect(await client.executionIds(saved.id)).toEqual([]);

		await double.accept(id.joins);
		await double.expire(id.lapses);
		await double.remove(id.revoked);
		await double.seed({ softwareOneUsers: [{ email: 'newcomer@example.com', status: 'Invited' }] });
		const changedAt = new Date().toISOString();
		await republish(client, saved);
		const first = await client.nextExecution(saved.id, [], 30_000);
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual([
			'joins@example.com:invitationAccepted:Invited',
			'lapses@example.com:invitationExpired:Invited',
			'newcomer@example.com:userAdded:null',
			'undefined:userRemoved:Invited',
		]);
		// Four changes: the pending list, the new users and each pending user who left the list, alone.
		expect((await triggerReads(double, changedAt)).length).toBeLessThanOrEqual(2 + 4);

		// Published again: the state read back from the database reports none of them again.
		const againAt = new Date().toISOString();
		await republish(client, saved);
		await pollAfter(double, againAt, { waitMs: 30_000 });
		expect(await client.executionIds(saved.id)).toHaveLength(1);
	}, 180_000);

	test('Fetch Test Event: a real recent user, and the trigger\'s state is left alone', async () => {
		const { client, double } = shared();
		await double.seed({ softwareOneUsers: [{ email: 'sample.expired@example.com', status: 'InvitationExpired' }] });
		const saved = await client.createWorkflow(
			triggerWorkflow(`trigger e2e sample ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationExpired'],
			}),
		);
		const execution = await client.waitForExecution(await client.runManually(saved.id, TRIGGER));
		expect(execution.status).toBe('success');
		const [sample, ...rest] = N8nClient.nodeItems(execution, TRIGGER);
		expect(rest).toEqual([]);
		expect(sample.json).toMatchObject({
			event: 'invitationExpired',
			previousStatus: 'Invited',
			email: 'sample.expired@example.com',
			invitationStatus: 'InvitationExpired',
		});
		const { data } = await client.rest('get', `/workflows/${saved.id}`);
		expect(data.data.staticData?.[`node:${TRIGGER}`]).toBeUndefined();

		// Nothing fits "accepted" among the seed when filtered to another domain: a clear message.
		const none = await client.createWorkflow(
			triggerWorkflow(`trigger e2e no sample ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationAccepted'],
				filters: { emailPattern: '*@nowhere.example' },
			}),
		);
		const failed = await client.waitForExecution(await client.runManually(none.id, TRIGGER));
		expect(failed.status).toBe('error');
		const error = N8nClient.nodeError(failed, TRIGGER) ?? failed.data.resultData.error;
		expect(error.message).toBe('No account user to show as a sample event');
		expect(String(error.description)).toContain('Loosen the filters');
	});

	test('invitation-expired-resend.json: each expired invitation gets one new invitation, once', async () => {
		const { client, double } = shared();
		const { softwareOneUsers: seeded } = await double.seed({
			softwareOneUsers: [
				{ email: 'lapse.one@example.com', status: 'Invited' },
				{ email: 'lapse.two@example.com', status: 'Invited' },
				{ email: 'joined@example.com', status: 'Invited' },
			],
		});
		// Run as shipped: the example's trigger node is version 1 (it reads every user at every poll).
		const { workflow } = loadExample('invitation-expired-resend.json', {
			credentials: { 'SoftwareOne (bearer token)': stack().credentials.softwareOneBearer },
		});
		const { saved } = await activate(shared(), workflow, 'Invitation Expired');
		expect(await client.executionIds(saved.id)).toEqual([]);

		const [one, two, joined] = seeded.map((u) => String(u.id));
		await double.expire(one);
		await double.expire(two);
		await double.accept(joined);
		const before = await double.state();
		await republish(client, saved);
		const execution = await client.nextExecution(saved.id, [], 30_000);
		expect(execution.status).toBe('success');

		expect(summary(N8nClient.nodeItems(execution, 'Invitation Expired'))).toEqual([
			'lapse.one@example.com:invitationExpired:Invited',
			'lapse.two@example.com:invitationExpired:Invited',
		]);
		const resent = N8nClient.nodeItems(execution, 'Resend Invite');
		expect(resent.map((item) => [item.json.email, item.json.invitationStatus])).toEqual([
			['lapse.one@example.com', 'Invited'],
			['lapse.two@example.com', 'Invited'],
		]);
		const after = await double.state();
		expect(delta(before.softwareOne.invitationEmailsByUser, after.softwareOne.invitationEmailsByUser)).toEqual({ [one]: 1, [two]: 1 });

		// Published again: the two are Invited now, nobody expired since: no execution, no e-mail.
		const beforeRead = new Date().toISOString();
		await republish(client, saved);
		await pollAfter(double, beforeRead, { waitMs: 30_000 });
		expect(await client.executionIds(saved.id)).toHaveLength(1);
		expect((await double.state()).softwareOne.invitationEmailsByUser).toEqual(after.softwareOne.invitationEmailsByUser);
	}, 120_000);

	// ---- The scheduled scenarios started in beforeAll: each test waits for its own ----

	test('on n8n\'s schedule: the first poll starts nothing; each change starts the workflow once; a failed poll loses nothing', async () => {
		const { id, atActivation, first, readsAfterChange, successesAfterFailure, second, successes } = await schedule;

		// Activation polls once: it reads all 8 users (3 of the double's own + 5) and starts nothing. Version 1.2
		// keeps only the invitations it watches (state version 5): the 5 pending and the double's invited and
		// expired users, not its Active one (version 1 kept all 8).
		expect(atActivation.reads).toBeGreaterThanOrEqual(1);
		expect(Object.keys(atActivation.state)).toHaveLength(7);
		expect(Object.keys(atActivation.state)).toEqual(expect.arrayContaining(Object.values(id)));
		// Its groups' fingerprint, then its status code (as in state version 3).
		expect(atActivation.acceptEntry).toMatch(/^[0-9a-z]{1,7}#I$/);
		expect(atActivation.executions).toEqual([]);

		// The first scheduled poll after the changes: one execution, one item per event.
		expect(first.mode).toBe('trigger');
		const items = N8nClient.nodeItems(first, TRIGGER);
		expect(summary(items)).toEqual([
			'accept@example.com:invitationAccepted:Invited',
			'expire@example.com:invitationExpired:Invited',
			'new.hire@example.com:userAdded:null',
			'roundtrip@example.com:invitationAccepted:Invited',
		]);
		expect(items.find((item) => item.json.email === 'accept@example.com')?.json).toMatchObject({
			id: id.accept,
			invitationStatus: 'Active',
			accountId: 'ACC-1234-5678',
			groupIds: ['UGR-1234-5678'],
		});
		expect(readsAfterChange).toBeGreaterThanOrEqual(1);

		// The failed poll started nothing; the change before it came with the poll after, once.
		expect(successesAfterFailure).toBe(1);
		expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['stay@example.com:invitationExpired:Invited']);
		expect(successes).toHaveLength(2);
		expectNoSecrets(first.rawData + second.rawData);
	}, SCENARIO_TIMEOUT_MS);

	test('overlapping polls (a slow poll still running at the next tick): one accepted invitation starts exactly one execution', async () => {
		const { first, statuses } = await overlap;
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['overlap@example.com:invitationAccepted:Invited']);
		expect(statuses).toEqual(['success']);
	}, SCENARIO_TIMEOUT_MS);

	test('n8n stopped and started again between the changes: Expired → new invitation → Invited → Expired again arrives twice, each once', async () => {
		const { first, firstExpiry, r1AfterResend, second, r1Statuses, egress } = await restarts;
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['again@example.com:invitationExpired:Invited']);
		expect(firstExpiry).toMatch(/^[0-9a-z]{1,7}#E@/);
		// The poll after the new invitation started nothing and n8n saved nothing.
		expect(r1AfterResend).toEqual({ executions: 1, entry: firstExpiry });
		// After the restart: the second expiry, compared with the saved (first) one, once.
		expect(second.status).toBe('success');
		expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['again@example.com:invitationExpired:Invited']);
		// Another restart and a scheduled poll: not reported a third time.
		expect(r1Statuses).toEqual(['success', 'success']);
		expect(egress).toEqual([]);
	}, SCENARIO_TIMEOUT_MS);

	test('n8n restarted: User Removed and Groups Changed reported once each, those from before a restart not again, those while it was down after it', async () => {
		const { id, r2BeforeRestart, r2 } = await restarts;
		expect(r2.executions.map((e) => e.status)).toEqual(r2.executions.map(() => 'success'));
		const reported = r2.events.map((e) => `${String(e.json.event)}:${String(e.json.id)}`).sort();
		expect(reported).toEqual(
			[`groupsChanged:${id.regroup}`, `groupsChanged:${id.moved}`, `userRemoved:${id.gone}`, `userRemoved:${id.left}`].sort(),
		);
		const when = (userId: string) => (r2BeforeRestart.includes(r2.events.find((e) => e.json.id === userId)?.execution ?? '') ? 'before' : 'after');
		// What happened while n8n ran came before the first restart; what happened while it was down, after it.
		expect([id.regroup, id.gone, id.moved, id.left].map(when)).toEqual(['before', 'before', 'after', 'after']);
		expect(r2.events.find((e) => e.json.id === id.left)?.json).toEqual({ event: 'userRemoved', id: id.left, previousStatus: 'Invited' });
		const moved = r2.events.find((e) => e.json.id === id.moved)?.json ?? {};
		expect(moved).toMatchObject({ event: 'groupsChanged', email: 'moved@example.com', previousStatus: 'Active' });
		expect([...(moved.groupIds as string[])].sort()).toEqual(['UGR-1234-5678', 'UGR-9999-0000']);
	}, SCENARIO_TIMEOUT_MS);
});
