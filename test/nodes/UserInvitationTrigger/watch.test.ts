import type { IDataObject } from 'n8n-workflow';
import { groupsFingerprint } from '../../../nodes/UserInvitationTrigger/changes';
import { freshCostState, readCostState, Watch } from '../../../nodes/UserInvitationTrigger/watch';

const FP = `${groupsFingerprint(['UGR-1234-5678'])}#`;
const at = (iso: string) => Date.parse(iso);
const user = (id: string, status: string) => ({ id, status, groupIds: ['UGR-1234-5678'] });
const record = (id: string): IDataObject => ({ id });

describe('trigger state version 4 (read as version 5)', () => {
	test('a version 3 state is read as it is (unseen marks dropped), every user known, a full reconcile due at once', () => {
		const v3 = { version: 3, scope: 's', users: { 'AUSR-0000-0001': `${FP}I`, 'AUSR-0000-0002': `-${FP}A`, __proto__x: 'I' } };
		expect(readCostState(v3, 's', false)).toEqual({
			version: 5,
			scope: 's',
			users: { 'AUSR-0000-0001': `${FP}I`, 'AUSR-0000-0002': `${FP}A` },
			every: true,
			markIds: [],
			reconcileAt: 0,
			sweep: { offset: 0, after: '', quiet: false, every: false, newestIds: [] },
		});
		expect(readCostState(v3, 'another scope', false)).toBeUndefined();
	});

	test('a version 4 state that is not one this code wrote counts as no state', () => {
		const good = { ...freshCostState('s', false), mark: 5 };
		expect(readCostState(JSON.parse(JSON.stringify(good)), 's', false)).toMatchObject({ mark: 5 });
		for (const broken of [{ ...good, mark: 'soon' }, { ...good, markIds: 'x' }, { ...good, sweep: { offset: -1 } }, { ...good, users: [] }, { ...good, every: 'yes' }]) {
			expect(readCostState(broken, 's', false)).toBeUndefined();
		}
	});

	test('a user not kept is new only when created at or after the mark and not already seen there', () => {
		const state = { ...freshCostState('s', false), mark: at('2026-12-07T10:00:00.000Z'), markIds: ['AUSR-0000-0009'] };
		delete state.sweep;
		const watch = new Watch(state, { reloaded: false, every: false });
		watch.observe(record('AUSR-0000-0001'), user('AUSR-0000-0001', 'Active'), at('2026-12-07T09:59:59.999Z'), false);
		watch.observe(record('AUSR-0000-0009'), user('AUSR-0000-0009', 'Active'), at('2026-12-07T10:00:00.000Z'), false);
		watch.observe(record('AUSR-0000-0010'), user('AUSR-0000-0010', 'Active'), at('2026-12-07T10:00:00.000Z'), false);
		watch.observe(record('AUSR-0000-0011'), user('AUSR-0000-0011', 'Invited'), at('2026-12-07T10:05:00.000Z'), false);
		watch.newUsersReadCompletely([{ id: 'AUSR-0000-0010', at: at('2026-12-07T10:00:00.000Z') }, { id: 'AUSR-0000-0011', at: at('2026-12-07T10:05:00.000Z') }]);
		expect(watch.found.map((f) => `${f.id}:${f.event}`)).toEqual(['AUSR-0000-0010:userAdded', 'AUSR-0000-0011:userAdded']);
		const next = watch.result();
		// Only the pending user is kept; the mark moves to the newest user read.
		expect(next.users).toEqual({ 'AUSR-0000-0011': `${FP}I` });
		expect(next.mark).toBe(at('2026-12-07T10:05:00.000Z'));
		expect(next.markIds).toEqual(['AUSR-0000-0011']);
	});

	test('an incomplete read of new users leaves the mark and remembers whom it saw, so none is new twice', () => {
		const state = { ...freshCostState('s', false), mark: at('2026-12-07T10:00:00.000Z') };
		delete state.sweep;
		const first = new Watch(state, { reloaded: false, every: false });
		first.observe(record('AUSR-0000-0012'), user('AUSR-0000-0012', 'Active'), at('2026-12-07T10:03:00.000Z'), false);
		const kept = first.result();
		expect(kept.mark).toBe(at('2026-12-07T10:00:00.000Z'));
		const second = new Watch(JSON.parse(JSON.stringify(kept)), { reloaded: false, every: false });
		second.observe(record('AUSR-0000-0012'), user('AUSR-0000-0012', 'Active'), at('2026-12-07T10:03:00.000Z'), false);
		expect(first.found).toHaveLength(1);
		expect(second.found).toEqual([]);
	});
});
