import {
	compare,
	decodeEntry,
	decodeStatus,
	encodeEntry,
	encodeStatus,
	groupsFingerprint,
	type ObservedUser,
	readState,
	type WatchState,
} from '../../../nodes/UserInvitationTrigger/changes';

const SCOPE = 'userInvitationBearerTokenApi|cred-1|https://api.example/public/v1/accounts/account-users';

const user = (id: string, status: string, updatedAt?: string): ObservedUser => ({ id, status, updatedAt });

/** Runs polls one after another, as n8n would, carrying the state from each to the next. */
function pollSequence(reads: ObservedUser[][]) {
	let state: WatchState | undefined;
	return reads.map((observed) => {
		const result = compare(state, observed, SCOPE);
		state = result.next;
		return result;
	});
}

const events = (result: ReturnType<typeof compare>) =>
	result.changes.map((c) => `${c.id}:${c.event}:${c.previousStatus ?? 'none'}`);

describe('compare: the first poll', () => {
	test('records every user and reports nothing, however many there are', () => {
		const observed = [user('AUSR-1', 'Invited'), user('AUSR-2', 'Active'), user('AUSR-3', 'InvitationExpired')];
		const result = compare(undefined, observed, SCOPE);
		expect(result.firstRun).toBe(true);
		expect(result.changes).toEqual([]);
		expect(result.next).toEqual({ version: 3, scope: SCOPE, users: { 'AUSR-1': 'I', 'AUSR-2': 'A', 'AUSR-3': 'E' } });
	});

	test('a state kept for another account, credential or endpoint counts as no state: nothing is reported', () => {
		const kept = compare(undefined, [user('AUSR-1', 'Invited')], 'other-scope').next;
		const result = compare(kept, [user('AUSR-1', 'Active'), user('AUSR-9', 'Invited')], SCOPE);
		expect(result.firstRun).toBe(true);
		expect(result.changes).toEqual([]);
		expect(result.next.scope).toBe(SCOPE);
		expect(result.next.users).toEqual({ 'AUSR-1': 'A', 'AUSR-9': 'I' });
	});

	test('an empty account is a valid first state: the next user is reported as added', () => {
		const [first, second] = pollSequence([[], [user('AUSR-1', 'Invited')]]);
		expect(first.firstRun).toBe(true);
		expect(second.firstRun).toBe(false);
		expect(events(second)).toEqual(['AUSR-1:userAdded:none']);
	});
});

