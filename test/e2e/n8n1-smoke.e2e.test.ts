// Smoke test on n8n 1.x (1.123.81 on its own Node 20): the packed node loads and Create User runs.
// The first run installs 1.x here (tools/n8n/install-n8n.sh 1, a few minutes). An install that fails is a
// failure of this file with the installer's reason, never a skip; `npm test -- --ignoreProjects n8n1` is the
// one way to leave it out (README, "Tests").
import { type StartedStack, ensureN8nWithProgress, stackDescription, startStack } from '../../tools/n8n';
import { GROUP, expectNoSecrets, runNode } from './helpers';

describe('n8n 1.x smoke test', () => {
	let stack: StartedStack;

	beforeAll(async () => {
		const description = stackDescription();
		if (!description) throw new Error('the shared e2e stack is missing: run this file with npm run test:e2e');
		try {
			await ensureN8nWithProgress(1, { onProgress: (line) => process.stderr.write(`[e2e] ${line}\n`) });
		} catch (error) {
			throw new Error(`n8n 1.123.81 could not be installed (run bash tools/n8n/install-n8n.sh 1 to see it again): ${(error as Error).message}`);
		}
		// An API double of its own: `npm test` runs this file beside the trigger file, which resets the shared one.
		stack = await startStack({ major: 1, tarball: description.tarball, workDir: description.workDir });
	}, 45 * 60_000); // a first install on a busy 2-core machine can take 20 minutes

	afterAll(async () => {
		await stack?.stop();
	}, 60_000);

	beforeEach(async () => {
		await stack.double.reset();
	});

	test('n8n 1.123.81 loads the package', async () => {
		expect(stack.version).toBe('1.123.81');
		expect(await stack.client.nodeTypeNames()).toContain('n8n-nodes-user-invitations.userInvitation');
	});

	test('Create User runs and creates each user once', async () => {
		const run = await runNode(stack, {
			credential: stack.credentials.softwareOneBearer,
			parameters: {
				resource: 'accountUser',
				operation: 'create',
				user: { mappingMode: 'defineBelow', value: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: 'Legacy' } },
				groupIds: GROUP,
			},
			items: [
				{ email: 'one.x@example.com', firstName: 'One' },
				{ email: 'broken', firstName: 'Broken' },
			],
			continueOnFail: true,
		});
		expect(run.answer.status).toBe(200);
		expect(run.output).toHaveLength(2);
		expect(run.output[0].json).toMatchObject({ email: 'one.x@example.com', invitationStatus: 'Invited' });
		expect(run.output[1].json.error).toBe('Email "broken" is not valid [item 1]');
		const state = await stack.double.state();
		expect(state.softwareOne.createsByEmail).toEqual({ 'one.x@example.com': 1 });
		expectNoSecrets(run.execution.rawData);
	});
});
