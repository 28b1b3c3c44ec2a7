import type { INodeParameters } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { everyString } from '../../helpers/context';
import { type Hostility, startHostileServer } from '../../helpers/hostileServer';
import { DOUBLE_SECRETS, doubleCredential, executeNode } from '../../helpers/workflow';

/**
 * Hostile servers over real HTTP, through n8n-core's own request helper (axios): an answer must end
 * by Timeout counted from the request to its last byte, and never grow past 16 MB, however the
 * server sends it. The node must also hang up, not just stop waiting.
 */

const getUser = (options: INodeParameters): INodeParameters => ({
	authentication: 'bearerToken',
	resource: 'accountUser',
	operation: 'get',
	userId: { __rl: true, mode: 'id', value: 'AUSR-0000-0001' },
	options: { maxRetries: 0, maxRetryWait: 1, ...options },
});

async function against(hostility: Hostility, options: INodeParameters) {
	const server = await startHostileServer(hostility);
	const started = Date.now();
	try {
		const result = await executeNode({
			nodeClass: UserInvitation,
			credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
			parameters: getUser(options),
			credential: doubleCredential(server.url, 'softwareOne', 'bearerToken'),
		});
		const tookMs = Date.now() - started;
		// The client's hang-up reaches the server a moment later.
		for (let i = 0; i < 40 && server.closedAfterMs.length < server.requests; i++) await new Promise((r) => setTimeout(r, 25));
		return { result, tookMs, server };
	} finally {
		await server.close();
	}
}

describe('Timeout is a deadline for the whole answer, not for a silent socket', () => {
	it('a body dripped one byte every 200 ms ends after Timeout (1 s), and the connection is closed', async () => {
		const { result, tookMs, server } = await against({ kind: 'dripBody', everyMs: 200 }, { timeout: 1 });

		expect(result.error?.message).toBe('The API did not answer within 1 s [item 0]');
		expect(result.error?.description).toBe('Raise Timeout in the node options, or run again later. Network error code: ETIMEDOUT.');
		expect(tookMs).toBeLessThan(2500);
		expect(server.requests).toBe(1);
		expect(server.closedAfterMs).toHaveLength(1);
		expect(server.closedAfterMs[0]).toBeLessThan(2000);
	});

	it('headers dripped one byte every 200 ms end after Timeout too: the node hangs up itself', async () => {
		const { result, tookMs, server } = await against({ kind: 'dripHeaders', everyMs: 200 }, { timeout: 1 });

		expect(result.error?.message).toBe('The API did not answer within 1 s [item 0]');
		expect(tookMs).toBeLessThan(2500);
		expect(server.closedAfterMs).toHaveLength(1);
		expect(server.closedAfterMs[0]).toBeLessThan(2000);
	});
});

describe('an answer larger than 16 MB is cut off, however it comes', () => {
	it.each<[string, Hostility]>([
		['a gzip body that inflates to 40 MB (it is about 40 KB on the wire)', { kind: 'gzipBomb', inflatedBytes: 40 * 1024 * 1024 }],
		['an endless body', { kind: 'endless' }],
	])('%s', async (_label, hostility) => {
		const { result, server } = await against(hostility, { timeout: 20 });

		expect(result.error?.message).toBe("The API's answer was larger than 16 MB, so the node stopped reading it [item 0]");
		expect(result.error?.description).toContain(`Check that the credential's base URL (${server.url}) points at the API`);
		expect(result.error?.description).toContain('Network error code: ERESPONSETOOLARGE.');
		expect(everyString(result.error)).not.toContain(DOUBLE_SECRETS.softwareOne.bearerToken);
		expect(server.closedAfterMs).toHaveLength(1);
	});
});
