import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_CONCURRENCY } from '../../../nodes/UserInvitation/router';
import { DEFAULT_RETRY_SETTINGS } from '../../../nodes/shared/http/session';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';

describe('User Invitation node description', () => {
	const { description } = new UserInvitation();

	it('shows in Options the defaults the node really uses when an option is not added', () => {
		// The linter wants literal defaults in the description; this keeps them equal to the code's.
		const options = description.properties.find((property) => property.name === 'options')
			?.options as INodeProperties[];
		const defaults = Object.fromEntries(options.map((option) => [option.name, option.default]));

		expect(defaults).toEqual({
			concurrency: DEFAULT_CONCURRENCY,
			// Version 1.1 only (join links left out unless on); the router reads a missing option as false.
			includeInvitationLink: false,
			maxRetries: DEFAULT_RETRY_SETTINGS.maxRetries,
			maxRetryWait: DEFAULT_RETRY_SETTINGS.maxRetryWaitMs / 1000,
			timeout: DEFAULT_RETRY_SETTINGS.timeoutMs / 1000,
		});
	});

	it('offers every operation with an action a person reads in the node search', () => {
		const actions = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options ?? []) as Array<{ name: string; action?: string }>)
			.map((option) => [option.name, option.action]);

		expect(actions).toEqual([
			['Create User', 'Create a user and send the invitation'],
			['Get Many', 'Get many users'],
			['Get User', 'Get a user'],
			['Resend Invite', 'Resend an invitation'],
			['Update Invitation', 'Update an invitation'],
		]);
		expect(description.usableAsTool).toBe(true);
	});
});