describe('compare: each event', () => {
	test('Invited → Active is Invitation Accepted, with the previous status', () => {
		const [, second] = pollSequence([[user('AUSR-1', 'Invited')], [user('AUSR-1', 'Active')]]);
		expect(events(second)).toEqual(['AUSR-1:invitationAccepted:Invited']);
	});

	test('Invited → InvitationExpired is Invitation Expired', () => {
		const [, second] = pollSequence([[user('AUSR-1', 'Invited')], [user('AUSR-1', 'InvitationExpired')]]);
		expect(events(second)).toEqual(['AUSR-1:invitationExpired:Invited']);
	});

	test('InvitationExpired → Active (a new invitation sent and accepted between polls) is Invitation Accepted', () => {
		const [, second] = pollSequence([[user('AUSR-1', 'InvitationExpired')], [user('AUSR-1', 'Active')]]);
		expect(events(second)).toEqual(['AUSR-1:invitationAccepted:InvitationExpired']);
	});

	test('a new user is User Added with previous status null; a new user whose invitation already expired is also Invitation Expired', () => {
		const [, second] = pollSequence([
			[user('AUSR-1', 'Active')],
			[user('AUSR-1', 'Active'), user('AUSR-2', 'Invited'), user('AUSR-3', 'InvitationExpired'), user('AUSR-4', 'Active')],
		]);
		expect(second.changes.every((c) => c.previousStatus === null)).toBe(true);
		expect(events(second)).toEqual([
			'AUSR-2:userAdded:none',
			'AUSR-3:userAdded:none',
			'AUSR-3:invitationExpired:none',
			'AUSR-4:userAdded:none',
		]);
	});

	test('changes that are no event report nothing: re-invited, unchanged, Active → Invited, unknown statuses', () => {
		const [, second] = pollSequence([
			[user('AUSR-1', 'InvitationExpired'), user('AUSR-2', 'Invited'), user('AUSR-3', 'Active'), user('AUSR-4', 'Invited')],
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited'), user('AUSR-3', 'Invited'), user('AUSR-4', 'Suspended')],
		]);
		expect(second.changes).toEqual([]);
		expect(second.next.users).toEqual({ 'AUSR-1': 'I', 'AUSR-2': 'I', 'AUSR-3': 'I', 'AUSR-4': '~Suspended' });
	});

	test('each change is reported once: the poll after it reports nothing more', () => {
		const results = pollSequence([
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited')],
			[user('AUSR-1', 'Active'), user('AUSR-2', 'InvitationExpired'), user('AUSR-3', 'Invited')],
			[user('AUSR-1', 'Active'), user('AUSR-2', 'InvitationExpired'), user('AUSR-3', 'Invited')],
			[user('AUSR-1', 'Active'), user('AUSR-2', 'InvitationExpired'), user('AUSR-3', 'Invited')],
		]);
		expect(results.map(events)).toEqual([
			[],
			['AUSR-1:invitationAccepted:Invited', 'AUSR-2:invitationExpired:Invited', 'AUSR-3:userAdded:none'],
			[],
			[],
		]);
	});

	test('an invitation that expires, is sent again and expires again is reported expired twice, once each time', () => {
		const results = pollSequence([
			[user('AUSR-1', 'Invited')],
			[user('AUSR-1', 'InvitationExpired')],
			[user('AUSR-1', 'Invited')],
			[user('AUSR-1', 'InvitationExpired')],
		]);
		expect(results.map(events)).toEqual([[], ['AUSR-1:invitationExpired:Invited'], [], ['AUSR-1:invitationExpired:Invited']]);
	});
});

describe('compare: what happens between two polls', () => {
	test('Invited → Expired → Invited → Active between two polls is one Invitation Accepted, nothing else', () => {
		// The poll only sees the two ends; the expiry in between is gone by the time it looks.
		const [, second] = pollSequence([[user('AUSR-1', 'Invited')], [user('AUSR-1', 'Active')]]);
		expect(events(second)).toEqual(['AUSR-1:invitationAccepted:Invited']);
	});

	test('a removed user is dropped from the state after one more poll and reported removed then; a user with a new ID is added', () => {
		const [, second, third] = pollSequence([
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Active')],
			[user('AUSR-2', 'Active')],
			[user('AUSR-2', 'Active'), user('AUSR-3', 'Invited')],
		]);
		expect(second.changes).toEqual([]);
		expect(second.next.users).toEqual({ 'AUSR-1': '-I', 'AUSR-2': 'A' });
		expect(events(third)).toEqual(['AUSR-3:userAdded:none', 'AUSR-1:userRemoved:Invited']);
		expect(third.changes[1].index).toBe(-1);
		expect(third.next.users).toEqual({ 'AUSR-2': 'A', 'AUSR-3': 'I' });
	});

	test('a user removed for two polls and then listed again with the same ID is added again (gone for one poll: it may only have slid)', () => {
		const results = pollSequence([[user('AUSR-1', 'Invited')], [], [], [user('AUSR-1', 'Invited')]]);
		expect(events(results[2])).toEqual(['AUSR-1:userRemoved:Invited']);
		expect(events(results[3])).toEqual(['AUSR-1:userAdded:none']);
		expect(events(pollSequence([[user('AUSR-1', 'Invited')], [], [user('AUSR-1', 'Invited')]])[2])).toEqual([]);
	});
});

