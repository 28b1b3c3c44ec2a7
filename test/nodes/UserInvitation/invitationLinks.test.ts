import type { INodeParameters } from 'n8n-workflow';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { accountUser, locator, mapManually, page, runNodeOk, softwareOneCredentials, TOOL_TYPE } from '../../helpers/context';

/**
 * Invitation join links (`invitation.url`) are secrets of the invitee (issue 26): whoever holds one
 * joins as that person. Version 1 keeps them in outputs (saved workflows may use them); version 1.1
 * leaves them out unless Include Invitation Link is on; an AI agent's tool never gets them; and Return
 * Existing never returns the existing (other) person's link, in any version.
 */

const LINK = 'https://portal.example/invite/abc';

const getUser = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'accountUser',
	operation: 'get',
	userId: locator('AUSR-1234-5678'),
	...parameters,
});

async function run(parameters: INodeParameters, extra: { typeVersion?: number; nodeType?: string } = {}) {
	const done = await runNodeOk({
		parameters,
		credentials: softwareOneCredentials(),
		respond: { statusCode: 200, body: accountUser() },
		...extra,
	});
	return JSON.stringify(done.output.map((item) => item.json));
}

describe('Invitation join links in outputs', () => {
	test('new nodes get version 1.1; version 1 stays loadable', () => {
		const { description } = new UserInvitation();
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	test('version 1 keeps them, simplified and raw (its saved workflows may use them)', async () => {
		expect(await run(getUser())).toContain(`"invitationUrl":"${LINK}"`);
		expect(await run(getUser({ simplify: false }))).toContain(`"url":"${LINK}"`);
	});

	test('version 1.1 leaves them out by default, simplified and raw, and keeps the rest', async () => {
		const simplified = await run(getUser(), { typeVersion: 1.1 });
		expect(simplified).not.toContain(LINK);
		expect(simplified).toContain('"invitationStatus":"Invited"');
		const raw = await run(getUser({ simplify: false }), { typeVersion: 1.1 });
		expect(raw).not.toContain(LINK);
		expect(raw).toContain('"invitation":{"status":"Invited"}');
	});

	test('version 1.1 with Include Invitation Link on keeps them', async () => {
		expect(await run(getUser({ options: { includeInvitationLink: true } }), { typeVersion: 1.1 })).toContain(LINK);
	});

	test.each([1, 1.1])('an AI agent\'s tool never returns them (version %s, even with Include Invitation Link on)', async (typeVersion) => {
		expect(await run(getUser({ options: { includeInvitationLink: true } }), { typeVersion, nodeType: TOOL_TYPE })).not.toContain(LINK);
		expect(await run(getUser({ simplify: false }), { typeVersion, nodeType: TOOL_TYPE })).not.toContain(LINK);
	});
});

describe('"If the User Already Exists: Return the Existing User" never returns the existing person\'s link', () => {
	const conflict = { statusCode: 409, body: { title: 'Conflict', status: 409, detail: 'Already a member.' } };
	const create = (parameters: INodeParameters = {}): INodeParameters => ({
		resource: 'accountUser',
		operation: 'create',
		user: mapManually({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }),
		groupIds: 'UGR-1234-5678',
		ifExists: 'returnExisting',
		...parameters,
	});

	test.each([
		['version 1, simplified', 1, {}],
		['version 1, raw', 1, { simplify: false }],
		['version 1.1 with Include Invitation Link on', 1.1, { options: { includeInvitationLink: true } }],
	])('%s', async (_, typeVersion, parameters) => {
		const existing = accountUser({ id: 'AUSR-0000-0042', invitation: { status: 'Invited', url: 'https://portal.example/invite/someone-else' } });
		const done = await runNodeOk({
			parameters: create(parameters),
			typeVersion,
			credentials: softwareOneCredentials(),
			responses: [conflict, { statusCode: 200, body: page([existing]) }],
		});
		const output = JSON.stringify(done.output.map((item) => item.json));
		expect(output).toContain('AUSR-0000-0042');
		expect(output).not.toContain('someone-else');
	});

	test('the user this run created keeps its link in version 1 (that is the created invitation, as before)', async () => {
		const done = await runNodeOk({
			parameters: create(),
			credentials: softwareOneCredentials(),
			responses: [{ statusCode: 201, body: accountUser() }],
		});
		expect(done.output[0].json.invitationUrl).toBe(LINK);
	});
});
