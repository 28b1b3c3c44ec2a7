import { DryRunStop, dryRunOutput } from '../../../nodes/shared/http/dryRun';
import { type ApiPath, type ApiQuery, ApiSession, type Connection } from '../../../nodes/shared/http/session';
import { createContext, SECRET_TOKEN } from '../../helpers/context';

const connection: Connection = {
	credentialType: 'userInvitationBearerTokenApi',
	credential: { id: 'cred-1', name: 'SoftwareOne', type: 'userInvitationBearerTokenApi', data: { token: SECRET_TOKEN } },
	baseUrl: 'https://api.example.com/base',
	service: 'softwareOne',
	secrets: [SECRET_TOKEN],
};
const PATH = '/public/v1/accounts/account-users/AUSR-1' as ApiPath;

function dryRunSession() {
	const mock = createContext({ respond: { statusCode: 200, body: { id: 'AUSR-1' } } });
	const api = new ApiSession(mock.ctx, connection);
	api.dryRun = true;
	return { mock, api };
}

describe('ApiSession.dryRun', () => {
	it('lets a GET through', async () => {
		const { mock, api } = dryRunSession();
		await expect(api.request({ method: 'GET', path: PATH, safety: 'idempotent' })).resolves.toEqual({ id: 'AUSR-1' });
		expect(mock.requests).toHaveLength(1);
	});

	it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('stops a %s before it is sent, and says what it was (path relative, query kept, body scrubbed)', async (method) => {
		const { mock, api } = dryRunSession();
		const stop = await api
			.request({ method, path: PATH, query: 'userGroupId=32' as ApiQuery, body: { note: `token ${SECRET_TOKEN}` }, safety: 'unsafe', reconcile: async () => ({}) })
			.catch((error: unknown) => error);
		expect(stop).toBeInstanceOf(DryRunStop);
		expect(mock.requests).toHaveLength(0);
		const output = dryRunOutput(stop as DryRunStop);
		expect(output).toEqual({ dryRun: true, wouldSend: { method, path: `${PATH}?userGroupId=32`, body: { note: expect.not.stringContaining(SECRET_TOKEN) } } });
		expect(JSON.stringify(output)).not.toContain('api.example.com');
	});

	it('leaves out the body of a request that has none', async () => {
		const { api } = dryRunSession();
		const stop = (await api.request({ method: 'DELETE', path: PATH, safety: 'unsafe' }).catch((error: unknown) => error)) as DryRunStop;
		expect(dryRunOutput(stop)).toEqual({ dryRun: true, wouldSend: { method: 'DELETE', path: PATH } });
	});

	it('is off by default: a write is sent', async () => {
		const mock = createContext({ respond: { statusCode: 204, body: '' } });
		const api = new ApiSession(mock.ctx, connection);
		await api.request({ method: 'DELETE', path: PATH, safety: 'unsafe' });
		expect(mock.requests.map((request) => request.method)).toEqual(['DELETE']);
	});
});

describe('ApiSession recover', () => {
	it('hands the refused answer\'s body to `with` (Bold\'s 409 carries the existing id)', async () => {
		const mock = createContext({ responses: [{ statusCode: 409, body: { message: 'exists', userId: 7 } }] });
		const api = new ApiSession(mock.ctx, connection);
		const seen: unknown[] = [];
		const result = await api.request({
			method: 'POST',
			path: '/v2/users' as ApiPath,
			safety: 'unsafe',
			recover: {
				statuses: [409],
				with: async (body) => {
					seen.push(body);
					return { userId: (body as { userId: number }).userId };
				},
			},
		});
		expect(seen).toEqual([{ message: 'exists', userId: 7 }]);
		expect(result).toEqual({ userId: 7 });
	});
});