describe('compare: page boundaries and lists that move while read', () => {
	test('a user listed on two pages (the list shifted) counts once, with the status last seen', () => {
		const [, second] = pollSequence([
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited')],
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited'), user('AUSR-2', 'Active')],
		]);
		expect(events(second)).toEqual(['AUSR-2:invitationAccepted:Invited']);
		expect(second.changes[0].index).toBe(2);
	});

	test('a read that misses a user keeps it one more poll, marked unseen: no User Added when it shows up again', () => {
		const results = pollSequence([
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited'), user('AUSR-3', 'Invited')],
			// AUSR-2 slid across a page boundary while the pages were read
			[user('AUSR-1', 'Invited'), user('AUSR-3', 'Active')],
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Active'), user('AUSR-3', 'Active')],
		]);
		expect(results[1].next.users).toEqual({ 'AUSR-1': 'I', 'AUSR-2': '-I', 'AUSR-3': 'A' });
		expect(events(results[1])).toEqual(['AUSR-3:invitationAccepted:Invited']);
		// Back, and accepted meanwhile: the acceptance is reported, no User Added.
		expect(events(results[2])).toEqual(['AUSR-2:invitationAccepted:Invited']);
		expect(results[2].next.users).toEqual({ 'AUSR-1': 'I', 'AUSR-2': 'A', 'AUSR-3': 'A' });
	});

	test('a user missed by two reads in a row is dropped (it was removed)', () => {
		const [, second, third] = pollSequence([[user('AUSR-1', 'Invited'), user('AUSR-2', 'Invited')], [user('AUSR-1', 'Invited')], [user('AUSR-1', 'Invited')]]);
		expect(second.next.users).toEqual({ 'AUSR-1': 'I', 'AUSR-2': '-I' });
		expect(third.next.users).toEqual({ 'AUSR-1': 'I' });
	});

	test('under churn the state stays bounded: at most the users of this read and the last', () => {
		let state: WatchState | undefined;
		for (let poll = 0; poll < 50; poll++) {
			const observed = Array.from({ length: 10 }, (_, i) => user(`AUSR-${poll}-${i}`, 'Invited'));
			state = compare(state, observed, SCOPE).next;
			expect(Object.keys(state.users).length).toBeLessThanOrEqual(20);
		}
	});

	test('server ids like constructor, toString or hasOwnProperty are kept like any other; __proto__ and odd ids are not followed', () => {
		const hostile = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '', ' AUSR-1', 'a/b'];
		const observed = hostile.map((id) => user(id, 'Invited'));
		const first = compare(undefined, observed, SCOPE);
		expect(Object.keys(first.next.users).sort()).toEqual(['constructor', 'hasOwnProperty', 'toString', 'valueOf']);
		expect(Object.getPrototypeOf(first.next.users)).toBe(Object.prototype);
		// Stored as JSON and read back, as n8n does: still the same users, nothing reported.
		const saved = readState(JSON.parse(JSON.stringify(first.next)));
		const second = compare(saved, observed, SCOPE, { reloaded: true });
		expect(events(second)).toEqual([]);
		const accepted = compare(second.next, [user('constructor', 'Active'), user('toString', 'Invited')], SCOPE);
		expect(events(accepted)).toEqual(['constructor:invitationAccepted:Invited']);
		// A state that is empty knows none of them: each is added once, none by inheritance.
		expect(events(compare({ version: 2, scope: SCOPE, users: {} }, observed, SCOPE))).toEqual([
			'constructor:userAdded:none',
			'toString:userAdded:none',
			'hasOwnProperty:userAdded:none',
			'valueOf:userAdded:none',
		]);
	});
});

describe('compare: a failed poll', () => {
	// The poll itself is tested in poll.test.ts: it stores `next` only after a complete read.
	test('compare does not change the state it is given', () => {
		const kept = compare(undefined, [user('AUSR-1', 'Invited')], SCOPE).next;
		const copy = JSON.parse(JSON.stringify(kept));
		compare(kept, [user('AUSR-1', 'Active'), user('AUSR-2', 'Invited')], SCOPE, { reloaded: true });
		expect(kept).toEqual(copy);
	});
});

