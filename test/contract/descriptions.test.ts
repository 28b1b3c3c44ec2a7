/**
 * The contract with saved workflows: both nodes' descriptions and both credentials' fields, as n8n
 * reads them. Parameter names, defaults and display conditions may change only in a new node version;
 * a refactor must leave this snapshot byte-identical. Update it (`npx jest test/contract -u`) only
 * for an addition that old workflows cannot notice, and say so in the commit.
 */
import { UserInvitationApiKeyApi } from '../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../nodes/UserInvitation/UserInvitation.node';
import { UserInvitationTrigger } from '../../nodes/UserInvitationTrigger/UserInvitationTrigger.node';

/** JSON as n8n stores and compares it: functions (authenticate) and undefined fields drop out. */
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('descriptions saved workflows depend on', () => {
	it('User Invitation node', () => {
		expect(asStored(new UserInvitation().description)).toMatchSnapshot();
	});

	it('User Invitation Trigger node', () => {
		expect(asStored(new UserInvitationTrigger().description)).toMatchSnapshot();
	});

	it.each([
		['bearer token', new UserInvitationBearerTokenApi()],
		['API key', new UserInvitationApiKeyApi()],
	])('%s credential', (_name, credential) => {
		const { name, displayName, properties, test, icon, documentationUrl } = credential;
		expect(asStored({ name, displayName, properties, test, icon, documentationUrl })).toMatchSnapshot();
	});
});
