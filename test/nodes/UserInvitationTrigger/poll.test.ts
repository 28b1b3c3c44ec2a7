import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { OPTION_LIMITS } from '../../../nodes/UserInvitation/router';
import { TRIGGER_OPTION_LIMITS } from '../../../nodes/UserInvitationTrigger/description';
import {
	accountUser,
	boldCredentials,
	locator,
	runNodeOk,
	SECRET_TOKEN,
	SOFTWAREONE_BASE,
	softwareOneCredentials,
} from '../../helpers/context';
import { listServer, polledItems, type PollContextOptions, runPoll } from '../../helpers/pollContext';
import { UserInvitationTrigger } from '../../../nodes/UserInvitationTrigger/UserInvitationTrigger.node';
import { groupsFingerprint } from '../../../nodes/UserInvitationTrigger/changes';

const LIST_PATH = '/public/v1/accounts/account-users';

const CREATED_AT = '2026-10-26T08:00:00.000Z';

/** An account user numbered n, like the API lists them; `updatedAt` is its audit.updated.at. */
function member(n: number, status: string, extra: IDataObject = {}, updatedAt = CREATED_AT): IDataObject {
	const id = String(n).padStart(4, '0');
	return accountUser({
		id: `AUSR-0000-${id}`,
		audit: { created: { at: CREATED_AT }, updated: { at: updatedAt } },
		user: { id: `USR-0000-${id}`, name: `User ${n}`, email: `user${n}@example.com`, firstName: 'User', lastName: String(n) },
		invitation: status === 'Invited' ? { status } : { status, url: undefined },
		...extra,
	});
}

const ALL_EVENTS = ['invitationAccepted', 'invitationExpired', 'userAdded'];

/** The group fingerprint of a user in the helper's default groups, which leads its kept entry. */
const FP = `${groupsFingerprint(((member(1, 'Active').groups ?? []) as IDataObject[]).map((group) => String(group.id)))}#`;

/** A trigger watching `users`, with state kept between calls as n8n keeps it. */
function watcher(users: IDataObject[], parameters: INodeParameters = {}, extra: Partial<PollContextOptions> = {}) {
	const staticData: IDataObject = {};
	// Its own node instance, as n8n has one per process: its poll memory is this watcher's alone.
	const trigger = new UserInvitationTrigger();
	const options = (more: Partial<PollContextOptions> = {}): PollContextOptions => ({
		trigger,
		parameters: { events: ALL_EVENTS, ...parameters },
		credentials: softwareOneCredentials(),
		staticData,
		respond: listServer(users),
		...extra,
		...more,
	});
	return { staticData, trigger, poll: async (more: Partial<PollContextOptions> = {}) => await runPoll(options(more)) };
}

const summary = (items: IDataObject[]) => items.map((item) => `${String(item.id)}:${String(item.event)}:${String(item.previousStatus)}`);