describe('compare: a state read back from storage (after a publish or a restart)', () => {
	// n8n 2.41.1 saves the state only with a poll that starts an execution (and at publish and
	// start-up): Expired → Invited starts nothing, so after a restart the saved state may still say
	// Expired while the user was sent a new invitation and let it expire again.
	const FIRST_EXPIRY = '2026-11-02T08:00:00.000Z';
	const RESENT = '2026-11-03T09:30:00.000Z';

	/** The state n8n saved with the execution of the first expiry. */
	const savedAtFirstExpiry = () => {
		const [, expired] = pollSequence([[user('AUSR-1', 'Invited', '2026-10-26T08:00:00.000Z')], [user('AUSR-1', 'InvitationExpired', FIRST_EXPIRY)]]);
		expect(events(expired)).toEqual(['AUSR-1:invitationExpired:Invited']);
		return JSON.parse(JSON.stringify(expired.next)) as WatchState;
	};

	test('Expired → Invited → Expired, the Invited poll lost by a restart: the second expiry is reported, as coming from Invited', () => {
		const saved = savedAtFirstExpiry();
		const afterRestart = compare(saved, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE, { reloaded: true });
		expect(events(afterRestart)).toEqual(['AUSR-1:invitationExpired:Invited']);
	});

	test('and only once: the state after it (saved with that execution) reports nothing on the next poll or after another restart', () => {
		const saved = savedAtFirstExpiry();
		const afterRestart = compare(saved, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE, { reloaded: true });
		const savedAgain = JSON.parse(JSON.stringify(afterRestart.next)) as WatchState;
		expect(compare(afterRestart.next, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE).changes).toEqual([]);
		expect(compare(savedAgain, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE, { reloaded: true }).changes).toEqual([]);
	});

	test('a restart right after an expiry was reported does not report it again', () => {
		const saved = savedAtFirstExpiry();
		expect(compare(saved, [user('AUSR-1', 'InvitationExpired', FIRST_EXPIRY)], SCOPE, { reloaded: true }).changes).toEqual([]);
	});

	test('after the restart, the new invitation still pending: nothing yet, and its expiry comes once at the next poll', () => {
		const saved = savedAtFirstExpiry();
		const pending = compare(saved, [user('AUSR-1', 'Invited', RESENT)], SCOPE, { reloaded: true });
		expect(pending.changes).toEqual([]);
		const expired = compare(pending.next, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE);
		expect(events(expired)).toEqual(['AUSR-1:invitationExpired:Invited']);
	});

	test('the same poller going on (not read back): an expired user whose record was edited is no new expiry', () => {
		const saved = savedAtFirstExpiry();
		expect(compare(saved, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE, { reloaded: false }).changes).toEqual([]);
	});

	test('without an audit mark (a state from before marks, or a server without the audit block) it cannot tell: nothing', () => {
		const old: WatchState = { version: 1, scope: SCOPE, users: { 'AUSR-1': 'E' } };
		expect(compare(old, [user('AUSR-1', 'InvitationExpired', RESENT)], SCOPE, { reloaded: true }).changes).toEqual([]);
		const saved = savedAtFirstExpiry();
		expect(compare(saved, [user('AUSR-1', 'InvitationExpired')], SCOPE, { reloaded: true }).changes).toEqual([]);
	});

	test('only expired users keep a mark; it moves on with every poll that sees one', () => {
		const result = compare(undefined, [user('AUSR-1', 'Invited', RESENT), user('AUSR-2', 'Active', RESENT), user('AUSR-3', 'InvitationExpired', RESENT)], SCOPE);
		expect(result.next.users).toEqual({ 'AUSR-1': 'I', 'AUSR-2': 'A', 'AUSR-3': `E@${Date.parse(RESENT).toString(36)}` });
	});
});

