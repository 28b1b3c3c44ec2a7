import type { IDataObject } from 'n8n-workflow';
import { softwareOneCredentials } from '../../helpers/context';
import { createPollContext, polledItems, type PollAnswer, runPoll } from '../../helpers/pollContext';
import { control, type Double, LEGACY, s1, S1_TOKEN, start } from '../../double/helpers';
import type { RecordedRequest } from '../../helpers/context';
import { UserInvitationTrigger } from '../../../nodes/UserInvitationTrigger/UserInvitationTrigger.node';
import { cheapPoll } from '../../../nodes/UserInvitationTrigger/cheapPoll';
import { freshCostState, readCostState } from '../../../nodes/UserInvitationTrigger/watch';
import { ApiSession, DEFAULT_RETRY_SETTINGS, resolveConnection } from '../../../nodes/shared/http/session';
import { buildAccountUserPaths } from '../../../nodes/shared/softwareOne/endpoints';

/**
 * The cost-following poll (version 1.2) against the API double, which filters the lists as an RQL
 * server does (eq on the status, ge on audit.created.at) and can refuse date comparisons.
 */

let double: Double;
beforeAll(async () => {
	double = await start({ seedDefaults: false });
});
afterAll(async () => await double.close());
beforeEach(async () => await control(double.url, 'POST', '/reset'));

/** Answers the node's requests from the double (the helper's base URL is replaced by the double's). */
function fromDouble(request: RecordedRequest): Promise<PollAnswer> {
	const url = `${double.url}${request.path}${request.query ? `?${request.query}` : ''}`;
	return fetch(url, { method: request.method, headers: { authorization: `Bearer ${S1_TOKEN}` } }).then(async (res) => {
		const text = await res.text();
		const retryAfter = res.headers.get('retry-after');
		const headers: Record<string, string> = { 'content-type': 'application/json', ...(retryAfter === null ? {} : { 'retry-after': retryAfter }) };
		return { statusCode: res.status, body: text ? JSON.parse(text) : undefined, headers };
	});
}

async function seed(users: Array<{ email: string; status?: string; groups?: string[] }>): Promise<string[]> {
	const { softwareOneUsers } = await control(double.url, 'POST', '/seed', { softwareOneUsers: users });
	return (softwareOneUsers as IDataObject[]).map((user) => String(user.id));
}
const move = async (to: 'accept' | 'expire' | 'invite' | 'remove', id: string) => await control(double.url, 'POST', `/${to}/${id}`);

/**
 * `count` users, `pending` of them Invited, the rest Active. The double seeds a batch within a few
 * milliseconds; the last user comes a moment later, as the newest user of an account usually does
 * (every user created in the mark's millisecond is read again by the next read of new users).
 */
async function account(count: number, pending: number): Promise<string[]> {
	const specs = Array.from({ length: count }, (_, n) => ({ email: `user${n}@example.com`, status: n < pending ? 'Invited' : 'Active' }));
	const batch = await seed(specs.slice(0, -1));
	await new Promise((resolve) => setTimeout(resolve, 5));
	return [...batch, ...(await seed(specs.slice(-1)))];
}

const ALL_BUT_ACCOUNT_WIDE = ['invitationAccepted', 'invitationExpired', 'userAdded'];

/** What the trigger logged as warnings (n8n's logger). */
const warnings: string[] = [];
beforeEach(() => warnings.splice(0));

function watcher(events: string[], typeVersion = 1.2, options: IDataObject = {}) {
	const staticData: IDataObject = {};
	let trigger = new UserInvitationTrigger();
	const poll = async (respond: (request: RecordedRequest) => Promise<PollAnswer> = fromDouble) =>
		await runPoll({
			trigger,
			typeVersion,
			parameters: { events, options: { maxRetries: 0, ...options } },
			credentials: softwareOneCredentials(),
			staticData,
			respond,
			logger: { warn: (message: string) => warnings.push(message) },
		});
	/**
	 * n8n restarted: the state as saved (JSON) read back, polled by a new node instance. `database`: the
	 * copy n8n last wrote, when it is older than the state in memory.
	 */
	const restart = (database = JSON.stringify(staticData)) => {
		const saved = JSON.parse(database) as IDataObject;
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, saved);
		trigger = new UserInvitationTrigger();
	};
	return { staticData, poll, restart };
}

