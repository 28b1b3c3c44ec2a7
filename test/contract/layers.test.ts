/**
 * The layer rules of docs/ARCHITECTURE.md are lint rules; this checks that `npm run lint` refuses a
 * wrong import, so a config edit cannot drop them unnoticed. It lints probe texts with the
 * repository's own ESLint config, as if they were files in each folder (nothing is written).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const LAYER_RULE = 'import-x/no-restricted-paths';
const STATE_RULE = 'no-restricted-syntax';

type Probe = [name: string, filePath: string, code: string];

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
	const input = probes.map(([, filePath, code]) => ({
		filePath,
		code: code.startsWith('import') ? `${code}\nexport const probe = [${/\{ (\w+) \}/.exec(code)?.[1]}];\n` : code,
	}));
	const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(input), encoding: 'utf8' });
	if (run.status !== 0) throw new Error(`ESLint did not run: ${run.stderr}`);
	return JSON.parse(run.stdout) as string[][];
}

const STATE: Probe[] = [
	['a module-level let', 'nodes/shared/probe.ts', 'let calls = 0;\nexport const count = () => ++calls;\n'],
	['a module-level WeakMap', 'nodes/UserInvitation/probe.ts', 'export const seen = new WeakMap<object, number>();\n'],
	['a module-level Set in a credential', 'credentials/common/probe.ts', 'const checked = new Set<string>();\nexport const mark = (url: string) => checked.add(url);\n'],
];
const CONSTANT_TABLE: Probe = ['a constant table named in capitals', 'nodes/shared/probe.ts', "export const RETRY_STATUSES = new Set([429, 503]);\n"];

describe('the layers, as npm run lint enforces them', () => {
	let findings: string[][];
	beforeAll(() => {
		findings = lintProbes([...REFUSED, ...ALLOWED, ...STATE, CONSTANT_TABLE]);
	}, 120_000);

	it.each(REFUSED.map((probe, index) => [probe[0], index] as const))('refuses %s', (_name, index) => {
		expect(findings[index]).toContain(LAYER_RULE);
	});

	it.each(ALLOWED.map((probe, index) => [probe[0], REFUSED.length + index] as const))('allows %s', (_name, index) => {
		expect(findings[index]).toEqual([]);
	});

	it.each(STATE.map((probe, index) => [probe[0], REFUSED.length + ALLOWED.length + index] as const))('refuses %s', (_name, index) => {
		expect(findings[index]).toContain(STATE_RULE);
	});

	it('allows a constant table named in capitals', () => {
		expect(findings[REFUSED.length + ALLOWED.length + STATE.length]).toEqual([]);
	});
});