describe('User Invitation Trigger: polls', () => {
	test('the first poll reads every user, keeps their statuses and starts nothing', async () => {
		const users = [member(1, 'Invited'), member(2, 'Active'), member(3, 'InvitationExpired')];
		const { poll, staticData } = watcher(users);

		const run = await poll();

		expect(run.error).toBeUndefined();
		expect(run.output).toBeNull();
		expect(run.requests).toHaveLength(1);
		expect(run.requests[0]).toMatchObject({
			method: 'GET',
			url: `${SOFTWAREONE_BASE}${LIST_PATH}?select=+audit&order=id&limit=100&offset=0`,
			credentialType: 'userInvitationBearerTokenApi',
		});
		expect(staticData).toMatchObject({
			version: 3,
			// An expired user's entry carries its audit.updated.at, in base 36 (changes.ts says why);
			// every entry starts with its groups' fingerprint.
			users: { 'AUSR-0000-0001': `${FP}I`, 'AUSR-0000-0002': `${FP}A`, 'AUSR-0000-0003': `${FP}E@${Date.parse(CREATED_AT).toString(36)}` },
		});
	});

	test('each change starts the workflow once, one item per event, and the next poll reports nothing', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited'), member(3, 'Active')];
		const { poll } = watcher(users);
		await poll();

		users[0] = member(1, 'Active');
		users[1] = member(2, 'InvitationExpired');
		users.push(member(4, 'Invited'));
		const second = await poll();
		const third = await poll();

		expect(summary(polledItems(second))).toEqual([
			'AUSR-0000-0001:invitationAccepted:Invited',
			'AUSR-0000-0002:invitationExpired:Invited',
			'AUSR-0000-0004:userAdded:null',
		]);
		expect(third.error).toBeUndefined();
		expect(third.output).toBeNull();
	});

	test('an item is what Get User returns for that user, plus event and previousStatus', async () => {
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users);
		await poll();
		users[0] = member(1, 'Active', { lastLoginAt: '2026-11-02T08:00:00Z' });

		const [item] = polledItems(await poll());
		const getUser = await runNodeOk({
			parameters: { resource: 'accountUser', operation: 'get', userId: locator('AUSR-0000-0001') },
			credentials: softwareOneCredentials(),
			responses: [{ body: users[0] }],
		});

		const { event, previousStatus, ...rest } = item;
		expect(event).toBe('invitationAccepted');
		expect(previousStatus).toBe('Invited');
		expect(rest).toEqual(getUser.output[0].json);
		expect(rest).toMatchObject({ id: 'AUSR-0000-0001', email: 'user1@example.com', invitationStatus: 'Active', groupIds: ['UGR-1234-5678'] });
	});

	test('Simplify off: the full API object (with the audit block the list read asked for), plus event and previousStatus', async () => {
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users, { simplify: false });
		await poll();
		users[0] = member(1, 'InvitationExpired');

		const { $meta, ...listed } = users[0];
		expect($meta).toEqual({ omitted: ['audit'] });
		expect(polledItems(await poll())).toEqual([{ event: 'invitationExpired', previousStatus: 'Invited', ...listed }]);
	});

	test('only the chosen events start the workflow; the others still move the state on', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited')];
		const { poll } = watcher(users, { events: ['invitationExpired'] });
		await poll();
		users[0] = member(1, 'Active');
		users[1] = member(2, 'InvitationExpired');
		users.push(member(3, 'InvitationExpired'));

		expect(summary(polledItems(await poll()))).toEqual([
			'AUSR-0000-0002:invitationExpired:Invited',
			'AUSR-0000-0003:invitationExpired:null',
		]);
		expect((await poll()).output).toBeNull();
	});

	test('Filters: group and e-mail pattern choose which users are reported; the others are still watched', async () => {
		const other = [{ id: 'UGR-9999-0000', name: 'Contractors' }];
		const users = [
			member(1, 'Invited'),
			member(2, 'Invited', { groups: other }),
			member(3, 'Invited', { user: { email: 'Hire@Contoso.COM' } }),
		];
		const { poll, staticData } = watcher(users, { filters: { groupId: 'UGR-1234-5678', emailPattern: '*@contoso.com' } });
		await poll();
		users[0] = member(1, 'Active');
		users[1] = member(2, 'Active', { groups: other });
		users[2] = member(3, 'Active', { user: { email: 'Hire@Contoso.COM' } });

		expect(summary(polledItems(await poll()))).toEqual(['AUSR-0000-0003:invitationAccepted:Invited']);
		expect(staticData.users).toEqual({
			'AUSR-0000-0001': `${FP}A`,
			'AUSR-0000-0002': `${groupsFingerprint(['UGR-9999-0000'])}#A`,
			'AUSR-0000-0003': `${FP}A`,
		});
	});

	test('reads all pages, 100 users each, and finds a change on the last one', async () => {
		const users = Array.from({ length: 250 }, (_, i) => member(i + 1, 'Invited'));
		const { poll } = watcher(users);
		const first = await poll();
		expect(first.requests.map((r) => r.query)).toEqual([
			'select=+audit&order=id&limit=100&offset=0',
			'select=+audit&order=id&limit=100&offset=100',
			'select=+audit&order=id&limit=100&offset=200',
		]);

		users[249] = member(250, 'Active');
		users.push(member(251, 'Invited'));
		const second = await poll();

		expect(second.requests).toHaveLength(3);
		expect(summary(polledItems(second))).toEqual(['AUSR-0000-0250:invitationAccepted:Invited', 'AUSR-0000-0251:userAdded:null']);
	});

	test('a user removed while the pages are read is neither lost nor added twice', async () => {
		const users = Array.from({ length: 150 }, (_, i) => member(i + 1, 'Invited'));
		const { poll, staticData } = watcher(users);
		await poll();

		// Between page 1 and page 2, user 10 is removed: user 101 slides onto page 1 and is not read.
		const serve = listServer(users);
		const second = await poll({
			respond: (request) => {
				const answer = serve(request);
				if (request.query.endsWith('offset=0')) users.splice(9, 1);
				return answer;
			},
		});
		expect(second.error).toBeUndefined();
		expect(second.output).toBeNull();
		// Not read, kept one more poll (marked unseen).
		expect((staticData.users as IDataObject)['AUSR-0000-0101']).toBe(`-${FP}I`);

		const third = await poll();
		expect(third.output).toBeNull();
		// User 10 (read on page 1 just before it went) is missed now: kept once more, then dropped.
		expect((staticData.users as IDataObject)['AUSR-0000-0010']).toBe(`-${FP}I`);
		expect((await poll()).output).toBeNull();
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(149);
	});

	test('a user removed and one added while the pages are read (the total unchanged): no false User Added next poll', async () => {
		const users = Array.from({ length: 150 }, (_, i) => member(i + 1, 'Invited'));
		const { poll, staticData } = watcher(users);
		await poll();

		// Between page 1 and page 2, user 10 is removed and user 151 added: user 101 slides onto page 1,
		// unread, and the read looks complete (150 users, total 150).
		const serve = listServer(users);
		const second = await poll({
			respond: (request) => {
				const answer = serve(request);
				if (request.query.endsWith('offset=0')) {
					users.splice(9, 1);
					users.push(member(151, 'Invited'));
				}
				return answer;
			},
		});
		expect(summary(polledItems(second))).toEqual(['AUSR-0000-0151:userAdded:null']);
		expect(second.requests.every((r) => r.query.includes('order=id'))).toBe(true);

		const third = await poll();
		expect(third.error).toBeUndefined();
		expect(third.output).toBeNull();
		expect((await poll()).output).toBeNull();
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(150);
	});

	test('lists that move during every read keep the state bounded (at most this read and the last)', async () => {
		let round = 0;
		const { poll, staticData } = watcher([], { options: { maxUsers: 300 } });
		const churning = (request: { query: string }) => {
			// Fresh users every poll, and a total that changes between pages: every read is incomplete.
			const offset = Number(/offset=(\d+)/.exec(request.query)?.[1]);
			const data = Array.from({ length: offset === 0 ? 100 : 50 }, (_, i) => member(round * 1000 + offset + i + 1, 'Invited'));
			return { body: { $meta: { pagination: { offset, limit: 100, total: offset === 0 ? 150 : 151 } }, data } };
		};
		for (round = 1; round <= 8; round++) {
			const run = await poll({ respond: churning });
			expect(run.error).toBeUndefined();
			expect(Object.keys(staticData.users as IDataObject).length).toBeLessThanOrEqual(300);
		}
	});

	test('server ids constructor, __proto__ and toString: every poll works; __proto__ is not followed', async () => {
		const users = ['constructor', '__proto__', 'toString'].map((id) => ({ ...member(1, 'Invited'), id }));
		const { poll, staticData } = watcher(users);
		expect((await poll()).error).toBeUndefined();
		users[0] = { ...member(1, 'Active'), id: 'constructor' };
		users.push({ ...member(2, 'Invited'), id: 'AUSR-0000-0002' });
		const second = await poll();
		expect(second.error).toBeUndefined();
		expect(summary(polledItems(second))).toEqual(['constructor:invitationAccepted:Invited', 'AUSR-0000-0002:userAdded:null']);
		// Saved and read back (a restart): nothing again.
		const restored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const third = await runPoll({ parameters: { events: ALL_EVENTS }, credentials: softwareOneCredentials(), staticData: restored, respond: listServer(users) });
		expect(third.error).toBeUndefined();
		expect(third.output).toBeNull();
		expect(Object.keys(restored.users as IDataObject).sort()).toEqual(['AUSR-0000-0002', 'constructor', 'toString']);
	});

	test('a failed poll reports nothing and keeps the old state; the next poll reports each change once', async () => {
		const users = Array.from({ length: 150 }, (_, i) => member(i + 1, 'Invited'));
		const { poll, staticData } = watcher(users, { options: { maxRetries: 0 } });
		await poll();
		const kept = JSON.parse(JSON.stringify(staticData));

		users[0] = member(1, 'Active');
		users[120] = member(121, 'InvitationExpired');
		const serve = listServer(users);
		const failed = await poll({
			respond: (request) =>
				request.query.endsWith('offset=100')
					? { statusCode: 503, body: { title: 'Service Unavailable', status: 503 } }
					: serve(request),
		});
		expect(failed.error?.message).toBe('The API had a server error (503)');
		expect(staticData).toEqual(kept);

		const retried = await poll();
		expect(summary(polledItems(retried))).toEqual([
			'AUSR-0000-0001:invitationAccepted:Invited',
			'AUSR-0000-0121:invitationExpired:Invited',
		]);
		expect((await poll()).output).toBeNull();
	});

	test('across a restart (the state saved as JSON and read back) nothing is reported twice', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited')];
		const first = watcher(users);
		await first.poll();
		users[0] = member(1, 'Active');
		expect(summary(polledItems(await first.poll()))).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);

		const restored = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		users[1] = member(2, 'InvitationExpired');
		const afterRestart = await runPoll({
			parameters: { events: ALL_EVENTS },
			credentials: softwareOneCredentials(),
			staticData: restored,
			respond: listServer(users),
		});
		expect(summary(polledItems(afterRestart))).toEqual(['AUSR-0000-0002:invitationExpired:Invited']);
	});

	test('switching Endpoints (another list) starts over: nothing is reported for the switch itself', async () => {
		const users = [member(1, 'Invited')];
		const { poll, staticData } = watcher(users);
		await poll();
		users[0] = member(1, 'Active');
		users.push(member(2, 'Invited'));

		const switched = await poll({
			parameters: { events: ALL_EVENTS, endpointFamily: 'accountScoped', scopeAccountId: 'ACC-1234-5678' },
		});

		expect(switched.requests[0].path).toBe('/public/v1/accounts/ACC-1234-5678/users');
		expect(switched.output).toBeNull();
		expect(String(staticData.scope)).toContain('/public/v1/accounts/ACC-1234-5678/users');
	});
});

