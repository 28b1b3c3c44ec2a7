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