describe('the kept state', () => {
	test('statuses are stored as one letter and read back; unknown statuses verbatim', () => {
		for (const status of ['Invited', 'Active', 'InvitationExpired', 'Suspended', 'I', '~odd']) {
			expect(decodeStatus(encodeStatus(status))).toBe(status);
		}
		expect(encodeStatus('InvitationExpired')).toBe('E');
	});

	test('entries read back: status alone, or an expired status with its mark; verbatim statuses keep an @', () => {
		for (const observed of [user('AUSR-1', 'Invited', '2026-11-02T08:00:00Z'), user('AUSR-1', 'InvitationExpired'), user('AUSR-1', 'Odd@Status', '2026-11-02T08:00:00Z')]) {
			expect(decodeEntry(encodeEntry(observed))).toEqual({ status: observed.status });
		}
		expect(decodeEntry(encodeEntry(user('AUSR-1', 'InvitationExpired', '2026-11-02T08:00:00Z')))).toEqual({ status: 'InvitationExpired', mark: 'mvyyxvk0' });
		expect(encodeEntry(user('AUSR-1', 'InvitationExpired', 'not a time'))).toBe('E');
	});

	test('stays small: 10,000 users take about 28 bytes each (20 without groups), 38 when every one has expired', () => {
		const id = (i: number) => `AUSR-${String(i).padStart(4, '0')}-0000`;
		const observe = (status: string, groupIds?: string[]) =>
			Array.from({ length: 10_000 }, (_, i) => ({ ...user(id(i), status, '2026-11-02T08:00:00.000Z'), groupIds: groupIds?.map((g) => `${g}-${i}`) }));
		expect(JSON.stringify(compare(undefined, observe('Invited'), SCOPE).next).length).toBeLessThan(10_000 * 22);
		expect(JSON.stringify(compare(undefined, observe('Invited', ['UGR-1234-5678', 'UGR-0000-0001']), SCOPE).next).length).toBeLessThan(10_000 * 30);
		expect(JSON.stringify(compare(undefined, observe('InvitationExpired', ['UGR-1234-5678']), SCOPE).next).length).toBeLessThan(10_000 * 39);
	});

	test.each([
		['nothing', undefined],
		['an empty object (a fresh static data bucket)', {}],
		['another version', { version: 4, scope: SCOPE, users: {} }],
		['users that are not a map', { version: 1, scope: SCOPE, users: ['AUSR-1'] }],
		['a status that is not text', { version: 1, scope: SCOPE, users: { 'AUSR-1': 1 } }],
	])('readState treats %s as no state', (_, stored) => {
		expect(readState(stored)).toBeUndefined();
	});

	test('readState reads states of version 1 (before unseen marks) and 2, and leaves out keys that are no ids', () => {
		expect(readState({ version: 1, scope: SCOPE, users: { 'AUSR-1': 'E@mvyyxvk0' } })).toEqual({ version: 1, scope: SCOPE, users: { 'AUSR-1': 'E@mvyyxvk0' } });
		expect(readState({ version: 2, scope: SCOPE, users: { 'AUSR-1': '-I' } })?.users).toEqual({ 'AUSR-1': '-I' });
		expect(readState(JSON.parse('{"version":2,"scope":"s","users":{"__proto__":"I","AUSR-2":"A"}}'))?.users).toEqual({ 'AUSR-2': 'A' });
	});

	test('readState returns a copy of a valid state', () => {
		const stored = { version: 1, scope: SCOPE, users: { 'AUSR-1': 'I' } };
		const state = readState(stored);
		expect(state).toEqual(stored);
		state!.users['AUSR-2'] = 'A';
		expect(stored.users).toEqual({ 'AUSR-1': 'I' });
	});
});

