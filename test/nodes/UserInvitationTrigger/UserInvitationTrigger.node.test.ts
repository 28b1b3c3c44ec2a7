import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { DEFAULT_RETRY_SETTINGS } from '../../../nodes/shared/http/session';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { DEFAULT_MAX_USERS, DEFAULT_RECONCILE_HOURS } from '../../../nodes/UserInvitationTrigger/description';
import { UserInvitationTrigger } from '../../../nodes/UserInvitationTrigger/UserInvitationTrigger.node';

describe('User Invitation Trigger node description', () => {
	const { description } = new UserInvitationTrigger();
	const property = (name: string) => description.properties.find((p) => p.name === name);

	it('is a polling trigger with no input and the action node\'s two credentials', () => {
		expect(description).toMatchObject({ name: 'userInvitationTrigger', polling: true, inputs: [], group: ['trigger'] });
		expect(description.credentials).toEqual(new UserInvitation().description.credentials);
	});

	it('shows in Options the defaults the poll really uses when an option is not added', () => {
		const options = property('options')?.options as INodeProperties[];
		expect(Object.fromEntries(options.map((option) => [option.name, option.default]))).toEqual({
			// Version 1.1 only (join links left out unless on); the poll reads a missing option as false.
			includeInvitationLink: false,
			maxRetries: DEFAULT_RETRY_SETTINGS.maxRetries,
			maxRetryWait: DEFAULT_RETRY_SETTINGS.maxRetryWaitMs / 1000,
			maxUsers: DEFAULT_MAX_USERS,
			// What a new node (version 1.2) uses; versions 1 and 1.1 read a missing option as 0 (every poll).
			reconcileHours: DEFAULT_RECONCILE_HOURS,
			timeout: DEFAULT_RETRY_SETTINGS.timeoutMs / 1000,
		});
	});

	it('offers the five events, in the alphabetical order lint asks for', () => {
		expect((property('events')?.options as Array<{ name: string; value: string }>).map((o) => [o.name, o.value])).toEqual([
			['Groups Changed', 'groupsChanged'],
			['Invitation Accepted', 'invitationAccepted'],
			['Invitation Expired', 'invitationExpired'],
			['User Added', 'userAdded'],
			['User Removed', 'userRemoved'],
		]);
	});

	it('User Removed says how that version finds a removal: 1.2 by a lone read\'s 404, 1 and 1.1 by two polls; one Events field each', () => {
		const userRemovedText = (typeVersion: number) => {
			const shown = description.properties.filter(
				(p) => p.name === 'events' && NodeHelpers.displayParameter({} as never, p, { typeVersion } as never, description),
			);
			expect(shown).toHaveLength(1);
			return (shown[0].options as Array<{ value: string; description: string }>).find((o) => o.value === 'userRemoved')?.description;
		};
		for (const typeVersion of [1, 1.1]) {
			expect(userRemovedText(typeVersion)).toBe(
				'A user the trigger knew is gone (missed by two polls in a row). Gives only its ID and last status; not reported while a filter is set.',
			);
		}
		expect(userRemovedText(1.2)).toMatch(/^A user the trigger knew is gone: its own read answers 404, for a pending invitation at the next poll, for any other user at the next full reconcile \(with Full Reconcile Every at 0: missed by two polls in a row\)\./);
		// n8n's node creator lists a trigger's events from the first field labelled Events: a new node's (1.2).
		expect(description.properties.find((p) => p.displayName === 'Events')).toBe(description.properties.find((p) => p.name === 'events' && p.displayOptions?.hide));
	});

	it('shows Endpoints and Simplify as the action node defines them, without its resource/operation conditions', () => {
		const visible = (parameters: Record<string, unknown>) =>
			description.properties
				.filter((p) => NodeHelpers.displayParameter(parameters as never, p, { typeVersion: 1 } as never, description))
				.map((p) => p.name);
		expect(visible({ endpointFamily: 'accountUsers' })).toEqual(
			expect.arrayContaining(['authentication', 'events', 'endpointFamily', 'filters', 'simplify', 'options']),
		);
		expect(visible({ endpointFamily: 'accountUsers' })).not.toContain('scopeAccountId');
		expect(visible({ endpointFamily: 'accountScoped' })).toContain('scopeAccountId');

		const action = new UserInvitation().description.properties.find((p) => p.name === 'endpointFamily');
		expect(property('endpointFamily')?.options).toEqual(action?.options);
		expect(property('endpointFamily')?.default).toEqual(action?.default);
	});
});