describe('User Invitation Trigger: n8n restarts', () => {
	/**
	 * The trigger as n8n 2.41.1 keeps its state: one static data object in memory from publish (or
	 * start-up) on; the database copy is written after the poll at publish or start-up and by every
	 * poll that starts an execution (TriggerExecutionContextFactory's __emit calls
	 * WorkflowStaticDataService.saveStaticData), never by a poll that starts nothing. restart() builds
	 * a new object from the database copy, as n8n does when it starts again.
	 */
	function n8nInstance(users: IDataObject[]) {
		let database = '{}';
		let memory: IDataObject = {};
		let activationPoll = true;
		const items: string[] = [];
		const trigger = new UserInvitationTrigger();
		const poll = async () => {
			const run = await runPoll({ trigger, parameters: { events: ALL_EVENTS }, credentials: softwareOneCredentials(), staticData: memory, respond: listServer(users) });
			expect(run.error).toBeUndefined();
			if (run.output !== null || activationPoll) database = JSON.stringify(memory);
			activationPoll = false;
			items.push(...summary(polledItems(run)));
			return summary(polledItems(run));
		};
		const restart = () => {
			memory = JSON.parse(database) as IDataObject;
			activationPoll = true;
		};
		return { poll, restart, items, saved: () => JSON.parse(database) as IDataObject };
	}
	const FIRST_EXPIRY = '2026-11-02T08:00:00.000Z';
	const RESENT = '2026-11-03T09:30:00.000Z';

	test('Expired → new invitation → Expired again, with a restart before the second expiry: each expiry once', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited')];
		const n8n = n8nInstance(users);
		expect(await n8n.poll()).toEqual([]);

		users[0] = member(1, 'InvitationExpired', {}, FIRST_EXPIRY);
		expect(await n8n.poll()).toEqual(['AUSR-0000-0001:invitationExpired:Invited']);
		users[0] = member(1, 'Invited', {}, RESENT);
		expect(await n8n.poll()).toEqual([]);
		// That poll started nothing, so the database still says Expired.
		expect((n8n.saved().users as IDataObject)['AUSR-0000-0001']).toBe(`${FP}E@${Date.parse(FIRST_EXPIRY).toString(36)}`);

		n8n.restart();
		users[0] = member(1, 'InvitationExpired', {}, RESENT);
		expect(await n8n.poll()).toEqual(['AUSR-0000-0001:invitationExpired:Invited']);
		expect(await n8n.poll()).toEqual([]);
		n8n.restart();
		expect(await n8n.poll()).toEqual([]);
		expect(n8n.items).toEqual(['AUSR-0000-0001:invitationExpired:Invited', 'AUSR-0000-0001:invitationExpired:Invited']);
	});

	test('a restart right after events were reported reports none of them again', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited')];
		const n8n = n8nInstance(users);
		await n8n.poll();
		users[0] = member(1, 'Active', {}, FIRST_EXPIRY);
		users[1] = member(2, 'InvitationExpired', {}, FIRST_EXPIRY);
		users.push(member(3, 'Invited'));
		expect(await n8n.poll()).toEqual([
			'AUSR-0000-0001:invitationAccepted:Invited',
			'AUSR-0000-0002:invitationExpired:Invited',
			'AUSR-0000-0003:userAdded:null',
		]);
		n8n.restart();
		expect(await n8n.poll()).toEqual([]);
		n8n.restart();
		expect(await n8n.poll()).toEqual([]);
	});

	test('without a restart, an expired user whose record was edited (audit.updated.at moved) is not reported again', async () => {
		const users = [member(1, 'Invited')];
		const n8n = n8nInstance(users);
		await n8n.poll();
		users[0] = member(1, 'InvitationExpired', {}, FIRST_EXPIRY);
		expect(await n8n.poll()).toEqual(['AUSR-0000-0001:invitationExpired:Invited']);
		users[0] = member(1, 'InvitationExpired', { groups: [{ id: 'UGR-9999-0000', name: 'Contractors' }] }, RESENT);
		expect(await n8n.poll()).toEqual([]);
		expect(await n8n.poll()).toEqual([]);
	});
});

