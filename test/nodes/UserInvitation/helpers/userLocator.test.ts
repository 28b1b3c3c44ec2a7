import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../../nodes/UserInvitation/UserInvitation.node';
import { RunParameters } from '../../../../nodes/UserInvitation/helpers/parameters';
import { readAccountUserRef } from '../../../../nodes/UserInvitation/operations/accountUser/fields';
import { doubleCredential, executeContext } from '../../../helpers/workflow';

/**
 * The User locator dragged in from the input (`{{ $json.email }}`) is read from the item, not by n8n's
 * expression engine (issue 29: two evaluations per item held the first request of 100 items back by
 * 0.3–1.4 s in real n8n). Read in a real n8n-core context both ways, the result is the same.
 */

const items: IDataObject[] = [
	{ email: 'ann@example.com', id: 'AUSR-1234-5678', hire: { email: 'bob@example.com' } },
	{ email: 'not an address', id: 'not an id' },
	{ email: 42, id: 42 },
	{ id: null },
	{},
];

function contextFor(userId: INodeParameters) {
	return executeContext({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: { resource: 'accountUser', operation: 'remove', userId, removeWhen: 'any' },
		credential: doubleCredential('http://127.0.0.1:9', 'softwareOne', 'bearerToken'),
		items,
	}).context;
}

/** What the read gives, or the message of its error: the same both ways, item by item. */
function outcome(read: () => unknown): unknown {
	try {
		return read();
	} catch (error) {
		return { error: (error as Error).message, description: (error as { description?: unknown }).description };
	}
}

describe('the User locator as a field reference', () => {
	it.each<[string, string]>([
		['email', '={{ $json.email }}'],
		['email', '={{ $json.hire["email"] }}'],
		['id', '={{ $json.id }}'],
		['list', '={{ $json.id }}'],
		['email', '={{ $json.email.trim() }}'],
		['email', 'ann@example.com'],
	])('mode %s, value %s: the same user (or error) as n8n reads, for every item', (mode, value) => {
		const context = contextFor({ __rl: true, mode, value });
		const parameters = new RunParameters(context);
		for (const [index] of items.entries()) {
			// n8n's own reading: both calls through its expression engine, as before this change.
			const byN8n = outcome(() => readAccountUserRef(context, index, { json: () => ({ viaN8n: true }) } as unknown as RunParameters));
			expect(outcome(() => readAccountUserRef(context, index, parameters))).toEqual(byN8n);
		}
	});

	it('a reference to a text field asks n8n for nothing; anything else is still n8n\'s to read', () => {
		const context = contextFor({ __rl: true, mode: 'email', value: '={{ $json.email }}' });
		const spy = jest.spyOn(context, 'getNodeParameter');
		const parameters = new RunParameters(context);

		expect(readAccountUserRef(context, 0, parameters)).toEqual({ kind: 'email', email: 'ann@example.com' });
		expect(spy).not.toHaveBeenCalled();

		// A number is not text: n8n reads it (and its checks word the error), as for any other value.
		expect(() => readAccountUserRef(context, 2, parameters)).toThrow();
		expect(spy).toHaveBeenCalledWith('userId', 2, '', { extractValue: false });
	});
});