describe('compare: User Removed', () => {
	test('reported once, on the second miss in a row, with the status the state kept; then never again', () => {
		const results = pollSequence([[user('AUSR-1', 'Active'), user('AUSR-2', 'InvitationExpired', '2026-11-02T08:00:00Z')], [], [], []]);
		expect(events(results[1])).toEqual([]);
		expect(events(results[2])).toEqual(['AUSR-1:userRemoved:Active', 'AUSR-2:userRemoved:InvitationExpired']);
		expect(results[2].next.users).toEqual({});
		expect(events(results[3])).toEqual([]);
	});

	test('not when the second miss was a read of a moving list: the user is dropped without an event', () => {
		const [, second] = pollSequence([[user('AUSR-1', 'Invited'), user('AUSR-2', 'Active')], [user('AUSR-2', 'Active')]]);
		const moving = compare(second.next, [user('AUSR-2', 'Active')], SCOPE, { complete: false });
		expect(moving.changes).toEqual([]);
		// Still bounded: dropped all the same.
		expect(moving.next.users).toEqual({ 'AUSR-2': 'A' });
		expect(compare(moving.next, [user('AUSR-2', 'Active')], SCOPE).changes).toEqual([]);
	});

	test('a user missing from one read (it slid past a page edge) is never reported removed', () => {
		const results = pollSequence([[user('AUSR-1', 'Invited')], [], [user('AUSR-1', 'Invited')], [user('AUSR-1', 'Invited')]]);
		expect(results.flatMap(events)).toEqual([]);
	});

	test('after an upgrade: a version 1 state (no unseen marks) reports a removal only after two misses', () => {
		const old: WatchState = { version: 1, scope: SCOPE, users: { 'AUSR-1': 'I', 'AUSR-2': 'A' } };
		const first = compare(old, [user('AUSR-2', 'Active')], SCOPE);
		expect(first.changes).toEqual([]);
		expect(events(compare(first.next, [user('AUSR-2', 'Active')], SCOPE))).toEqual(['AUSR-1:userRemoved:Invited']);
	});

	test('across a restart (the state read back from storage) a reported removal is not reported again', () => {
		const [, , removal] = pollSequence([[user('AUSR-1', 'Invited'), user('AUSR-2', 'Active')], [user('AUSR-2', 'Active')], [user('AUSR-2', 'Active')]]);
		expect(events(removal)).toEqual(['AUSR-1:userRemoved:Invited']);
		const stored = readState(JSON.parse(JSON.stringify(removal.next)));
		expect(compare(stored, [user('AUSR-2', 'Active')], SCOPE, { reloaded: true }).changes).toEqual([]);
		expect(compare(stored, [user('AUSR-2', 'Active')], SCOPE, { reloaded: true }).next.users).toEqual({ 'AUSR-2': 'A' });
	});
});