describe('User Invitation Trigger: its poll memory belongs to the node instance', () => {
	test('a state this instance polled with is its latest; another instance treats it as read back from storage', async () => {
		const EXPIRED_AT = '2026-11-02T08:00:00.000Z';
		const users = [member(1, 'InvitationExpired', {}, EXPIRED_AT)];
		const { poll, staticData } = watcher(users);
		await poll();
		// Only the record was edited (audit mark moved): the same instance knows its state is the latest.
		users[0] = member(1, 'InvitationExpired', { groups: [] }, '2026-11-03T09:30:00.000Z');
		expect((await poll()).output).toBeNull();
		// Back to the first mark, then polled by a fresh instance (as after a restart): a new expiry.
		users[0] = member(1, 'InvitationExpired', {}, EXPIRED_AT);
		staticData.users = { 'AUSR-0000-0001': `E@${Date.parse('2026-11-03T09:30:00.000Z').toString(36)}` };
		const other = await runPoll({ trigger: new UserInvitationTrigger(), parameters: { events: ALL_EVENTS }, credentials: softwareOneCredentials(), staticData, respond: listServer(users) });
		expect(summary(polledItems(other))).toEqual(['AUSR-0000-0001:invitationExpired:Invited']);
	});
});

describe('User Invitation Trigger: polls that would overlap (issue 26)', () => {
	test('a poll that starts while the last one still runs reports nothing: one accepted invitation, one report', async () => {
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users);
		await poll();
		const serve = listServer(users);

		// Poll A's list read is answered late, with the list as it was when A asked (stale).
		let release: () => void = () => undefined;
		const held = new Promise<void>((resolve) => (release = resolve));
		const slow = poll({
			respond: async (request) => {
				const answer = serve(request);
				await held;
				return answer;
			},
		});
		await new Promise((resolve) => setImmediate(resolve));
		users[0] = member(1, 'Active');
		const overlapping = await poll(); // n8n's next tick while A still runs
		release();
		const late = await slow;
		const after = await poll();

		const reported = [overlapping, late, after].flatMap((run) => summary(polledItems(run)));
		expect(reported).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
		expect(overlapping.output).toBeNull();
		expect(overlapping.requests).toHaveLength(0);
		expect(late.error).toBeUndefined();
	});

	test('a poll that failed gives the next one its turn', async () => {
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users, { options: { maxRetries: 0 } });
		await poll();
		expect((await poll({ respond: () => ({ statusCode: 500, body: {} }) })).error).toBeDefined();
		users[0] = member(1, 'Active');
		expect(summary(polledItems(await poll()))).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
	});

	test('retries and their waits end within the poll budget: no wait past it, no timeout beyond it', async () => {
		const started = Date.now();
		const run = await runPoll({
			parameters: { events: ALL_EVENTS },
			credentials: softwareOneCredentials(),
			pollBudgetMs: 1000,
			respond: () => ({ statusCode: 503, body: { title: 'Service Unavailable' }, headers: { 'retry-after': '2' } }),
		});
		expect(run.error?.message).toBe('The API had a server error (503)');
		expect(run.requests).toHaveLength(1);
		expect(run.requests[0].timeout).toBeLessThanOrEqual(800);
		expect(Date.now() - started).toBeLessThan(800);
	});
});

describe('User Invitation Trigger: Endpoints Auto-Detect', () => {
	test('where the documented paths answer 404, it reads the family that answers and keeps that in its state', async () => {
		const users = [member(1, 'Invited')];
		const serve = listServer(users);
		const notServed = { statusCode: 404, body: { title: 'Not Found', status: 404 } };
		const { poll, staticData } = watcher(users, { endpointFamily: 'auto', scopeAccountId: 'ACC-1234-5678' }, {
			respond: (request) => (request.path === LIST_PATH ? notServed : serve(request)),
		});

		const first = await poll();
		expect(first.error).toBeUndefined();
		expect(first.requests.at(-1)?.path).toBe('/public/v1/accounts/accounts/ACC-1234-5678/users');
		expect(String(staticData.scope)).toContain('/public/v1/accounts/accounts/ACC-1234-5678/users');

		users[0] = member(1, 'Active');
		expect(summary(polledItems(await poll()))).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
	});
});

describe('User Invitation Trigger: lists it refuses to guess about', () => {
	async function firstPollWith(respond: PollContextOptions['respond'], parameters: INodeParameters = {}) {
		const staticData: IDataObject = { version: 1, scope: 'kept', users: { 'AUSR-0000-0001': 'I' } };
		const run = await runPoll({ parameters: { events: ALL_EVENTS, ...parameters }, credentials: softwareOneCredentials(), staticData, respond });
		expect(staticData).toEqual({ version: 1, scope: 'kept', users: { 'AUSR-0000-0001': 'I' } });
		return run;
	}
	const fullPage = (from: number) => Array.from({ length: 100 }, (_, i) => member(from + i, 'Invited'));

	test('an API that ignores offset', async () => {
		const run = await firstPollWith(() => ({ body: { $meta: { pagination: { offset: 0, limit: 100, total: 500 } }, data: fullPage(1) } }));
		expect(run.error?.message).toBe('The API ignored the offset of the user list (asked for 100, got 0)');
		expect(run.requests).toHaveLength(2);
	});

	test('an API that sends the same page again and no paging information', async () => {
		const run = await firstPollWith(() => ({ body: { data: fullPage(1) } }));
		expect(run.error?.message).toBe('The API sent the same page of users again at offset 100');
		expect(run.requests).toHaveLength(2);
	});

	test('an account larger than Max Users', async () => {
		const users = Array.from({ length: 301 }, (_, i) => member(i + 1, 'Invited'));
		const run = await firstPollWith(listServer(users), { options: { maxUsers: 250 } });
		expect(run.error?.message).toBe('The account has more than 250 users, more than Max Users allows the trigger to watch');
		expect(run.error?.description).toContain('Raise Max Users');
		expect(run.requests).toHaveLength(3);
	});

	test('an API that ignores offset and alternates two pages: ends within 3 requests, clearly, state untouched', async () => {
		let calls = 0;
		const run = await firstPollWith(() => ({ body: { data: calls++ % 2 === 0 ? fullPage(1) : fullPage(101) } }));
		expect(run.error?.message).toBe('The API sent only users it had already sent, at offset 200 (after 3 requests)');
		expect(run.error?.description).toContain('the trigger\'s state is unchanged');
		expect(run.requests.length).toBeLessThanOrEqual(3);
	});

	test('an answer without a data array', async () => {
		const run = await firstPollWith(() => ({ body: { results: [member(1, 'Active')] } }));
		expect(run.error?.message).toBe('The API answered the user list without a "data" array');
	});
});

