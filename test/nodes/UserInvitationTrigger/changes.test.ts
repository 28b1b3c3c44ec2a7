import {
	compare,
	decodeEntry,
	decodeStatus,
	encodeEntry,
	encodeStatus,
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
		expect(result.next).toEqual({ version: 2, scope: SCOPE, users: { 'AUSR-1': 'I', 'AUSR-2': 'A', 'AUSR-3': 'E' } });
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

	test('a removed user is dropped from the state without an event (after one more poll); a user with a new ID is added', () => {
		const [, second, third] = pollSequence([
			[user('AUSR-1', 'Invited'), user('AUSR-2', 'Active')],
			[user('AUSR-2', 'Active')],
			[user('AUSR-2', 'Active'), user('AUSR-3', 'Invited')],
		]);
		expect(second.changes).toEqual([]);
		expect(second.next.users).toEqual({ 'AUSR-1': '-I', 'AUSR-2': 'A' });
		expect(events(third)).toEqual(['AUSR-3:userAdded:none']);
		expect(third.next.users).toEqual({ 'AUSR-2': 'A', 'AUSR-3': 'I' });
	});

	test('a user removed for two polls and then listed again with the same ID is added again (gone for one poll: it may only have slid)', () => {
		const results = pollSequence([[user('AUSR-1', 'Invited')], [], [], [user('AUSR-1', 'Invited')]]);
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

	test('stays small: 10,000 users take about 20 bytes each, 30 when every one has expired', () => {
		const id = (i: number) => `AUSR-${String(i).padStart(4, '0')}-0000`;
		const invited = compare(undefined, Array.from({ length: 10_000 }, (_, i) => user(id(i), 'Invited', '2026-11-02T08:00:00.000Z')), SCOPE);
		expect(JSON.stringify(invited.next).length).toBeLessThan(10_000 * 22);
		const expired = compare(undefined, Array.from({ length: 10_000 }, (_, i) => user(id(i), 'InvitationExpired', '2026-11-02T08:00:00.000Z')), SCOPE);
		expect(JSON.stringify(expired.next).length).toBeLessThan(10_000 * 31);
	});

	test.each([
		['nothing', undefined],
		['an empty object (a fresh static data bucket)', {}],
		['another version', { version: 3, scope: SCOPE, users: {} }],
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