const summary = (items: IDataObject[]) => items.map((item) => `${String(item.email ?? item.id)}:${String(item.event)}:${String(item.previousStatus)}`).sort();
const reads = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.path.replace(LEGACY, '~')}?${decodeURIComponent(r.query)}`);

describe('User Invitation Trigger 1.2: a poll costs what changed', () => {
	test('the first poll reads everyone once and reports nothing; a quiet poll then costs 2 requests and the state holds only the pending users', async () => {
		await account(250, 20);
		const { poll, staticData } = watcher(ALL_BUT_ACCOUNT_WIDE);

		const first = await poll();
		expect(first.error).toBeUndefined();
		expect(first.output).toBeNull();
		expect(first.requests).toHaveLength(3);

		const quiet = await poll();
		expect(quiet.error).toBeUndefined();
		expect(quiet.output).toBeNull();
		expect(reads(quiet.requests)).toEqual([
			'GET ~?eq(invitation.status,Invited)&select=+audit&order=id&limit=100&offset=0',
			expect.stringMatching(/^GET ~\?ge\(audit\.created\.at,"\d{4}-\d\d-\d\dT[\d:.]+Z"\)&select=\+audit&order=id&limit=100&offset=0$/),
		]);
		expect(staticData.version).toBe(5);
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(20);
		expect(JSON.stringify(staticData).length).toBeLessThanOrEqual(20 * 100 + 300);
	});

	test('k changes cost 2 + k requests, each is reported once, and the next poll reports nothing', async () => {
		const ids = await account(250, 20);
		const { poll } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved']);
		await poll();
		await move('accept', ids[0]);
		await move('expire', ids[1]);
		await move('remove', ids[2]);
		await seed([{ email: 'new.invited@example.com' }, { email: 'new.active@example.com', status: 'Active' }]);

		const changed = await poll();
		expect(changed.error).toBeUndefined();
		expect(summary(polledItems(changed))).toEqual([
			`${ids[2]}:userRemoved:Invited`,
			'new.active@example.com:userAdded:null',
			'new.invited@example.com:userAdded:null',
			'user0@example.com:invitationAccepted:Invited',
			'user1@example.com:invitationExpired:Invited',
		]);
		// User Removed watches every user; still the two list reads plus one read for each pending user who left the list.
		expect(changed.requests).toHaveLength(2 + 3);
		const next = await poll();
		expect(next.output).toBeNull();
		expect(next.requests).toHaveLength(2);
	});

	test('a server that refuses the date comparison (400): the poll reads every user instead, still finds the new user once, and says so', async () => {
		await account(150, 5);
		const { poll } = watcher(ALL_BUT_ACCOUNT_WIDE);
		await poll();
		await control(double.url, 'POST', '/config', { refuseDateFilters: true });
		await seed([{ email: 'late@example.com', status: 'Active' }]);

		const refused = await poll();
		expect(refused.error).toBeUndefined();
		expect(summary(polledItems(refused))).toEqual(['late@example.com:userAdded:null']);
		// pending, the refused read by date, then the whole list (2 pages).
		expect(reads(refused.requests)).toEqual([
			expect.stringMatching(/^GET ~\?eq\(invitation\.status,Invited\)&/),
			expect.stringMatching(/^GET ~\?ge\(audit\.created\.at,/),
			'GET ~?select=+audit&order=id&limit=100&offset=0',
			'GET ~?select=+audit&order=id&limit=100&offset=100',
		]);
		const again = await poll();
		expect(again.output).toBeNull();
		expect(reads(again.requests).some((r) => r.includes('ge(audit.created.at'))).toBe(false);
		expect(warnings).toEqual([expect.stringContaining('refused the read of new users by date (ge(audit.created.at,…), answered 400)')]);
	});

	test('upgrade from a real version 3 state: what happened since is reported once, as version 1 would have, and nothing twice', async () => {
		const ids = await account(120, 10);
		const { poll: pollV1, staticData } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved', 'groupsChanged'], 1);
		await pollV1();
		await move('accept', ids[0]);
		expect(polledItems(await pollV1()).map((item) => item.event)).toEqual(['invitationAccepted']);
		expect(staticData.version).toBe(3);
		await move('expire', ids[1]);
		await move('remove', ids[50]);
		await seed([{ email: 'after.upgrade@example.com', status: 'Active' }]);

		const upgraded = async () =>
			await runPoll({
				typeVersion: 1.2,
				parameters: { events: [...ALL_BUT_ACCOUNT_WIDE, 'userRemoved', 'groupsChanged'], options: { maxRetries: 0 } },
				credentials: softwareOneCredentials(),
				staticData,
				respond: fromDouble,
			});
		const first = await upgraded();
		expect(first.error).toBeUndefined();
		expect(summary(polledItems(first))).toEqual([
			`${ids[50]}:userRemoved:Active`,
			'after.upgrade@example.com:userAdded:null',
			'user1@example.com:invitationExpired:Invited',
		]);
		expect(staticData.version).toBe(5);
		const second = await upgraded();
		expect(second.output).toBeNull();
		expect(second.requests).toHaveLength(2);
	});

	test('upgrade from a version 4 state (every user an entry): what happened since once, nothing twice, then stored packed', async () => {
		const ids = await account(150, 10);
		const { poll, staticData } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved', 'groupsChanged']);
		await poll();
		await move('accept', ids[0]);
		expect(summary(polledItems(await poll()))).toEqual(['user0@example.com:invitationAccepted:Invited']);
		// The state as version 4 code kept it: the same fields, every user an entry, nothing packed.
		const asVersion4 = JSON.parse(JSON.stringify({ ...readCostState(staticData, String(staticData.scope), true), version: 4 })) as IDataObject;
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, asVersion4);
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(150);

		await move('remove', ids[1]);
		await move('accept', ids[2]);
		await seed([{ email: 'after.upgrade@example.com', status: 'Active' }]);
		const upgraded = await poll();
		expect(upgraded.error).toBeUndefined();
		expect(summary(polledItems(upgraded))).toEqual([`${ids[1]}:userRemoved:Invited`, 'after.upgrade@example.com:userAdded:null', 'user2@example.com:invitationAccepted:Invited']);
		expect(staticData.version).toBe(5);
		// The 7 pending invitations stay entries; the 143 Active users (140, 2 accepted, 1 added) are packed into one string.
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(7);
		expect(String(staticData.active).split(',')).toHaveLength(143);
		expect((await poll()).output).toBeNull();

		// A full reconcile compares every user with the packed state: nothing again, and an Active user's removal once.
		staticData.reconcileAt = 0;
		expect((await poll()).output).toBeNull();
		await move('remove', ids[100]);
		staticData.reconcileAt = 0;
		expect(summary(polledItems(await poll()))).toEqual([`${ids[100]}:userRemoved:Active`]);
		expect((await poll()).output).toBeNull();
	});

	test('versions 1 and 1.1 keep reading every user at every poll unless Full Reconcile Every is set', async () => {
		await account(150, 5);
		const { poll, staticData } = watcher(ALL_BUT_ACCOUNT_WIDE, 1.1);
		await poll();
		const second = await poll();
		expect(second.requests).toHaveLength(2);
		expect(reads(second.requests).every((r) => r.startsWith('GET ~?select=+audit&order=id'))).toBe(true);
		expect(staticData.version).toBe(3);

		const { poll: optedIn, staticData: optedInState } = watcher(ALL_BUT_ACCOUNT_WIDE, 1.1, { reconcileHours: 6 });
		await optedIn();
		expect(optedInState.version).toBe(5);
	});

	test('back to every poll (Full Reconcile Every 0): a version 4 state of every user is read as it is; one of pending users only starts over quietly', async () => {
		const ids = await account(150, 5);
		for (const [events, reportsAfterSwitch] of [
			[[...ALL_BUT_ACCOUNT_WIDE, 'userRemoved'], ['invitationAccepted']],
			[ALL_BUT_ACCOUNT_WIDE, []],
		] as const) {
			const { poll, staticData } = watcher([...events]);
			await poll();
			expect(staticData.every).toBe(events.length === 4);
			await move('accept', ids[events.length]);
			const everyPoll = await runPoll({
				typeVersion: 1.2,
				parameters: { events: [...events], options: { maxRetries: 0, reconcileHours: 0 } },
				credentials: softwareOneCredentials(),
				staticData,
				respond: fromDouble,
			});
			expect(everyPoll.error).toBeUndefined();
			expect(polledItems(everyPoll).map((item) => item.event)).toEqual(reportsAfterSwitch);
			expect(staticData.version).toBe(3);
		}
	});
});

describe('a full reconcile that does not fit one poll goes on at the next', () => {
	test('one page a poll: nothing is lost or reported twice while users change on pages read and not yet read', async () => {
		const ids = await account(250, 0);
		const events = ['userAdded', 'userRemoved', 'groupsChanged', 'invitationAccepted', 'invitationExpired'];
		const { ctx } = createPollContext({ respond: fromDouble, credentials: softwareOneCredentials(), parameters: { events } });
		const api = new ApiSession(ctx, await resolveConnection(ctx), { ...DEFAULT_RETRY_SETTINGS, maxRetries: 0 });
		const paths = buildAccountUserPaths('accountUsers');
		let clock = Date.now();
		// Each call moves the clock past the budget: every poll reads one page of the reconcile.
		const settings = () => ({ every: true, reconcileMs: 6 * 3_600_000, reloaded: false, stopReadingAt: clock, deadline: Date.now() + 60_000, now: () => ++clock });
		const scope = 'test';
		let kept: unknown;
		const pollOnce = async () => {
			const result = await cheapPoll(api, paths, readCostState(kept, scope, true), () => freshCostState(scope, true), settings());
			kept = JSON.parse(JSON.stringify(result.state));
			return result;
		};
		const reported: string[] = [];
		const note = (result: Awaited<ReturnType<typeof pollOnce>>) => reported.push(...result.found.map((f) => `${f.id}:${f.event}`));

		for (let n = 0; n < 3; n++) note(await pollOnce());
		expect(reported).toEqual([]);
		expect((kept as IDataObject).sweep).toBeUndefined();
		expect(Object.keys((kept as IDataObject).users as IDataObject)).toHaveLength(250);

		// The next reconcile is due: it starts and reads page 1 (ids sorted: the first hundred).
		(kept as IDataObject).reconcileAt = 0;
		const sorted = [...ids].sort();
		note(await pollOnce());
		await move('remove', sorted[10]);
		await move('remove', sorted[150]);
		await control(double.url, 'POST', '/seed', { softwareOneUsers: [{ email: 'mid@example.com', status: 'Active' }] });
		for (let n = 0; n < 4 && (kept as IDataObject).sweep !== undefined; n++) note(await pollOnce());
		expect((kept as IDataObject).sweep).toBeUndefined();
		(kept as IDataObject).reconcileAt = 0;
		for (let n = 0; n < 4; n++) note(await pollOnce());

		expect(reported.filter((r) => r.endsWith(':userRemoved')).sort()).toEqual([`${sorted[10]}:userRemoved`, `${sorted[150]}:userRemoved`].sort());
		expect(reported.filter((r) => r.endsWith(':userAdded'))).toHaveLength(1);
		expect(reported).toHaveLength(3);
	});
});

describe('Fetch Test Event on version 1.2 costs what a cheap poll costs', () => {
	/** Fetch Test Event (manual mode) of a trigger of `typeVersion`; the state is an object it must leave alone. */
	const fetchTestEvent = async (typeVersion: number, parameters: IDataObject) => {
		const staticData: IDataObject = { kept: 'as it was' };
		const run = await runPoll({
			mode: 'manual',
			typeVersion,
			parameters: { ...parameters, options: { maxRetries: 0, ...(parameters.options as IDataObject) } },
			credentials: softwareOneCredentials(),
			staticData,
			respond: fromDouble,
		});
		expect(staticData).toEqual({ kept: 'as it was' });
		return run;
	};

	test('1,000 users: 2 requests (the first page for the total, then the last page), the same sample as a full read', async () => {
		const ids = await account(1000, 50);
		for (const events of [['userAdded'], ['userRemoved'], ['groupsChanged', 'invitationAccepted']]) {
			const cheap = await fetchTestEvent(1.2, { events });
			expect(cheap.error).toBeUndefined();
			expect(reads(cheap.requests)).toEqual(['GET ~?select=+audit&order=id&limit=100&offset=0', 'GET ~?select=+audit&order=id&limit=100&offset=900']);
			const full = await fetchTestEvent(1.1, { events });
			expect(full.requests).toHaveLength(10);
			expect(polledItems(cheap)).toEqual(polledItems(full));
		}
		expect(polledItems(await fetchTestEvent(1.2, { events: ['userAdded'] }))[0]).toMatchObject({ id: [...ids].sort()[999], event: 'userAdded' });
	});

	test('Invitation Accepted and Expired read only the users of that status, from the newest; the first chosen event with a user wins', async () => {
		const ids = await account(450, 50);
		await move('expire', ids[3]);
		await move('expire', ids[7]);
		const expired = await fetchTestEvent(1.2, { events: ['invitationExpired', 'userAdded'] });
		expect(expired.error).toBeUndefined();
		expect(reads(expired.requests)).toEqual(['GET ~?eq(invitation.status,InvitationExpired)&select=+audit&order=id&limit=100&offset=0']);
		expect(polledItems(expired)).toEqual(polledItems(await fetchTestEvent(1, { events: ['invitationExpired', 'userAdded'] })));
		expect(polledItems(expired)[0]).toMatchObject({ event: 'invitationExpired', previousStatus: 'Invited', id: [ids[3], ids[7]].sort()[1] });

		const accepted = await fetchTestEvent(1.2, { events: ['invitationAccepted'] });
		expect(reads(accepted.requests)).toEqual([
			'GET ~?eq(invitation.status,Active)&select=+audit&order=id&limit=100&offset=0',
			'GET ~?eq(invitation.status,Active)&select=+audit&order=id&limit=100&offset=300',
		]);
		expect(polledItems(accepted)).toEqual(polledItems(await fetchTestEvent(1, { events: ['invitationAccepted'] })));
	});

	test('with a filter the newest users may not fit: it reads back page by page until one does, and finds the one a full read finds', async () => {
		await seed([{ email: 'old@contoso.com', status: 'Active' }]);
		await account(350, 0);
		const parameters = { events: ['userAdded'], filters: { emailPattern: '*@contoso.com' } };
		const cheap = await fetchTestEvent(1.2, parameters);
		expect(cheap.error).toBeUndefined();
		expect(polledItems(cheap)[0]).toMatchObject({ email: 'old@contoso.com', event: 'userAdded' });
		// The first page (it holds the oldest user), then the three pages after it, newest first: every user read once.
		expect(reads(cheap.requests).map((r) => r.replace(/.*offset=/, ''))).toEqual(['0', '251', '151', '100']);
		expect(polledItems(cheap)).toEqual(polledItems(await fetchTestEvent(1, parameters)));
	});

	test('no user fits: the same message as a full read, counting every user it read, each selection read once', async () => {
		await account(150, 150);
		const cheap = await fetchTestEvent(1.2, { events: ['invitationAccepted', 'invitationExpired'], filters: { emailPattern: '*@contoso.com' } });
		expect(cheap.error?.message).toBe('No account user to show as a sample event');
		expect(cheap.requests).toHaveLength(2);
		const full = await fetchTestEvent(1, { events: ['invitationAccepted', 'invitationExpired'], filters: { emailPattern: '*@contoso.com' } });
		expect(full.error?.description).toContain('read 150 account user(s)');
		expect(cheap.error?.description).toContain('read 0 account user(s)');

		const anyone = await fetchTestEvent(1.2, { events: ['userAdded', 'groupsChanged'], filters: { emailPattern: '*@contoso.com' } });
		expect(anyone.error?.description).toBe(full.error?.description);
		// Both events take anyone: the whole list once (2 pages), not once per event.
		expect(anyone.requests).toHaveLength(2);
	});

	test('versions 1 and 1.1, and 1.2 with Full Reconcile Every 0, still read every user', async () => {
		await account(250, 10);
		for (const [typeVersion, options] of [[1, {}], [1.1, {}], [1, { reconcileHours: 6 }], [1.2, { reconcileHours: 0 }]] as const) {
			const run = await fetchTestEvent(typeVersion, { events: ['userAdded'], options });
			expect(reads(run.requests)).toEqual([0, 100, 200].map((offset) => `GET ~?select=+audit&order=id&limit=100&offset=${offset}`));
		}
	});
});

/**
 * The scenarios poll.test.ts holds for version 1, at version 1.2 (issue 28): the same things a user
 * checks (each change reported once, nothing twice at the next polls, nothing lost), against the
 * double's filtering reads.
 */
const EVERY_EVENT = [...ALL_BUT_ACCOUNT_WIDE, 'userRemoved', 'groupsChanged'];
const query = (request: RecordedRequest) => decodeURIComponent(request.query);
const isPendingRead = (request: RecordedRequest) => query(request).startsWith('eq(invitation.status,Invited)');
const isReconcilePage = (offset: number) => (request: RecordedRequest) => query(request) === `select=+audit&order=id&limit=100&offset=${offset}`;

/** The double stamps each user with the time it was seeded; these users were all created in the millisecond `at`. */
function createdInOneMillisecond(ids: string[], at: number): void {
	for (const id of ids) double.state.softwareOne.users.get(id).createdAt = at;
}

/** Answers from the double, and changes the account once, right after the first request `when` picks was answered. */
function changingAfter(when: (request: RecordedRequest) => boolean, change: () => Promise<unknown>) {
	let changed = false;
	return async (request: RecordedRequest): Promise<PollAnswer> => {
		const answer = await fromDouble(request);
		if (!changed && when(request)) {
			changed = true;
			await change();
		}
		return answer;
	};
}

/** The double answers the next request whose path and query match `path` with `status` (once), a 429 with Retry-After. */
const failOnce = async (path: string, status: 500 | 429, retryAfterSeconds = 1) =>
	await control(double.url, 'POST', '/faults', { rules: [{ kind: 'status', status, path, times: 1, ...(status === 429 ? { retryAfter: retryAfterSeconds } : {}) }] });
const FAILED_BY = { 500: 'The API had a server error (500)', 429: "The API's rate limit was reached" };

const ids = (items: IDataObject[]) => items.map((item) => String(item.id));

describe('User Invitation Trigger 1.2: users created in the same millisecond', () => {
	test('250 users of one millisecond over several pages: none reported after the first read, then 250 new ones once each, a late one of that millisecond once', async () => {
		const old = await seed(Array.from({ length: 250 }, (_, n) => ({ email: `old${n}@example.com`, status: n % 5 === 0 ? 'Invited' : 'Active' })));
		const first = Date.now() - 60_000;
		createdInOneMillisecond(old, first);
		const { poll, staticData } = watcher(ALL_BUT_ACCOUNT_WIDE);
		expect((await poll()).output).toBeNull();
		expect(staticData.mark).toBe(first);

		// The new-users read (ge on the mark) reads all 250 users of the mark's millisecond, 3 pages: none is new.
		const quiet = await poll();
		expect(quiet.error).toBeUndefined();
		expect(quiet.output).toBeNull();
		expect(reads(quiet.requests).filter((r) => r.includes('ge(audit.created.at'))).toHaveLength(3);

		const added = await seed(Array.from({ length: 250 }, (_, n) => ({ email: `new${n}@example.com`, status: n % 2 === 0 ? 'Invited' : 'Active' })));
		const second = first + 30_000;
		createdInOneMillisecond(added, second);
		const reported = await poll();
		expect(reported.error).toBeUndefined();
		expect(polledItems(reported).every((item) => item.event === 'userAdded')).toBe(true);
		expect(ids(polledItems(reported)).sort()).toEqual([...added].sort());
		expect(staticData.mark).toBe(second);
		for (let n = 0; n < 2; n++) expect((await poll()).output).toBeNull();

		// Created in the mark's millisecond, but after the read that set the mark: still new, once.
		const [late] = await seed([{ email: 'late@example.com', status: 'Active' }]);
		createdInOneMillisecond([late], second);
		expect(summary(polledItems(await poll()))).toEqual(['late@example.com:userAdded:null']);
		expect((await poll()).output).toBeNull();

		// A full reconcile reads them all again: nothing.
		staticData.reconcileAt = 0;
		expect((await poll()).output).toBeNull();
		expect((await poll()).output).toBeNull();
	});
});

describe('User Invitation Trigger 1.2: a list that moves during a read', () => {
	test('new-users read: a user removed between its pages, so that a new user slides onto the page already read: still reported, once', async () => {
		const old = await seed(Array.from({ length: 50 }, (_, n) => ({ email: `old${n}@example.com`, status: 'Active' })));
		const start = Date.now() - 60_000;
		createdInOneMillisecond(old, start);
		const { poll } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved']);
		await poll();
		// 100 users of one millisecond, then one a second later: the read by date holds the 50 old users
		// (the mark's millisecond), then these; page 1 ends with the 50th new user.
		const added = await seed(Array.from({ length: 100 }, (_, n) => ({ email: `new${n}@example.com`, status: 'Active' })));
		createdInOneMillisecond(added, start + 1_000);
		const [newest] = await seed([{ email: 'newest@example.com', status: 'Active' }]);
		createdInOneMillisecond([newest], start + 2_000);

		const isNewUsersRead = (request: RecordedRequest) => query(request).startsWith('ge(audit.created.at');
		const moving = await poll(changingAfter(isNewUsersRead, async () => await move('remove', old[5])));
		expect(moving.error).toBeUndefined();
		// The 51st new user slid onto page 1 after it was read: this read missed it, so the mark stays and the next read finds it.
		expect(ids(polledItems(moving))).not.toContain(added[50]);
		const reported = [...polledItems(moving)];
		for (let n = 0; n < 3; n++) reported.push(...polledItems(await poll()));
		// The removed user was remembered at the mark: missing from the next read by date, it is read alone (404), once.
		expect(summary(reported.filter((item) => item.event !== 'userAdded'))).toEqual([`${old[5]}:userRemoved:Active`]);
		expect(ids(reported.filter((item) => item.event === 'userAdded')).sort()).toEqual([...added, newest].sort());
	});

	test('pending read: a user removed and one added between its pages; the user that slid onto the read page is read alone, each change once', async () => {
		const users = await account(250, 150);
		const { poll, staticData } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved']);
		await poll();
		const pending = users.slice(0, 150).sort();
		const moving = await poll(
			changingAfter(isPendingRead, async () => {
				await move('remove', pending[10]);
				await seed([{ email: 'between.pages@example.com' }]);
			}),
		);
		expect(moving.error).toBeUndefined();
		expect(summary(polledItems(moving))).toEqual(['between.pages@example.com:userAdded:null']);
		// The first pending user of page 2 slid onto page 1 after it was read: read alone, not reported.
		expect(reads(moving.requests)).toContain(`GET ~/${pending[100]}?select=+audit`);
		// The removed user was read on page 1 just before it went: the next poll misses it, reads it alone, 404.
		expect(summary(polledItems(await poll()))).toEqual([`${pending[10]}:userRemoved:Invited`]);
		for (let n = 0; n < 2; n++) expect((await poll()).output).toBeNull();
		expect(Object.keys(staticData.users as IDataObject)).toHaveLength(150);
	});

	test('full reconcile: users removed before and after the read page and one added between pages: each once, nothing twice', async () => {
		const users = await account(250, 0);
		const { poll, staticData } = watcher(EVERY_EVENT);
		await poll();
		const sorted = [...users].sort();
		staticData.reconcileAt = 0;
		const moving = await poll(
			changingAfter(isReconcilePage(0), async () => {
				await move('remove', sorted[10]);
				await move('remove', sorted[200]);
				await seed([{ email: 'between.pages@example.com', status: 'Active' }]);
			}),
		);
		expect(moving.error).toBeUndefined();
		// sorted[200] was on a page not yet read: missing there, read alone, 404. sorted[10] was read before it went.
		expect(summary(polledItems(moving))).toEqual([`${sorted[200]}:userRemoved:Active`, 'between.pages@example.com:userAdded:null']);
		expect(staticData.reconcileAt).toBeGreaterThan(Date.now());
		expect((await poll()).output).toBeNull();

		// An Active user's removal is seen by the next full reconcile, once.
		staticData.reconcileAt = 0;
		expect(summary(polledItems(await poll()))).toEqual([`${sorted[10]}:userRemoved:Active`]);
		staticData.reconcileAt = 0;
		expect((await poll()).output).toBeNull();
		expect((await poll()).output).toBeNull();
	});
});

describe('User Invitation Trigger 1.2: a failed poll reports nothing and keeps the old state', () => {
	test('a 500 and a 429 (Retry-After) during a cheap poll: nothing reported, state unchanged; then each change once', async () => {
		const users = await account(150, 20);
		const { poll, staticData } = watcher([...ALL_BUT_ACCOUNT_WIDE, 'userRemoved']);
		await poll();
		await move('accept', users[0]);
		await move('expire', users[1]);
		await move('remove', users[2]);
		await seed([{ email: 'new@example.com' }]);
		const kept = JSON.parse(JSON.stringify(staticData)) as IDataObject;

		// A 429 on the poll's first request: nothing got through, so it is not the pacing's doing and Max Retries (0) holds.
		for (const [path, status] of [['created\\.at', 500], ['invitation\\.status', 429], [`/${users[2]}\\?`, 500]] as const) {
			await failOnce(path, status);
			const failed = await poll();
			expect(failed.error?.message).toContain(FAILED_BY[status]);
			expect(failed.output).toBeNull();
			expect(staticData).toEqual(kept);
		}
		expect(summary(polledItems(await poll()))).toEqual([
			`${users[2]}:userRemoved:Invited`,
			'new@example.com:userAdded:null',
			'user0@example.com:invitationAccepted:Invited',
			'user1@example.com:invitationExpired:Invited',
		]);
		expect((await poll()).output).toBeNull();
	});

	test('during a full reconcile a 500, or a 429 asking longer than Max Retry Wait, fails the poll: nothing reported, state unchanged; a 429 it can wait out is waited out; each change once', async () => {
		const users = await account(250, 5);
		const { poll, staticData } = watcher(EVERY_EVENT);
		await poll();
		await move('remove', users[100]);
		await move('accept', users[0]);
		staticData.reconcileAt = 0;
		const kept = JSON.parse(JSON.stringify(staticData)) as IDataObject;

		const page = (offset: number) => `\\?select=[^&]*&order=id&limit=100&offset=${offset}$`;
		await failOnce(page(100), 500);
		const failed = await poll();
		expect(failed.error?.message).toContain(FAILED_BY[500]);
		expect(failed.output).toBeNull();
		expect(staticData).toEqual(kept);
		// A 429 asking for longer than Max Retry Wait (60 s): the poll fails at once.
		await failOnce(page(200), 429, 120);
		const refused = await poll();
		expect(refused.error?.message).toContain('longer than Max Retry Wait');
		expect(refused.output).toBeNull();
		expect(staticData).toEqual(kept);

		// A 429 in a run that is getting through is the pacing's doing: the page is read again after Retry-After.
		await failOnce(page(200), 429, 1);
		const done = await poll();
		expect(done.error).toBeUndefined();
		expect(reads(done.requests).filter((r) => r.endsWith('order=id&limit=100&offset=200'))).toHaveLength(2);
		expect(summary(polledItems(done))).toEqual([`${users[100]}:userRemoved:Active`, 'user0@example.com:invitationAccepted:Invited']);
		staticData.reconcileAt = 0;
		expect((await poll()).output).toBeNull();
		expect((await poll()).output).toBeNull();
	});
});

describe('User Invitation Trigger 1.2: n8n restarted between changes', () => {
	test('the state saved as JSON and read by a new node instance: each change once, an Active user\'s removal and regroup at the full reconcile', async () => {
		const users = await account(150, 10);
		const { poll, restart, staticData } = watcher(EVERY_EVENT);
		await poll();
		await move('accept', users[0]);
		expect(summary(polledItems(await poll()))).toEqual(['user0@example.com:invitationAccepted:Invited']);
		expect(typeof staticData.active).toBe('string');

		restart();
		expect((await poll()).output).toBeNull();
		await move('expire', users[1]);
		await move('remove', users[100]);
		const regroup = await s1(double.url, 'PUT', `${LEGACY}/${users[101]}/groups`, { body: [{ id: 'UGR-9999-0001' }] });
		expect(regroup.status).toBe(200);
		await seed([{ email: 'after.restart@example.com', status: 'Active' }]);
		restart();
		// The cheap poll sees the pending and the new users; the Active users' changes wait for the reconcile.
		expect(summary(polledItems(await poll()))).toEqual(['after.restart@example.com:userAdded:null', 'user1@example.com:invitationExpired:Invited']);
		restart();
		expect((await poll()).output).toBeNull();

		staticData.reconcileAt = 0;
		restart();
		expect(summary(polledItems(await poll()))).toEqual([`${users[100]}:userRemoved:Active`, 'user101@example.com:groupsChanged:Active']);
		restart();
		expect((await poll()).output).toBeNull();
		staticData.reconcileAt = 0;
		restart();
		expect((await poll()).output).toBeNull();
	});
});

/** The double's user `id` from now on answers as `to` (an id a server might send). */
function renameUser(id: string, to: string): void {
	const { users, byMembership } = double.state.softwareOne;
	const record = users.get(id);
	users.delete(id);
	record.id = to;
	users.set(to, record);
	for (const [key, value] of byMembership) if (value === id) byMembership.set(key, to);
}

const currentIds = () => new Set<string>(double.state.softwareOne.users.keys());
const pause = async () => await new Promise((resolve) => setTimeout(resolve, 5));

describe('User Invitation Trigger 1.2: server ids, moving lists and what n8n saves', () => {
	test('server ids constructor, __proto__ and toString: every poll works; __proto__ is not followed', async () => {
		const users = await account(150, 10);
		['constructor', '__proto__', 'toString'].forEach((to, n) => renameUser(users[n], to));
		const { poll, restart, staticData } = watcher(EVERY_EVENT);
		expect((await poll()).error).toBeUndefined();
		await move('accept', 'constructor');
		await move('accept', '__proto__');
		await move('expire', 'toString');
		await seed([{ email: 'new@example.com' }]);

		const changed = await poll();
		expect(changed.error).toBeUndefined();
		expect(summary(polledItems(changed))).toEqual([
			'new@example.com:userAdded:null',
			'user0@example.com:invitationAccepted:Invited',
			'user2@example.com:invitationExpired:Invited',
		]);
		const kept = staticData.users as IDataObject;
		expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
		expect(Object.keys(kept)).toContain('toString');
		expect(Object.keys(kept)).not.toContain('__proto__');
		expect(String(staticData.active)).toContain('constructor');

		// Saved and read back (a restart), then a full reconcile over the packed users: nothing again.
		restart();
		expect((await poll()).output).toBeNull();
		staticData.reconcileAt = 0;
		restart();
		const reconciled = await poll();
		expect(reconciled.error).toBeUndefined();
		expect(reconciled.output).toBeNull();
		expect(Object.getPrototypeOf(staticData.users)).toBe(Object.prototype);
		expect((await poll()).output).toBeNull();
	});

	test('lists that move during every read keep the state bounded (at most this read and the last)', async () => {
		const old = await seed(Array.from({ length: 250 }, (_, n) => ({ email: `old${n}@example.com` })));
		const millisecond = Date.now() - 60_000;
		createdInOneMillisecond(old, millisecond);
		const { poll, staticData } = watcher(ALL_BUT_ACCOUNT_WIDE);
		await poll();
		const added: string[] = [];
		const reported: IDataObject[] = [];
		// After the first page of every list read: the two lowest ids go (the rest slides back) and two users
		// come, created in the mark's millisecond, so that every read by date spans pages and moves too.
		const churning = async (request: RecordedRequest): Promise<PollAnswer> => {
			const answer = await fromDouble(request);
			if (query(request).endsWith('&offset=0')) {
				for (const id of [...currentIds()].sort().slice(0, 2)) await move('remove', id);
				const come = await seed([0, 1].map((n) => ({ email: `churn${added.length + n}@example.com` })));
				createdInOneMillisecond(come, millisecond);
				added.push(...come);
			}
			return answer;
		};
		let lastRead = currentIds();
		for (let round = 1; round <= 8; round++) {
			const thisRead = currentIds();
			const run = await poll(churning);
			expect(run.error).toBeUndefined();
			reported.push(...polledItems(run));
			// Users that existed during this poll or the last one (their reads may have shown them).
			const allowed = new Set([...lastRead, ...thisRead, ...currentIds()]);
			lastRead = thisRead;
			for (const id of [...Object.keys(staticData.users as IDataObject), ...(staticData.markIds as string[])]) expect(allowed).toContain(id);
			expect(JSON.stringify(staticData).length).toBeLessThanOrEqual(currentIds().size * 100 + 300);
		}
		for (let n = 0; n < 3; n++) reported.push(...polledItems(await poll()));
		// Each user added during the churn once (a user removed before any read saw it cannot be reported).
		const addedIds = ids(reported.filter((item) => item.event === 'userAdded'));
		expect(new Set(addedIds).size).toBe(addedIds.length);
		expect(added.filter((id) => currentIds().has(id)).every((id) => addedIds.includes(id))).toBe(true);
	});

	test('n8n writes the state only after a poll that reported something: a restart reads an older state, and nothing is reported twice or lost', async () => {
		const users = await account(150, 10);
		const { poll, restart, staticData } = watcher(EVERY_EVENT);
		// What n8n's database holds: written after the activation poll and after each poll that started an execution.
		let database = '';
		const reported: string[] = [];
		const pollAsN8n = async () => {
			const run = await poll();
			expect(run.error).toBeUndefined();
			if (run.output !== null || database === '') database = JSON.stringify(staticData);
			reported.push(...summary(polledItems(run)));
			return summary(polledItems(run));
		};
		expect(await pollAsN8n()).toEqual([]);
		await move('expire', users[0]);
		expect(await pollAsN8n()).toEqual(['user0@example.com:invitationExpired:Invited']);

		// Quiet polls, not written: the invitation sent again, a full reconcile, a new read of pending users.
		await pause();
		await move('invite', users[0]);
		staticData.reconcileAt = 0;
		expect(await pollAsN8n()).toEqual([]);
		expect(await pollAsN8n()).toEqual([]);
		expect(JSON.parse(database)).not.toEqual(JSON.parse(JSON.stringify(staticData)));

		// n8n restarts from the older copy (it still says Expired, and a reconcile not yet done).
		restart(database);
		await pause();
		await move('expire', users[0]);
		await move('remove', users[100]);
		await seed([{ email: 'after.restart@example.com', status: 'Active' }]);
		staticData.reconcileAt = 0;
		expect(await pollAsN8n()).toEqual(
			[`${users[100]}:userRemoved:Active`, 'after.restart@example.com:userAdded:null', 'user0@example.com:invitationExpired:Invited'].sort(),
		);
		expect(await pollAsN8n()).toEqual([]);
		await move('accept', users[1]);
		expect(await pollAsN8n()).toEqual(['user1@example.com:invitationAccepted:Invited']);
		// Quiet polls again, then a restart from the copy written after the acceptance.
		staticData.reconcileAt = 0;
		expect(await pollAsN8n()).toEqual([]);
		restart(database);
		expect(await pollAsN8n()).toEqual([]);
		staticData.reconcileAt = 0;
		restart(database);
		expect(await pollAsN8n()).toEqual([]);
		expect(await pollAsN8n()).toEqual([]);
		// The second expiry is a second event; everything else once.
		expect(reported.filter((item) => item.startsWith('user0@'))).toHaveLength(2);
		expect(new Set(reported.filter((item) => !item.startsWith('user0@'))).size).toBe(reported.length - 2);
	});
});