describe('User Invitation Trigger: Fetch Test Event (manual mode)', () => {
	test('shows the newest user that fits the chosen event, and leaves the state alone', async () => {
		const users = [member(1, 'InvitationExpired'), member(2, 'Active'), member(3, 'InvitationExpired'), member(4, 'Invited')];
		const staticData: IDataObject = { version: 1, scope: 'kept', users: {} };
		const run = await runPoll({
			mode: 'manual',
			parameters: { events: ['invitationExpired'] },
			credentials: softwareOneCredentials(),
			staticData,
			respond: listServer(users),
		});

		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0003:invitationExpired:Invited']);
		expect(polledItems(run)[0]).toMatchObject({ email: 'user3@example.com', invitationStatus: 'InvitationExpired' });
		expect(staticData).toEqual({ version: 1, scope: 'kept', users: {} });
	});

	test('User Added: the newest user of all', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const run = await runPoll({ mode: 'manual', parameters: { events: ['userAdded'] }, credentials: softwareOneCredentials(), respond: listServer(users) });
		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0002:userAdded:null']);
	});

	test('says clearly when there is no user to show', async () => {
		const users = [member(1, 'Invited'), member(2, 'InvitationExpired')];
		const run = await runPoll({
			mode: 'manual',
			parameters: { events: ['invitationAccepted'] },
			credentials: softwareOneCredentials(),
			respond: listServer(users),
		});
		expect(run.error?.message).toBe('No account user to show as a sample event');
		expect(run.error?.description).toBe(
			'The trigger read 2 account user(s); none fits the chosen events (an accepted invitation needs an Active user, an expired one an InvitationExpired user). Create or invite a user with the User Invitation node, then fetch again.',
		);
	});
});

describe('User Invitation Trigger: settings it refuses', () => {
	test('a Bold Smart Lock credential: named, before any request', async () => {
		const run = await runPoll({ parameters: { events: ALL_EVENTS }, credentials: boldCredentials(), respond: () => ({ body: {} }) });
		expect(run.error?.message).toBe(
			'User Invitation Trigger needs a SoftwareOne Marketplace credential, but the selected credential points at Bold Smart Lock',
		);
		expect(run.requests).toHaveLength(0);
	});

	test('no event chosen', async () => {
		const run = await runPoll({ parameters: { events: [] }, credentials: softwareOneCredentials(), respond: () => ({ body: {} }) });
		expect(run.error?.message).toBe('No event is chosen');
		expect(run.error?.description).toContain('Invitation Accepted, Invitation Expired, User Added, User Removed or Groups Changed');
		expect(run.requests).toHaveLength(0);
	});

	// A trigger has no input items: its setting errors name the field and the fix, never "[item 0]".
	async function refusedSetting(parameters: INodeParameters) {
		const run = await runPoll({ parameters: { events: ALL_EVENTS, ...parameters }, credentials: softwareOneCredentials(), respond: () => ({ body: {} }) });
		expect(run.requests).toHaveLength(0);
		expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(/\bitem\b/);
		return { message: run.error?.message, description: run.error?.description };
	}

	test('a group ID that is not one: the field and the fix, no item number', async () => {
		expect(await refusedSetting({ filters: { groupId: 'Admins' } })).toEqual({
			message: 'Group ID "Admins" is not valid',
			description: 'Group ID must be a SoftwareOne user group ID like UGR-1234-5678 (find it under Settings → User groups).',
		});
	});

	test('an e-mail pattern that is too long, or a list from an expression: the field and the fix, no item number', async () => {
		expect(await refusedSetting({ filters: { emailPattern: `*${'a'.repeat(320)}` } })).toEqual({
			message: 'Email Pattern is 321 characters long; the API accepts at most 320',
			description: 'Shorten "Email Pattern" to 320 characters or fewer.',
		});
		expect(await refusedSetting({ filters: { groupId: ['UGR-1234-5678', 'UGR-1234-0000'] as unknown as string } })).toEqual({
			message: 'Group ID must be one value, not a list',
			description: '"Group ID" takes one value. If an expression returns a list, make it return one entry.',
		});
	});

	test('an Account ID that is not one (account-scoped endpoints): the field and the fix, no item number', async () => {
		expect(await refusedSetting({ endpointFamily: 'accountScoped', scopeAccountId: 'ACC-12' })).toEqual({
			message: 'Account ID "ACC-12" is not valid',
			description:
				'The account-scoped endpoints need the SoftwareOne account ID, like ACC-1234-5678. Enter it in the node\'s "Account ID" or in the credential\'s "Account ID", or switch Endpoints to "Account Users".',
		});
		expect((await refusedSetting({ endpointFamily: 'auto', scopeAccountId: 'ACC-12' })).message).toBe('Account ID "ACC-12" is not valid');
	});

	test('an output item never carries the credential\'s secret, in a poll or in Fetch Test Event (issue 26)', async () => {
		const echo = { firstName: `Token ${SECRET_TOKEN}` };
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users, { simplify: false });
		await poll();
		users[0] = member(1, 'Active', { user: { email: 'user1@example.com', ...echo } });
		const run = await poll();
		expect(polledItems(run)).toHaveLength(1);
		expect(JSON.stringify(polledItems(run))).not.toContain(SECRET_TOKEN);
		expect(JSON.stringify(polledItems(run))).toContain('Token ***');
		const sample = await runPoll({ mode: 'manual', parameters: { events: ['userAdded'], simplify: false }, credentials: softwareOneCredentials(), respond: listServer(users) });
		expect(polledItems(sample)).toHaveLength(1);
		expect(JSON.stringify(polledItems(sample))).not.toContain(SECRET_TOKEN);
	});

	test('an error text never carries the credential\'s secret', async () => {
		const run = await runPoll({
			parameters: { events: ALL_EVENTS, options: { maxRetries: 0 } },
			credentials: softwareOneCredentials(),
			respond: () => ({ statusCode: 401, body: { title: `Token ${SECRET_TOKEN} is not valid`, status: 401 } }),
		});
		expect(run.error?.message).toBe('The API did not accept the credential (wrong or expired token or key)');
		expect(JSON.stringify({ ...run.error, message: run.error?.message, description: run.error?.description })).not.toContain(SECRET_TOKEN);
	});
});

