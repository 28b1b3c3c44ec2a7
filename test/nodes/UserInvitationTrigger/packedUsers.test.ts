import { groupsFingerprint, readState } from '../../../nodes/UserInvitationTrigger/changes';
import { packUsers, unpackUsers } from '../../../nodes/UserInvitationTrigger/packedUsers';
import { type CostState, freshCostState, readCostState, storedCostState } from '../../../nodes/UserInvitationTrigger/watch';

const FP = [groupsFingerprint(['UGR-0000-0001']), groupsFingerprint(['UGR-0000-0001', 'UGR-0000-0002']), groupsFingerprint(['UGR-0000-0003'])];

/** A deterministic stand-in for an account: ids like the API's (AUSR-1234-5678), spread over the id space. */
function accountOf(size: number): Array<[string, string]> {
	let seed = 12345;
	const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
	const ids = new Set<string>();
	while (ids.size < size) {
		const digits = String(next() % 100_000_000).padStart(8, '0');
		ids.add(`AUSR-${digits.slice(0, 4)}-${digits.slice(4)}`);
	}
	// Most users in the default group, some in two, a few in another; one in twenty with unknown groups.
	return [...ids].map((id, n) => [id, n % 20 === 0 ? 'A' : `${FP[n % 7 === 0 ? 1 : n % 11 === 0 ? 2 : 0]}#A`]);
}

describe('packed Active users (state version 5)', () => {
	test('round trip: every id and fingerprint back, whatever the order given', () => {
		const entries = accountOf(2000);
		const packed = packUsers([...entries].reverse());
		expect(new Map(unpackUsers(packed.active, packed.fingerprints))).toEqual(new Map(entries));
		expect(packUsers([])).toEqual({ active: '', fingerprints: [] });
		expect(unpackUsers('', [])).toEqual([]);
	});

	test('ids that share more than 35 leading characters, ids that extend another, unusual id characters', () => {
		const long = 'x'.repeat(60);
		const entries: Array<[string, string]> = [
			[`${long}a`, 'A'],
			[`${long}b`, `${FP[0]}#A`],
			['AUSR-1', `${FP[0]}#A`],
			['AUSR-10', 'A'],
			['a.b:c-d.e', `${FP[2]}#A`],
		];
		const packed = packUsers(entries);
		expect(new Map(unpackUsers(packed.active, packed.fingerprints))).toEqual(new Map(entries));
	});

	test('a packed text this code did not write is refused, not misread', () => {
		const { active, fingerprints } = packUsers(accountOf(5));
		for (const [text, prints] of [
			[`${active},`, fingerprints],
			[active.replace(',', ';'), fingerprints],
			[`${active},0AUSR-0000-0000`, fingerprints], // out of order
			[active, []], // refers to a fingerprint not listed
			[active, ['NOT A PRINT']],
			[42, fingerprints],
			[active, 'x'],
			['z1', []], // shares more than the id before has
		] as const) {
			expect(unpackUsers(text, prints)).toBeUndefined();
		}
	});

	test('10,000 Active users of a state that keeps every user: about 7 bytes each stored, not 28; pending users stay entries', () => {
		const users = Object.fromEntries([...accountOf(10_000), ['AUSR-9999-9999', `${FP[0]}#I`], ['AUSR-9999-9998', `${FP[0]}#E@mvyyxvk0`]]);
		const state: CostState = { ...freshCostState('scope', true), users, every: true, mark: Date.parse('2026-12-07T10:00:00.000Z'), markIds: ['AUSR-9999-9999'], reconcileAt: 1 };
		delete state.sweep;
		const constant = JSON.stringify(storedCostState({ ...state, users: {} })).length;
		const asVersion4 = JSON.stringify({ ...state, version: 4 }).length;
		const stored = storedCostState(state);
		const bytes = JSON.stringify(stored).length;
		expect((asVersion4 - constant) / 10_002).toBeGreaterThan(27);
		expect((bytes - constant) / 10_002).toBeLessThan(9);
		expect(stored.users).toEqual({ 'AUSR-9999-9999': `${FP[0]}#I`, 'AUSR-9999-9998': `${FP[0]}#E@mvyyxvk0` });
		// Read back (as n8n stores it: JSON), it is the same state; the full-read code reads it too.
		const back = readCostState(JSON.parse(JSON.stringify(stored)), 'scope', true);
		expect(back).toEqual(state);
		expect(readState(JSON.parse(JSON.stringify(stored)))?.users).toEqual(users);
	});

	test('version 4 still reads; a version 5 state whose packed users are broken counts as no state', () => {
		const users = Object.fromEntries(accountOf(3));
		const v4 = { ...freshCostState('scope', true), version: 4, users, every: true };
		delete (v4 as Partial<CostState>).sweep;
		expect(readCostState(JSON.parse(JSON.stringify(v4)), 'scope', true)).toMatchObject({ version: 5, users });
		const stored = storedCostState({ ...v4, version: 5 });
		expect(readCostState({ ...stored, active: `${String(stored.active)},` }, 'scope', true)).toBeUndefined();
		expect(readCostState({ ...stored, fingerprints: undefined }, 'scope', true)).toBeUndefined();
	});
});
