/**
 * The layer rules of docs/ARCHITECTURE.md are lint rules; this checks that `npm run lint` refuses a
 * wrong import, so a config edit cannot drop them unnoticed. It lints probe texts with the
 * repository's own ESLint config, as if they were files in each folder (nothing is written).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const LAYER_RULE = 'import-x/no-restricted-paths';

type Probe = [name: string, filePath: string, importLine: string];

const REFUSED: Probe[] = [
	['the trigger importing the action node', 'nodes/UserInvitationTrigger/probe.ts', "import { router } from '../UserInvitation/router';"],
	['the action node importing the trigger', 'nodes/UserInvitation/probe.ts', "import { UserInvitationTrigger } from '../UserInvitationTrigger/UserInvitationTrigger.node';"],
	['the shared layer importing a node', 'nodes/shared/probe.ts', "import { OPERATIONS } from '../UserInvitation/operations';"],
	['the shared layer importing a credential', 'nodes/shared/probe.ts', "import { credentialTest } from '../../credentials/common/endpoints';"],
	['a credential importing a node', 'credentials/common/probe.ts', "import { OPERATIONS } from '../../nodes/UserInvitation/operations';"],
	['a node importing a credential', 'nodes/UserInvitation/probe.ts', "import { credentialTest } from '../../credentials/common/endpoints';"],
];
const ALLOWED: Probe[] = [
	['the trigger importing the shared layer', 'nodes/UserInvitationTrigger/probe.ts', "import { paginateOffset } from '../shared/http/paginate';"],
	['a credential importing the shared layer', 'credentials/common/probe.ts', "import { checkBaseUrl } from '../../nodes/shared/environments';"],
];

/** One child process lints every probe: the config is an ES module, which jest's loader cannot import. */
function lintProbes(probes: Probe[]): string[][] {
	const script = `
		const { ESLint } = require('eslint');
		const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
		(async () => {
			const eslint = new ESLint();
			const out = [];
			for (const { filePath, code } of probes) {
				const [result] = await eslint.lintText(code, { filePath });
				out.push(result.messages.map((m) => m.ruleId || m.message));
			}
			process.stdout.write(JSON.stringify(out));
		})();`;
	const input = probes.map(([, filePath, line]) => ({ filePath, code: `${line}\nexport const probe = [${/\{ (\w+) \}/.exec(line)?.[1]}];\n` }));
	const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(input), encoding: 'utf8' });
	if (run.status !== 0) throw new Error(`ESLint did not run: ${run.stderr}`);
	return JSON.parse(run.stdout) as string[][];
}

describe('the layers, as npm run lint enforces them', () => {
	let findings: string[][];
	beforeAll(() => {
		findings = lintProbes([...REFUSED, ...ALLOWED]);
	}, 120_000);

	it.each(REFUSED.map((probe, index) => [probe[0], index] as const))('refuses %s', (_name, index) => {
		expect(findings[index]).toContain(LAYER_RULE);
	});

	it.each(ALLOWED.map((probe, index) => [probe[0], REFUSED.length + index] as const))('allows %s', (_name, index) => {
		expect(findings[index]).toEqual([]);
	});
});