describe('User Invitation Trigger: the account for the account-scoped endpoints', () => {
	const NEWER = '/public/v1/accounts/accounts/ACC-1234-5678/users';
	/** The live platform by the vendor's client: only the newer account-scoped path is served. */
	const livePlatform = (users: IDataObject[]) => {
		const list = listServer(users);
		return (request: Parameters<typeof list>[0]) =>
			request.path === NEWER ? list(request) : { statusCode: 404, body: { title: 'Not Found', status: 404 } };
	};

	test('Auto-detect reads the list with the credential\'s Account ID when the trigger gives none', async () => {
		const users = [member(1, 'Invited'), member(2, 'Active')];
		const { poll } = watcher(users, {}, {
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: livePlatform(users),
		});

		expect((await poll()).error).toBeUndefined();
		users[0] = member(1, 'Active');
		const run = await poll();

		expect(run.error).toBeUndefined();
		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
		expect(run.requests.at(-1)?.path).toBe(NEWER);
	});

	test('the trigger\'s own Account ID wins over the credential\'s', async () => {
		const run = await runPoll({
			parameters: { events: ALL_EVENTS, endpointFamily: 'accountsAccounts', scopeAccountId: 'ACC-9876-5432' },
			credentials: softwareOneCredentials({ accountId: 'ACC-1234-5678' }),
			respond: listServer([]),
		});

		expect(run.requests.map((r) => r.path)).toEqual(['/public/v1/accounts/accounts/ACC-9876-5432/users']);
	});
});

describe('User Invitation Trigger: each option and filter on its own', () => {
	const other = [{ id: 'UGR-9999-0000', name: 'Contractors' }];

	async function acceptedWith(filters: INodeParameters) {
		const users = [member(1, 'Invited'), member(2, 'Invited', { groups: other, user: { email: 'hire@contoso.com' } })];
		const { poll } = watcher(users, { filters });
		await poll();
		users[0] = member(1, 'Active');
		users[1] = member(2, 'Active', { groups: other, user: { email: 'hire@contoso.com' } });
		return summary(polledItems(await poll()));
	}

	test('Group ID alone reports only that group; Email Pattern alone only matching addresses', async () => {
		expect(await acceptedWith({ groupId: 'UGR-1234-5678' })).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
		expect(await acceptedWith({ emailPattern: '*@contoso.com' })).toEqual(['AUSR-0000-0002:invitationAccepted:Invited']);
		expect(await acceptedWith({})).toHaveLength(2);
	});

	test('Events as one value (from an expression) works like a list of one', async () => {
		const run = await runPoll({ mode: 'manual', parameters: { events: 'userAdded' }, credentials: softwareOneCredentials(), respond: listServer([member(1, 'Active')]) });
		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0001:userAdded:null']);
	});

	test('Timeout is each request\'s timeout; none falls back to 30 s (a negative one is refused, below)', async () => {
		const timeoutWith = async (options: INodeParameters) =>
			(await runPoll({ parameters: { events: ALL_EVENTS, options }, credentials: softwareOneCredentials(), respond: listServer([]) })).requests[0].timeout;
		expect(await timeoutWith({ timeout: 7 })).toBe(7000);
		expect(await timeoutWith({})).toBe(30_000);
	});

	test('Max Retries: how often a server error is tried again (0: none)', async () => {
		const twoFailuresThenList = () => {
			let calls = 0;
			const serve = listServer([member(1, 'Invited')]);
			return (request: Parameters<typeof serve>[0]) =>
				++calls <= 2 ? { statusCode: 503, body: { title: 'Service Unavailable' }, headers: { 'retry-after': '0' } } : serve(request);
		};
		const pollWith = async (options: INodeParameters) =>
			await runPoll({ parameters: { events: ALL_EVENTS, options }, credentials: softwareOneCredentials(), respond: twoFailuresThenList() });

		const once = await pollWith({ maxRetries: 1 });
		expect(once.error?.message).toBe('The API had a server error (503) (after 2 attempts)');
		expect(once.requests).toHaveLength(2);
		expect((await pollWith({ maxRetries: 0 })).requests).toHaveLength(1);
		const byDefault = await pollWith({});
		expect(byDefault.error).toBeUndefined();
		expect(byDefault.requests).toHaveLength(3);
	});

	test('Max Retry Wait: a Retry-After above it fails the poll at once, naming both', async () => {
		const run = await runPoll({
			parameters: { events: ALL_EVENTS, options: { maxRetryWait: 0 } },
			credentials: softwareOneCredentials(),
			respond: () => ({ statusCode: 429, body: { title: 'Too Many Requests' }, headers: { 'retry-after': '1' } }),
		});
		expect(run.error?.message).toMatch(/^The API asked to wait 1 s before retrying, longer than Max Retry Wait \(0 s\)/);
		expect(run.requests).toHaveLength(1);
	});

	test('Max Users: 1 is allowed and counted, fractions round down, none means the default (10,000)', async () => {
		const users = [member(1, 'Invited'), member(2, 'Invited')];
		const pollWith = async (options: INodeParameters) =>
			await runPoll({ parameters: { events: ALL_EVENTS, options }, credentials: softwareOneCredentials(), respond: listServer(users) });
		expect((await pollWith({ maxUsers: 1 })).error?.message).toBe('The account has more than 1 users, more than Max Users allows the trigger to watch');
		expect((await pollWith({ maxUsers: 1.9 })).error?.message).toContain('more than 1 users');
		expect((await pollWith({})).error).toBeUndefined();
	});

	// Issue 26: unbounded options retried forever ({{1/0}}, NaN), lifted the Max Users cap (1e12) or
	// overflowed the timer with a huge wait. Bounded as the action node bounds them, before any request.
	test.each([
		['maxRetries', Number.POSITIVE_INFINITY, 'Max Retries Infinity is not a number; it must be a whole number from 0 to at most 20'],
		['maxRetries', Number.NaN, 'Max Retries NaN is not a number; it must be a whole number from 0 to at most 20'],
		['maxRetries', -2, 'Max Retries -2 is out of range; it must be a whole number from 0 to at most 20'],
		['maxRetries', 2.5, 'Max Retries 2.5 is out of range; it must be a whole number from 0 to at most 20'],
		['maxUsers', 1e12, 'Max Users 1000000000000 is out of range; it must be a number from 1 to at most 100000'],
		['maxUsers', 0, 'Max Users 0 is out of range; it must be a number from 1 to at most 100000'],
		['maxRetryWait', 1e10, 'Max Retry Wait (Seconds) 10000000000 is out of range; it must be a number from 0 to at most 3600'],
		['timeout', -1, 'Timeout (Seconds) -1 is out of range; it must be a number from 1 to at most 600'],
		['timeout', 'soon', 'Timeout (Seconds) "soon" is not a number; it must be a number from 1 to at most 600'],
	])('Options: %s = %s is refused before any request, naming the field and its bounds', async (name, value, message) => {
		const run = await runPoll({ parameters: { events: ALL_EVENTS, options: { [name]: value } }, credentials: softwareOneCredentials(), respond: listServer([]) });
		expect(run.error?.message).toBe(message);
		expect(run.error?.message).not.toMatch(/\bitem\b/);
		expect(run.requests).toHaveLength(0);
	});

	test('Options: the bounds are the action node\'s and the description\'s', () => {
		const shown = (new UserInvitationTrigger().description.properties.find((p) => p.name === 'options')?.options ?? []) as INodeProperties[];
		for (const [name, rule] of Object.entries(TRIGGER_OPTION_LIMITS)) {
			expect(shown.find((o) => o.name === name)?.typeOptions).toMatchObject({ minValue: rule.min, maxValue: rule.max });
			if (name in OPTION_LIMITS) expect(OPTION_LIMITS[name as keyof typeof OPTION_LIMITS]).toEqual(rule);
		}
	});

	test('n8n\'s poll budget: pages stop before it runs out; a generous one reads them all', async () => {
		const users = Array.from({ length: 150 }, (_, i) => member(i + 1, 'Invited'));
		const serve = listServer(users);
		const slowly = (request: Parameters<typeof serve>[0]) => {
			const until = Date.now() + 10;
			while (Date.now() < until) {
				/* a page that takes 10 ms */
			}
			return serve(request);
		};
		const pollWith = async (pollBudgetMs: number) =>
			await runPoll({ parameters: { events: ALL_EVENTS }, credentials: softwareOneCredentials(), respond: slowly, pollBudgetMs });

		const tight = await pollWith(10);
		expect(tight.error?.message).toBe('Reading the account users took longer than n8n lets one poll run (stopped after 100 users)');
		expect(tight.requests).toHaveLength(1);
		const generous = await pollWith(60_000);
		expect(generous.error).toBeUndefined();
		expect(generous.requests).toHaveLength(2);
	});

	test('another credential starts over: nothing is reported for the switch itself', async () => {
		const users = [member(1, 'Invited')];
		const { poll } = watcher(users);
		await poll();
		users[0] = member(1, 'Active');
		expect((await poll({ credentialId: 'cred-2' })).output).toBeNull();
		users.push(member(2, 'Invited'));
		expect(summary(polledItems(await poll({ credentialId: 'cred-2' })))).toEqual(['AUSR-0000-0002:userAdded:null']);
	});

	test('a listed user without an invitation or audit block is watched like any other', async () => {
		const bare = { id: 'AUSR-0000-0009', user: { id: 'USR-0000-0009', email: 'bare@example.com' } };
		const users: IDataObject[] = [member(1, 'Invited')];
		const { poll } = watcher(users);
		await poll();
		users.push(bare);
		const run = await poll();
		expect(run.error).toBeUndefined();
		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0009:userAdded:null']);
	});
});

