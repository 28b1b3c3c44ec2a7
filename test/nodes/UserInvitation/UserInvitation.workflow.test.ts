import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { control, start, type Double } from '../../double/helpers';
import {
	doubleCredential,
	runWorkflow,
	type Service,
	type StoredCredential,
	type WorkflowResult,
} from '../../helpers/workflow';

/**
 * The BUILT package (dist/, loaded the way n8n loads a community package: the file named in
 * package.json, the class named like the file) in a Start → User Invitation workflow run by
 * n8n-core's WorkflowExecute against the API double.
 */

const ROOT = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };

function newestSource(dir: string): number {
	return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return Math.max(newest, newestSource(path));
		return /\.(ts|json)$/.test(entry.name) ? Math.max(newest, statSync(path).mtimeMs) : newest;
	}, 0);
}

/** Loads one built file named in package.json and returns the class named like the file. */
function loadBuilt<T>(file: string): new () => T {
	const path = join(ROOT, file);
	if (!existsSync(path)) {
		throw new Error(`${file} is missing: run "npm run build" before this test (it tests the built package).`);
	}
	const className = basename(file).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Class = (require(path) as Record<string, new () => T>)[className];
	if (typeof Class !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return Class;
}

let double: Double;
let nodeClass: new () => INodeType;
let credentialClasses: Array<new () => ICredentialType>;

beforeAll(async () => {
	nodeClass = loadBuilt<INodeType>(manifest.n8n.nodes[0]);
	credentialClasses = manifest.n8n.credentials.map((file) => loadBuilt<ICredentialType>(file));
	double = await start();
});

afterAll(async () => {
	await double?.close();
});

beforeEach(async () => {
	await control(double.url, 'POST', '/reset');
});

async function workflow(
	service: Service,
	parameters: INodeParameters,
	options: {
		items?: IDataObject[];
		continueOnFail?: boolean;
		authentication?: 'bearerToken' | 'apiKey';
		credential?: StoredCredential;
	} = {},
): Promise<WorkflowResult> {
	const authentication = options.authentication ?? 'bearerToken';
	return await runWorkflow({
		nodeClass,
		credentialClasses,
		parameters: { authentication, ...parameters },
		credential: options.credential ?? doubleCredential(double.url, service, authentication),
		items: options.items,
		continueOnFail: options.continueOnFail,
		timezone: 'Europe/Amsterdam',
	});
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (): Promise<any> => await control(double.url, 'GET', '/state');

describe('the built package', () => {
	it('is newer than its sources', () => {
		const built = statSync(join(ROOT, manifest.n8n.nodes[0])).mtimeMs;
		const source = Math.max(newestSource(join(ROOT, 'nodes')), newestSource(join(ROOT, 'credentials')));
		if (built < source) {
			throw new Error('dist/ is older than nodes/ or credentials/: run "npm run build" so this test runs the current code.');
		}
	});

	it('ships the codex file and both icons beside the node', () => {
		const dir = join(ROOT, 'dist/nodes/UserInvitation');
		for (const file of ['UserInvitation.node.json', 'userInvitation.svg', 'userInvitation.dark.svg']) {
			expect(existsSync(join(dir, file))).toBe(true);
		}
	});

	it('exports the node and both credentials under the names n8n looks for', () => {
		expect(new nodeClass().description.name).toBe('userInvitation');
		expect(credentialClasses.map((Class) => new Class().name).sort()).toEqual([
			'userInvitationApiKeyApi',
			'userInvitationBearerTokenApi',
		]);
	});
});

describe('Start → User Invitation, run by WorkflowExecute', () => {
	it('Create User: one user and one invitation per incoming item, fields mapped by expressions', async () => {
		const result = await workflow(
			'softwareOne',
			{
				resource: 'accountUser',
				operation: 'create',
				user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: '={{ $json.first }}', lastName: '={{ $json.last }}' } },
				groupIds: '={{ $json.groups }}',
			},
			{
				items: [
					{ email: 'grace@example.com', first: 'Grace', last: 'Hopper', groups: ['UGR-1234-5678'] },
					{ email: 'alan@example.com', first: 'Alan', last: 'Turing', groups: 'UGR-1234-5678, UGR-2345-6789' },
				],
			},
		);

		expect(result.run.status).toBe('success');
		expect(result.executed).toEqual(['When clicking Execute workflow', 'User Invitation']);
		expect(result.output).toEqual([
			{
				json: expect.objectContaining({ id: 'AUSR-0000-0004', name: 'Grace Hopper', invitationStatus: 'Invited' }),
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					id: 'AUSR-0000-0005',
					name: 'Alan Turing',
					groupIds: ['UGR-1234-5678', 'UGR-2345-6789'],
				}),
				pairedItem: { item: 1 },
			},
		]);
		const s = await state();
		expect(s.softwareOne.createsByEmail).toEqual({ 'grace@example.com': 1, 'alan@example.com': 1 });
		expect(s.softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0004': 1, 'AUSR-0000-0005': 1 });
	});

	it('Get Many Users, then Resend Invite to each expired one (API key credential)', async () => {
		await control(double.url, 'POST', '/seed', {
			softwareOneUsers: [{ email: 'late@example.com', status: 'InvitationExpired' }],
		});
		const expired = await workflow(
			'softwareOne',
			{ resource: 'accountUser', operation: 'getAll', returnAll: true, filters: { invitationStatus: 'InvitationExpired' } },
			{ authentication: 'apiKey' },
		);
		const ids = expired.output.map((item) => item.json.id as string);
		expect(ids).toEqual(['AUSR-0000-0003', 'AUSR-0000-0004']);

		const resent = await workflow(
			'softwareOne',
			{ resource: 'accountUser', operation: 'resendInvite', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ authentication: 'apiKey', items: ids.map((id) => ({ id })) },
		);

		expect(resent.run.status).toBe('success');
		expect(resent.output.map((item) => item.json.invitationStatus)).toEqual(['Invited', 'Invited']);
		expect((await state()).softwareOne.invitationEmailsByUser).toEqual({ 'AUSR-0000-0003': 1, 'AUSR-0000-0004': 1 });
	});

	it('Update Invitation: a picked expiration is sent in the workflow time zone, the e-mail once', async () => {
		const result = await workflow('bold', {
			resource: 'lockUser',
			operation: 'updateInvitation',
			invitation: { mappingMode: 'defineBelow', value: { userId: '5', expiration: '2099-07-01T18:00:00' } },
			sendEmail: true,
		});

		expect(result.output).toEqual([
			{ json: { id: 5, expiration: '2099-07-01T18:00:00+02:00', sendEmail: true }, pairedItem: { item: 0 } },
		]);
		const s = await state();
		expect(s.bold.emailsByUser).toEqual({ 5: 1 });
		expect(s.bold.users.find((user: IDataObject) => user.id === 5).expiration).toBe('2099-07-01T18:00:00+02:00');
	});

	it('a failing item fails the execution with the message, description and status a user reads', async () => {
		const result = await workflow('softwareOne', {
			resource: 'accountUser',
			operation: 'get',
			userId: { __rl: true, mode: 'id', value: 'AUSR-9999-9999' },
		});

		expect(result.run.status).toBe('error');
		const error = result.run.data.resultData.error as unknown as IDataObject;
		expect(error.message).toBe('User AUSR-9999-9999 was not found [item 0]');
		expect(error.description).toContain('Account user AUSR-9999-9999 not found.');
		expect(error.httpCode).toBe('404');
		expect(result.run.data.resultData.lastNodeExecuted).toBe('User Invitation');
	});

	it('with Continue On Fail the execution succeeds and the failing item carries the error', async () => {
		const result = await workflow(
			'bold',
			{
				resource: 'lockUser',
				operation: 'updateInvitation',
				invitation: { mappingMode: 'defineBelow', value: { userId: '={{ $json.id }}' } },
				sendSms: true,
			},
			{ continueOnFail: true, items: [{ id: 5 }, { id: 404 }, { id: 'x' }, { id: 2 }] },
		);

		expect(result.run.status).toBe('success');
		expect(result.output.map((item) => [item.json.id ?? item.json.error, item.pairedItem])).toEqual([
			[5, { item: 0 }],
			['Bold user 404 was not found [item 1]', { item: 1 }],
			['User ID "x" is not valid [item 2]', { item: 2 }],
			[2, { item: 3 }],
		]);
		expect((await state()).bold.smsByUser).toEqual({ 2: 1, 5: 1 });
	});

	it('a credential for the other vendor fails the run before any request', async () => {
		const result = await workflow(
			'bold',
			{ resource: 'accountUser', operation: 'getAll' },
			{ credential: { type: 'userInvitationBearerTokenApi', data: { environment: 'bold', token: 'bold-token' } } },
		);

		expect(result.run.status).toBe('error');
		expect((result.run.data.resultData.error as unknown as IDataObject).message).toBe(
			'Get Many Users needs a SoftwareOne Marketplace credential, but the selected credential points at Bold Smart Lock',
		);
		expect((await state()).requests).toEqual([]);
	});
});
