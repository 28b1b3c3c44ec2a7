// Smoke test on n8n 1.x (1.123.81, the machine's Node 20): the packed node loads and Create User runs.
import { type StartedStack, ensureN8n, stackDescription, startStack } from './harness';
import { GROUP, expectNoSecrets, runNode } from './helpers';

const description = stackDescription();

/** Installs n8n 1.x on first use (synchronously, so that a failure can skip the block). */
function install1x(): string | undefined {
	if (!description) return 'run with npm run test:e2e';
	try {
		ensureN8n(1);
		return undefined;
	} catch (error) {
		const reason = `n8n 1.123.81 could not be installed: ${(error as Error).message.split('\n')[0]}`;
		process.stderr.write(`\n!!!!! SKIPPING the n8n 1.x smoke test: ${reason}\n!!!!! Run scripts/install-n8n.sh 1 by hand to see why.\n\n`);
		return reason;
	}
}

const skipReason = install1x();
const describe1x = skipReason ? describe.skip : describe;

describe1x(`n8n 1.x smoke test${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
	let stack: StartedStack;

	beforeAll(async () => {
		stack = await startStack({ major: 1, tarball: description!.tarball, doubleUrl: description!.doubleUrl });
	}, 180_000);

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
