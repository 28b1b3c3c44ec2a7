// The User Invitation Trigger in real n8n: an active workflow polled on n8n's own schedule (every
// minute, n8n's shortest interval: 2.41.1 refuses sub-minute cron expressions for polling nodes),
// re-published (the state read back from the database, as after a restart), n8n stopped and
// started again between changes, Fetch Test Event, and the example workflow. Each event must start
// the workflow exactly once.
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
	type Stack,
	sleep,
	startDouble,
	startEgressSink,
	startN8n,
} from '../../tools/n8n';
import { delta, expectNoSecrets } from './helpers';

const TRIGGER = 'User Invitation Trigger';
const LIST_PATH = '/public/v1/accounts/account-users';
const POLL_WAIT_MS = 100_000;

function triggerWorkflow(name: string, credential: CredentialRef, parameters: Record<string, Json>): Json {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: `${PACKAGE_NAME}.userInvitationTrigger`,
				typeVersion: 1,
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

describeE2e('User Invitation Trigger in real n8n', (stack: () => Stack) => {
	const active: SavedWorkflow[] = [];

	/** Polls that the double answered since `sinceIso` (list requests of the trigger). */
	async function listReads(sinceIso: string) {
		return (await stack().double.requests()).filter((r) => r.method === 'GET' && r.path === LIST_PATH && r.at > sinceIso);
	}

	async function waitForListRead(sinceIso: string, status?: number) {
		const deadline = Date.now() + POLL_WAIT_MS;
		for (;;) {
			const reads = (await listReads(sinceIso)).filter((r) => status === undefined || r.status === status);
			if (reads.length > 0) return reads;
			if (Date.now() > deadline) throw new Error(`no poll reached the double within ${POLL_WAIT_MS / 1000} s`);
			await sleep(500);
		}
	}

	async function successfulExecutions(workflowId: string) {
		return (await stack().client.executionIds(workflowId)).filter((e) => e.status === 'success');
	}

	/** The next successful execution not in `seen` (a failed poll records an error execution in between). */
	async function nextSuccess(workflowId: string, seen: string[], waitMs = POLL_WAIT_MS) {
		const deadline = Date.now() + waitMs;
		for (;;) {
			const fresh = (await successfulExecutions(workflowId)).filter((e) => !seen.includes(e.id));
			if (fresh.length > 0) return await stack().client.waitForExecution(fresh[0].id);
			if (Date.now() > deadline) throw new Error(`no new successful execution within ${waitMs / 1000} s`);
			await sleep(500);
		}
	}

	/** The trigger's kept state as n8n stored it with the workflow, once the activation poll stored it. */
	async function storedState(saved: SavedWorkflow, nodeName = TRIGGER): Promise<Record<string, string>> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const { data } = await stack().client.rest('get', `/workflows/${saved.id}`);
			const state = data.data.staticData?.[`node:${nodeName}`];
			if (state?.users) return state.users;
			if (Date.now() > deadline) throw new Error('the activation poll stored no state within 30 s');
			await sleep(250);
		}
	}

	/** Publishes the workflow and waits for n8n's poll at activation (it runs just after the call returns). */
	async function activate(workflow: Json, nodeName = TRIGGER): Promise<{ saved: SavedWorkflow; state: Record<string, string> }> {
		const saved = await stack().client.createWorkflow(workflow);
		await stack().client.activateWorkflow(saved);
		active.push(saved);
		return { saved, state: await storedState(saved, nodeName) };
	}

	/** Deactivates and publishes again: n8n polls once at activation, with the state it saved. */
	async function republish(saved: SavedWorkflow) {
		await stack().client.deactivateWorkflow(saved);
		await stack().client.activateWorkflow(saved);
	}

	beforeEach(async () => {
		await stack().double.reset();
	});

	afterAll(async () => {
		// An active trigger would go on polling the double during the next test files.
		for (const saved of active) await stack().client.deactivateWorkflow(saved).catch(() => undefined);
	});

	test('on n8n\'s schedule: the first poll starts nothing; each change starts the workflow once; a failed poll loses nothing', async () => {
		const { softwareOneUsers: seeded } = await stack().double.seed({
			softwareOneUsers: ['accept', 'expire', 'roundtrip', 'leave', 'stay'].map((name) => ({ email: `${name}@example.com`, status: 'Invited' })),
		});
		const id = Object.fromEntries(seeded.map((u) => [String(u.email).split('@')[0], String(u.id)]));
		const startedAt = new Date().toISOString();
		const { saved, state } = await activate(
			triggerWorkflow(`trigger e2e ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationAccepted', 'invitationExpired', 'userAdded'],
				options: { maxRetries: 0 },
			}),
		);

		// Activation polls once: it records the 8 users (3 of the double's own + 5) and starts nothing.
		expect((await listReads(startedAt)).length).toBeGreaterThanOrEqual(1);
		expect(Object.keys(state)).toHaveLength(8);
		// Its groups' fingerprint, then its status code (state version 3).
		expect(state[id.accept]).toMatch(/^[0-9a-z]{1,7}#I$/);
		expect(await stack().client.executionIds(saved.id)).toEqual([]);

		const changedAt = new Date().toISOString();
		await stack().double.accept(id.accept);
		await stack().double.expire(id.expire);
		await stack().double.expire(id.roundtrip);
		await stack().double.invite(id.roundtrip);
		await stack().double.accept(id.roundtrip);
		await stack().double.remove(id.leave);
		await stack().double.seed({ softwareOneUsers: [{ email: 'new.hire@example.com', status: 'Invited' }] });

		const first = await nextSuccess(saved.id, []);
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
		expect((await listReads(changedAt)).length).toBeGreaterThanOrEqual(1);

		// The next poll fails (503, no retry); the change made before it must come with the poll after.
		await stack().double.faults([{ method: 'GET', path: `^${LIST_PATH}$`, kind: 'status', status: 503, times: 1 }]);
		const faultedAt = new Date().toISOString();
		await stack().double.expire(id.stay);
		await waitForListRead(faultedAt, 503);
		const afterFailure = await successfulExecutions(saved.id);
		expect(afterFailure).toHaveLength(1);

		const second = await nextSuccess(saved.id, [first.id]);
		expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['stay@example.com:invitationExpired:Invited']);
		expect(await successfulExecutions(saved.id)).toHaveLength(2);
		expectNoSecrets(first.rawData + second.rawData);
	}, 360_000);

	test('User Removed and Groups Changed: each once, the removal on the second poll without the user, none again after re-publishing', async () => {
		const { softwareOneUsers: seeded } = await stack().double.seed({
			softwareOneUsers: [
				{ email: 'gone@example.com', status: 'Invited' },
				{ email: 'regroup@example.com', status: 'Active' },
			],
		});
		const id = Object.fromEntries(seeded.map((u) => [String(u.email).split('@')[0], String(u.id)]));
		const { saved } = await activate(
			triggerWorkflow(`trigger e2e removed ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['userRemoved', 'groupsChanged'],
			}),
		);
		expect(await stack().client.executionIds(saved.id)).toEqual([]);

		await stack().double.remove(id.gone);
		const added = await fetch(`${stack().double.url}${LIST_PATH}/${encodeURIComponent(id.regroup)}/groups`, {
			method: 'POST',
			headers: { authorization: 'Bearer s1-valid-token', 'content-type': 'application/json' },
			body: JSON.stringify({ id: 'UGR-9999-0000' }),
		});
		expect(added.status).toBe(200);

		// The first poll after: the groups change; the removed user is only marked unseen.
		const first = await nextSuccess(saved.id, []);
		const regrouped = N8nClient.nodeItems(first, TRIGGER).map((item) => item.json);
		expect(regrouped).toHaveLength(1);
		expect(regrouped[0]).toMatchObject({ event: 'groupsChanged', id: id.regroup, previousStatus: 'Active', email: 'regroup@example.com' });
		expect([...(regrouped[0].groupIds as unknown as string[])].sort()).toEqual(['UGR-1234-5678', 'UGR-9999-0000']);

		// The second: the removal, as id and previous status only.
		const second = await nextSuccess(saved.id, [first.id]);
		expect(N8nClient.nodeItems(second, TRIGGER).map((item) => item.json)).toEqual([
			{ event: 'userRemoved', id: id.gone, previousStatus: 'Invited' },
		]);

		// Re-published: the state read back from the database reports neither again.
		const republishedAt = new Date().toISOString();
		await republish(saved);
		await waitForListRead(republishedAt);
		const nextTick = new Date().toISOString();
		await waitForListRead(nextTick);
		await sleep(5_000);
		expect(await successfulExecutions(saved.id)).toHaveLength(2);
	}, 360_000);

	test('overlapping polls (a slow poll still running at the next tick): one accepted invitation starts exactly one execution', async () => {
		const { softwareOneUsers: seeded } = await stack().double.seed({ softwareOneUsers: [{ email: 'overlap@example.com', status: 'Invited' }] });
		const userId = String(seeded[0].id);
		const { saved } = await activate(
			triggerWorkflow(`trigger e2e overlap ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationAccepted'],
				// The slow answer below (75 s) must not time out: the poll is slow, not failed.
				options: { timeout: 120 },
			}),
		);

		// The next scheduled poll (A) reads the list as it is now (Invited) and gets the answer 75 s
		// later, after n8n's next tick (B) has started a poll of its own.
		await stack().double.faults([
			{ method: 'GET', path: `^${LIST_PATH}$`, kind: 'latency', delayMs: 75_000, afterProcessing: true, times: 1 },
		]);
		const faultHits = async () => {
			const response = await fetch(`${stack().double.url}/__control/faults`);
			const body = (await response.json()) as { rules?: Array<{ hits?: number }> } | Array<{ hits?: number }>;
			const rules = Array.isArray(body) ? body : (body.rules ?? []);
			return rules.reduce((sum, rule) => sum + (rule.hits ?? 0), 0);
		};
		const deadline = Date.now() + POLL_WAIT_MS;
		while ((await faultHits()) < 1) {
			if (Date.now() > deadline) throw new Error(`no scheduled poll reached the double within ${POLL_WAIT_MS / 1000} s`);
			await sleep(250);
		}
		const slowPollAt = Date.now();
		await stack().double.accept(userId);

		// Without one-poll-at-a-time, B reports the acceptance, A then writes back its stale read
		// (Invited), and the poll after reports the acceptance a second time. With it, B reports nothing
		// and the acceptance comes with the tick after B: up to about 125 s after A's read.
		const first = await nextSuccess(saved.id, [], 200_000);
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['overlap@example.com:invitationAccepted:Invited']);
		// Wait past A's late answer for one more poll that reads the list, then count.
		const settledAfter = new Date(Math.max(Date.now(), slowPollAt + 80_000)).toISOString();
		await waitForListRead(settledAfter);
		await sleep(3000);
		expect((await stack().client.executionIds(saved.id)).map((e) => e.status)).toEqual(['success']);
	}, 360_000);

	test('re-published (state read back from the database): nothing again, only what changed since', async () => {
		const { softwareOneUsers: seeded } = await stack().double.seed({
			softwareOneUsers: [{ email: 'kept@example.com', status: 'Invited' }],
		});
		const keptId = String(seeded[0].id);
		const { saved } = await activate(
			triggerWorkflow(`trigger e2e republish ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneApiKey, {
				authentication: 'apiKey',
				events: ['invitationAccepted', 'invitationExpired'],
				pollTimes: { item: [{ mode: 'everyHour', minute: 59 }] },
			}),
		);
		expect(await stack().client.executionIds(saved.id)).toEqual([]);

		await stack().double.expire(keptId);
		await republish(saved);
		const first = await stack().client.nextExecution(saved.id, [], 30_000);
		expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['kept@example.com:invitationExpired:Invited']);

		// Published again with nothing changed: the saved state already holds the expiry.
		const beforeRead = new Date().toISOString();
		await republish(saved);
		await waitForListRead(beforeRead);
		await sleep(2000);
		expect(await stack().client.executionIds(saved.id)).toHaveLength(1);

		await stack().double.invite(keptId);
		await stack().double.accept(keptId);
		await republish(saved);
		const second = await stack().client.nextExecution(saved.id, [first.id], 30_000);
		expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['kept@example.com:invitationAccepted:InvitationExpired']);
	}, 120_000);

	test('n8n stopped and started again between the changes: Expired → new invitation → Invited → Expired again arrives twice, each once', async () => {
		// Its own n8n (and double), so that stopping it leaves the suite's shared one alone.
		const double = await startDouble();
		const api = new DoubleClient(double.url);
		const egress = await startEgressSink();
		let n8n: N8nServer | undefined;
		try {
			n8n = await startN8n({ tarball: stack().tarball, env: egress.env });
			let client = new N8nClient(n8n);
			await client.setupOwner(OWNER);
			const credential = await client.createCredential(credentialSpecs(double.url).softwareOneBearer);
			const { softwareOneUsers: seeded } = await api.seed({ softwareOneUsers: [{ email: 'again@example.com', status: 'Invited' }] });
			const id = String(seeded[0].id);
			const saved = await client.createWorkflow(
				triggerWorkflow(`trigger e2e restart ${randomUUID().slice(0, 8)}`, credential, { events: ['invitationExpired', 'invitationAccepted'] }),
			);
			await client.activateWorkflow(saved);

			/** This user's entry in the trigger's state as n8n saved it in its database. */
			const savedEntry = async () => {
				const { data } = await client.rest('get', `/workflows/${saved.id}`);
				return data.data.staticData?.[`node:${TRIGGER}`]?.users?.[id] as string | undefined;
			};
			/** Waits for the trigger's next list read at the double after `sinceIso`, and for its poll to end. */
			const pollAfter = async (sinceIso: string) => {
				const deadline = Date.now() + POLL_WAIT_MS;
				while (!(await api.requests()).some((r) => r.method === 'GET' && r.path === LIST_PATH && r.at > sinceIso)) {
					if (Date.now() > deadline) throw new Error(`no poll reached the double within ${POLL_WAIT_MS / 1000} s`);
					await sleep(500);
				}
				await sleep(3000);
			};
			const deadline = Date.now() + 30_000;
			// State version 3: the user's group fingerprint, then its status code (and an expired user's audit mark).
			while (!/^[0-9a-z]{1,7}#I$/.test((await savedEntry()) ?? '')) {
				if (Date.now() > deadline) throw new Error('the poll at publishing saved no state within 30 s');
				await sleep(250);
			}

			// 1. The invitation expires: the next scheduled poll starts one execution, and n8n saves the state with it.
			await api.expire(id);
			const first = await client.nextExecution(saved.id, [], POLL_WAIT_MS);
			expect(summary(N8nClient.nodeItems(first, TRIGGER))).toEqual(['again@example.com:invitationExpired:Invited']);
			const firstExpiry = await savedEntry();
			expect(firstExpiry).toMatch(/^[0-9a-z]{1,7}#E@/);

			// 2. A new invitation: the next poll sees Invited and starts nothing, so n8n 2.41.1 saves nothing.
			const resentAt = new Date().toISOString();
			await api.invite(id);
			await pollAfter(resentAt);
			expect(await client.executionIds(saved.id)).toHaveLength(1);
			expect(await savedEntry()).toBe(firstExpiry);

			// 3. n8n stops; meanwhile the new invitation expires too; n8n starts on the same folder and
			//    polls as it activates the workflow again, comparing with the saved (first) expiry.
			n8n = await restartN8n(n8n, { whileStopped: async () => await api.expire(id) });
			client = new N8nClient(n8n);
			await client.login(OWNER);
			const second = await client.nextExecution(saved.id, [first.id], POLL_WAIT_MS);
			expect(second.status).toBe('success');
			expect(summary(N8nClient.nodeItems(second, TRIGGER))).toEqual(['again@example.com:invitationExpired:Invited']);

			// 4. Stopped and started again right after that event: it is not reported a third time.
			const restartedAt = new Date().toISOString();
			n8n = await restartN8n(n8n);
			client = new N8nClient(n8n);
			await client.login(OWNER);
			await pollAfter(restartedAt);
			const executions = await client.executionIds(saved.id);
			expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
			expect(egress.attempts()).toEqual([]);
		} finally {
			await n8n?.stop();
			await egress.close();
			await double.close();
		}
	}, 480_000);

	test('Fetch Test Event: a real recent user, and the trigger\'s state is left alone', async () => {
		await stack().double.seed({ softwareOneUsers: [{ email: 'sample.expired@example.com', status: 'InvitationExpired' }] });
		const saved = await stack().client.createWorkflow(
			triggerWorkflow(`trigger e2e sample ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationExpired'],
			}),
		);
		const execution = await stack().client.waitForExecution(await stack().client.runManually(saved.id, TRIGGER));
		expect(execution.status).toBe('success');
		const [sample, ...rest] = N8nClient.nodeItems(execution, TRIGGER);
		expect(rest).toEqual([]);
		expect(sample.json).toMatchObject({
			event: 'invitationExpired',
			previousStatus: 'Invited',
			email: 'sample.expired@example.com',
			invitationStatus: 'InvitationExpired',
		});
		const { data } = await stack().client.rest('get', `/workflows/${saved.id}`);
		expect(data.data.staticData?.[`node:${TRIGGER}`]).toBeUndefined();

		// Nothing fits "accepted" among the seed when filtered to another domain: a clear message.
		const none = await stack().client.createWorkflow(
			triggerWorkflow(`trigger e2e no sample ${randomUUID().slice(0, 8)}`, stack().credentials.softwareOneBearer, {
				events: ['invitationAccepted'],
				filters: { emailPattern: '*@nowhere.example' },
			}),
		);
		const failed = await stack().client.waitForExecution(await stack().client.runManually(none.id, TRIGGER));
		expect(failed.status).toBe('error');
		const error = N8nClient.nodeError(failed, TRIGGER) ?? failed.data.resultData.error;
		expect(error.message).toBe('No account user to show as a sample event');
		expect(String(error.description)).toContain('Loosen the filters');
	});

	test('invitation-expired-resend.json: each expired invitation gets one new invitation, once', async () => {
		const { softwareOneUsers: seeded } = await stack().double.seed({
			softwareOneUsers: [
				{ email: 'lapse.one@example.com', status: 'Invited' },
				{ email: 'lapse.two@example.com', status: 'Invited' },
				{ email: 'joined@example.com', status: 'Invited' },
			],
		});
		const { workflow } = loadExample('invitation-expired-resend.json', {
			credentials: { 'SoftwareOne (bearer token)': stack().credentials.softwareOneBearer },
		});
		const { saved } = await activate(workflow, 'Invitation Expired');
		expect(await stack().client.executionIds(saved.id)).toEqual([]);

		const [one, two, joined] = seeded.map((u) => String(u.id));
		await stack().double.expire(one);
		await stack().double.expire(two);
		await stack().double.accept(joined);
		const before = await stack().double.state();
		await republish(saved);
		const execution = await stack().client.nextExecution(saved.id, [], 30_000);
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
		const after = await stack().double.state();
		expect(delta(before.softwareOne.invitationEmailsByUser, after.softwareOne.invitationEmailsByUser)).toEqual({ [one]: 1, [two]: 1 });

		// Published again: the two are Invited now, nobody expired since: no execution, no e-mail.
		const beforeRead = new Date().toISOString();
		await republish(saved);
		await waitForListRead(beforeRead);
		await sleep(2000);
		expect(await stack().client.executionIds(saved.id)).toHaveLength(1);
		expect((await stack().double.state()).softwareOne.invitationEmailsByUser).toEqual(after.softwareOne.invitationEmailsByUser);
	}, 120_000);
});