describe('User Invitation Trigger: Fetch Test Event with filters and several events', () => {
	test('the sample fits the filters, and the first chosen event that has a user wins', async () => {
		const users = [member(1, 'Active'), member(2, 'Active', { groups: [{ id: 'UGR-9999-0000' }] }), member(3, 'InvitationExpired')];
		const run = await runPoll({
			mode: 'manual',
			parameters: { events: ['invitationAccepted', 'invitationExpired'], filters: { groupId: 'UGR-1234-5678' } },
			credentials: softwareOneCredentials(),
			respond: listServer(users),
		});
		expect(summary(polledItems(run))).toEqual(['AUSR-0000-0001:invitationAccepted:Invited']);
	});

	test('with filters, the message says the filters may be why and how to loosen them', async () => {
		const run = await runPoll({
			mode: 'manual',
			parameters: { events: ['invitationAccepted'], filters: { emailPattern: '*@contoso.com' } },
			credentials: softwareOneCredentials(),
			respond: listServer([member(1, 'Active')]),
		});
		expect(run.error?.description).toBe(
			'The trigger read 1 account user(s); none matches the filters and fits the chosen events (an accepted invitation needs an Active user, an expired one an InvitationExpired user). Loosen the filters, or create or invite a user with the User Invitation node, then fetch again.',
		);
	});
});

