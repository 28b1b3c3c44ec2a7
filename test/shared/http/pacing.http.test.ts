import type { IDataObject } from 'n8n-workflow';
import { UserInvitationApiKeyApi } from '../../../credentials/UserInvitationApiKeyApi.credentials';
import { UserInvitationBearerTokenApi } from '../../../credentials/UserInvitationBearerTokenApi.credentials';
import { UserInvitation } from '../../../nodes/UserInvitation/UserInvitation.node';
import { control, useDouble } from '../../double/helpers';
import { doubleCredential, executeNode } from '../../helpers/workflow';

/**
 * Pacing over real HTTP: the double's token bucket answers 429 + Retry-After (whole seconds, at
 * least 1) exactly as a rate-limited API would; the node runs on its default settings.
 */

const double = useDouble();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const state = async (): Promise<any> => await control(double.url, 'GET', '/state');

async function createMany(count: number, prefix: string) {
	const items: IDataObject[] = Array.from({ length: count }, (_, i) => ({ email: `${prefix}-${i}@example.com` }));
	return await executeNode({
		nodeClass: UserInvitation,
		credentialClasses: [UserInvitationBearerTokenApi, UserInvitationApiKeyApi],
		parameters: {
			authentication: 'bearerToken',
			resource: 'accountUser',
			operation: 'create',
			user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: 'Paced', lastName: 'Hire' } },
			groupIds: 'UGR-1234-5678',
		},
		credential: doubleCredential(double.url, 'softwareOne', 'bearerToken'),
		continueOnFail: true,
		items,
	});
}

describe('pacing under a tight rate limit, on default settings', () => {
	it.each([
		[20, 5, 120],
		[5, 1, 30],
	])('%i requests/s, burst %i: every one of %i creates succeeds, once, with one e-mail each', async (rps, burst, count) => {
		await control(double.url, 'POST', '/config', { rateLimit: { rps, burst } });

		const { output, error } = await createMany(count, `paced-${rps}`);
		const s = await state();

		expect(error).toBeUndefined();
		expect(output.filter((item) => item.json.error !== undefined).map((item) => item.json.error)).toEqual([]);
		expect(output).toHaveLength(count);
		expect(s.rateLimited).toBeGreaterThan(0);
		expect(Object.values(s.softwareOne.createsByEmail).every((n) => n === 1)).toBe(true);
		expect(Object.keys(s.softwareOne.createsByEmail).filter((e) => e.startsWith(`paced-${rps}-`))).toHaveLength(count);
		expect(s.softwareOne.duplicateCreates).toBe(0);
		expect(Object.values(s.softwareOne.invitationEmailsByUser).filter((n) => (n as number) > 1)).toEqual([]);
	}, 120_000);

	it('after the first 429 the waiting requests leave spaced out, not all at once', async () => {
		await control(double.url, 'POST', '/config', { rateLimit: { rps: 20, burst: 5 } });

		await createMany(60, 'spaced');
		const requests = ((await state()).requests as Array<{ status: number; at: string }>).map((r) => ({
			status: r.status,
			at: Date.parse(r.at),
		}));
		const firstLimited = requests.findIndex((r) => r.status === 429);
		const resumedAt = requests.findIndex((r, i) => i > firstLimited && r.at - requests[firstLimited].at >= 900);
		const first50msAfterPause = requests.filter(
			(r) => r.at >= requests[resumedAt].at && r.at < requests[resumedAt].at + 50,
		);

		// Before pacing, the 15 refused requests all went again the moment the pause ended.
		expect(first50msAfterPause.length).toBeLessThanOrEqual(3);
	}, 60_000);
});