describe('compare: Groups Changed', () => {
	const inGroups = (id: string, status: string, groupIds?: string[]): ObservedUser => ({ id, status, groupIds });

	test('reported once when the set of group ids differs, with the status as previousStatus; the order of the ids does not count', () => {
		const results = pollSequence([
			[inGroups('AUSR-1', 'Active', ['UGR-1', 'UGR-2']), inGroups('AUSR-2', 'Invited', ['UGR-1'])],
			[inGroups('AUSR-1', 'Active', ['UGR-2', 'UGR-1']), inGroups('AUSR-2', 'Invited', ['UGR-1', 'UGR-3'])],
			[inGroups('AUSR-1', 'Active', ['UGR-2', 'UGR-1']), inGroups('AUSR-2', 'Invited', ['UGR-3', 'UGR-1'])],
		]);
		expect(events(results[1])).toEqual(['AUSR-2:groupsChanged:Invited']);
		expect(events(results[2])).toEqual([]);
	});

	test('comes with a status event of the same poll; a new user is only added', () => {
		const [, second] = pollSequence([
			[inGroups('AUSR-1', 'Invited', ['UGR-1'])],
			[inGroups('AUSR-1', 'Active', ['UGR-2']), inGroups('AUSR-2', 'Active', ['UGR-2'])],
		]);
		expect(events(second)).toEqual(['AUSR-1:invitationAccepted:Invited', 'AUSR-1:groupsChanged:Invited', 'AUSR-2:userAdded:none']);
	});

	test('after an upgrade: a version 2 state (no fingerprints) reports no user as changed, records the fingerprints, then reports changes', () => {
		const old: WatchState = { version: 2, scope: SCOPE, users: { 'AUSR-1': 'A', 'AUSR-2': '-I', 'AUSR-3': `E@mvyyxvk0` } };
		const observed = [inGroups('AUSR-1', 'Active', ['UGR-1']), inGroups('AUSR-2', 'Invited', ['UGR-1']), inGroups('AUSR-3', 'InvitationExpired', ['UGR-1'])];
		const upgraded = compare(old, observed, SCOPE, { reloaded: true });
		expect(upgraded.changes).toEqual([]);
		expect(upgraded.next.version).toBe(3);
		expect(decodeEntry(upgraded.next.users['AUSR-1']).groups).toBe(groupsFingerprint(['UGR-1']));
		observed[0] = inGroups('AUSR-1', 'Active', ['UGR-2']);
		expect(events(compare(upgraded.next, observed, SCOPE))).toEqual(['AUSR-1:groupsChanged:Active']);
	});

	test('groups unknown now (the server sent no groups list) is no change, and the next known list is only recorded', () => {
		const results = pollSequence([
			[inGroups('AUSR-1', 'Active', ['UGR-1'])],
			[inGroups('AUSR-1', 'Active')],
			[inGroups('AUSR-1', 'Active', ['UGR-2'])],
		]);
		expect(results.flatMap(events)).toEqual([]);
	});

	test('a user back after one missed read compares with its kept fingerprint', () => {
		const results = pollSequence([[inGroups('AUSR-1', 'Active', ['UGR-1'])], [], [inGroups('AUSR-1', 'Active', ['UGR-2'])]]);
		expect(results[1].next.users['AUSR-1']).toBe(`-${groupsFingerprint(['UGR-1'])}#A`);
		expect(events(results[2])).toEqual(['AUSR-1:groupsChanged:Active']);
	});

	test('across a restart (the state read back from storage) a reported change is not reported again', () => {
		const [, changed] = pollSequence([[inGroups('AUSR-1', 'Active', ['UGR-1'])], [inGroups('AUSR-1', 'Active', ['UGR-2'])]]);
		expect(events(changed)).toEqual(['AUSR-1:groupsChanged:Active']);
		const stored = readState(JSON.parse(JSON.stringify(changed.next)));
		expect(compare(stored, [inGroups('AUSR-1', 'Active', ['UGR-2'])], SCOPE, { reloaded: true }).changes).toEqual([]);
	});

	test('the fingerprint: at most 7 base-36 characters, the same for the same set, different for nearby sets', () => {
		const prints = [[], ['UGR-1'], ['UGR-2'], ['UGR-1', 'UGR-2'], ['UGR-12'], ['UGR-1', 'UGR-1']].map(groupsFingerprint);
		for (const print of prints) expect(print).toMatch(/^[0-9a-z]{1,7}$/);
		expect(groupsFingerprint(['UGR-2', 'UGR-1'])).toBe(prints[3]);
		expect(prints[5]).toBe(prints[1]);
		expect(new Set(prints.slice(0, 5)).size).toBe(5);
	});

	test('entries with fingerprints read back; verbatim statuses and marks are unchanged by them', () => {
		const fp = groupsFingerprint(['UGR-1']);
		expect(decodeEntry(encodeEntry(inGroups('AUSR-1', 'Odd#Status', ['UGR-1'])))).toEqual({ status: 'Odd#Status', groups: fp });
		expect(decodeEntry(encodeEntry({ id: 'AUSR-1', status: 'InvitationExpired', updatedAt: '2026-11-02T08:00:00Z', groupIds: ['UGR-1'] }))).toEqual({
			status: 'InvitationExpired',
			mark: 'mvyyxvk0',
			groups: fp,
		});
		expect(decodeEntry('~abc#def')).toEqual({ status: 'abc#def' });
	});
});