describe('User Invitation Trigger: invitation join links (issue 26)', () => {
	const LINK = 'https://portal.example.com/invite/secret-join-code';
	const invited = (n: number) => member(n, 'Invited', { invitation: { status: 'Invited', url: LINK } });

	/** The items of a poll that reports one added user whose invitation carries a join link. */
	async function reportedAdded(typeVersion: number, parameters: INodeParameters = {}) {
		const users = [invited(1)];
		const { poll } = watcher(users, { events: ['userAdded'], ...parameters }, { typeVersion });
		await poll();
		users.push(invited(2));
		const run = await poll();
		expect(run.error).toBeUndefined();
		return polledItems(run);
	}

	test('version 1.1 leaves the join link out of the output, simplified or whole', async () => {
		const [simplified] = await reportedAdded(1.1);
		expect(simplified).toMatchObject({ id: 'AUSR-0000-0002', event: 'userAdded' });
		expect(simplified).not.toHaveProperty('invitationUrl');
		const [whole] = await reportedAdded(1.1, { simplify: false });
		expect(whole.invitation).toEqual({ status: 'Invited' });
		expect(JSON.stringify(whole)).not.toContain(LINK);
	});

	test('version 1.1 keeps it when the builder turns Include Invitation Link on', async () => {
		const [item] = await reportedAdded(1.1, { options: { includeInvitationLink: true } });
		expect(item.invitationUrl).toBe(LINK);
	});

	test('version 1 (saved workflows) keeps the link, as it always did', async () => {
		const [item] = await reportedAdded(1);
		expect(item.invitationUrl).toBe(LINK);
	});

	test('Fetch Test Event follows the same rule', async () => {
		const run = await runPoll({ mode: 'manual', typeVersion: 1.1, parameters: { events: ['userAdded'] }, credentials: softwareOneCredentials(), respond: listServer([invited(1)]) });
		expect(polledItems(run)[0]).not.toHaveProperty('invitationUrl');
	});
});

describe('User Invitation Trigger: User Removed and Groups Changed (issue 27)', () => {
	const NEW_EVENTS = { events: ['userRemoved', 'groupsChanged'] };
	const otherGroups = [{ id: 'UGR-9999-0000', name: 'Contractors' }];

	test('User Removed: once, on the second poll without the user, as id and previous status only (the record is gone)', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const { poll, staticData } = watcher(users, { ...NEW_EVENTS, simplify: false });
		await poll();
		users.splice(1, 1);
		expect((await poll()).output).toBeNull();
		expect(polledItems(await poll())).toEqual([{ event: 'userRemoved', id: 'AUSR-0000-0002', previousStatus: 'Invited' }]);
		expect(staticData.users).toEqual({ 'AUSR-0000-0001': `${FP}A` });
		expect((await poll()).output).toBeNull();
	});

	test('User Removed: not reported when the list moved during the read that drops the user', async () => {
		const users = Array.from({ length: 150 }, (_, i) => member(i + 1, 'Invited'));
		const { poll, staticData } = watcher(users, NEW_EVENTS);
		await poll();
		users.splice(139, 1); // user 140 really goes
		expect((await poll()).output).toBeNull();
		// The next read moves: user 10 goes between page 1 and page 2, so user 101 is not read.
		const serve = listServer(users);
		const moving = await poll({
			respond: (request) => {
				const answer = serve(request);
				if (request.query.endsWith('offset=0')) users.splice(9, 1);
				return answer;
			},
		});
		expect(moving.error).toBeUndefined();
		expect(moving.output).toBeNull();
		expect((staticData.users as IDataObject)['AUSR-0000-0140']).toBeUndefined();
		expect((await poll()).output).toBeNull();
		// User 101 (missed once) came back without an event, 140 is never reported (its drop fell on the
		// moving read), and user 10, really gone, is reported once a complete read confirms it.
		const last = await poll();
		expect(summary(polledItems(last))).toEqual(['AUSR-0000-0010:userRemoved:Invited']);
	});

	test('User Removed: with a filter set it is not reported (a removed user has no record left to match)', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const { poll } = watcher(users, { ...NEW_EVENTS, filters: { groupId: 'UGR-1234-5678' } });
		await poll();
		users.splice(1, 1);
		await poll();
		expect((await poll()).output).toBeNull();
	});

	test('Groups Changed: once, with the user\'s record and the status as previousStatus; the other events stay off unless chosen', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const { poll } = watcher(users, NEW_EVENTS);
		await poll();
		users[1] = member(2, 'Active', { groups: otherGroups });
		users.push(member(3, 'Invited'));
		const [item, ...more] = polledItems(await poll());
		expect(more).toEqual([]);
		expect(item).toMatchObject({ event: 'groupsChanged', previousStatus: 'Invited', id: 'AUSR-0000-0002', groupIds: ['UGR-9999-0000'] });
		expect((await poll()).output).toBeNull();
	});

	test('after an upgrade from a version 2 state (no fingerprints) no user is reported, and the next change is', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const { poll, staticData } = watcher(users, NEW_EVENTS);
		await poll();
		const scope = staticData.scope;
		// What the version before this one kept: no fingerprints.
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, { version: 2, scope, users: { 'AUSR-0000-0001': 'A', 'AUSR-0000-0002': 'I' } });
		expect((await poll()).output).toBeNull();
		expect(staticData.version).toBe(3);
		users[0] = member(1, 'Active', { groups: otherGroups });
		expect(summary(polledItems(await poll()))).toEqual(['AUSR-0000-0001:groupsChanged:Active']);
	});

	test('across a restart (the state saved as JSON, read by a new node instance) neither event is reported twice', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const first = watcher(users, NEW_EVENTS);
		await first.poll();
		users.splice(1, 1);
		await first.poll();
		users[0] = member(1, 'Active', { groups: otherGroups });
		expect(summary(polledItems(await first.poll()))).toEqual(['AUSR-0000-0001:groupsChanged:Active', 'AUSR-0000-0002:userRemoved:Invited']);

		const restored = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		const afterRestart = await runPoll({
			trigger: new UserInvitationTrigger(),
			parameters: NEW_EVENTS,
			credentials: softwareOneCredentials(),
			staticData: restored,
			respond: listServer(users),
		});
		expect(afterRestart.error).toBeUndefined();
		expect(afterRestart.output).toBeNull();
	});

	test('Fetch Test Event: a User Removed sample is built from the newest listed user (id and its status); Groups Changed shows the record', async () => {
		const users = [member(1, 'Active'), member(2, 'Invited')];
		const removed = await runPoll({ mode: 'manual', parameters: { events: ['userRemoved'] }, credentials: softwareOneCredentials(), respond: listServer(users) });
		expect(polledItems(removed)).toEqual([{ event: 'userRemoved', id: 'AUSR-0000-0002', previousStatus: 'Invited' }]);
		const regrouped = await runPoll({ mode: 'manual', parameters: { events: ['groupsChanged'] }, credentials: softwareOneCredentials(), respond: listServer(users) });
		expect(polledItems(regrouped)[0]).toMatchObject({ event: 'groupsChanged', id: 'AUSR-0000-0002', previousStatus: 'Invited', email: 'user2@example.com' });
	});
});
