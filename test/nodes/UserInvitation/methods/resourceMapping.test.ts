import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { getInvitationFields, getUserFields } from '../../../../nodes/UserInvitation/methods/resourceMapping';

/** What the editor's mapper lists for Create User's "User" and Update Invitation's "Invitation". */

const noRequests = {} as ILoadOptionsFunctions;

describe('resource mapper fields', () => {
	it('Create User: the documented user fields, e-mail and names required, in the order the editor shows them', async () => {
		const { fields } = await getUserFields.call(noRequests);

		expect(fields.map((f) => [f.id, f.displayName, f.required])).toEqual([
			['email', 'Email', true],
			['firstName', 'First Name', true],
			['lastName', 'Last Name', true],
			['phonePrefix', 'Phone Prefix', false],
			['phoneNumber', 'Phone Number', false],
			['cultureCode', 'Culture Code', false],
			['languageCode', 'Language Code', false],
		]);
		// Nothing to match on: the mapper only maps, every field shown.
		expect(fields.every((f) => f.display && !f.canBeUsedToMatch && !f.defaultMatch)).toBe(true);
	});

	it('Update Invitation: Bold\'s invitation fields, the expiry as a date and the language as a list', async () => {
		const { fields } = await getInvitationFields.call(noRequests);

		expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
			['userId', 'string', true],
			['emailAddress', 'string', false],
			['expiration', 'dateTime', false],
			['language', 'options', false],
			['phoneNumber', 'string', false],
		]);
		expect(fields.find((f) => f.id === 'language')?.options?.length).toBeGreaterThan(0);
	});
});
