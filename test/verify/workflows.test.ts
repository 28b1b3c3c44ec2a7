import * as fs from 'node:fs';
import * as path from 'node:path';

const { checkPublishing, checkPublishJobs } = require('../../tools/verify/package-checks.js') as {
	checkPublishing: (workflows: Array<{ file: string; text: string }>) => string[];
	checkPublishJobs: (file: string, text: string) => string[];
};
const checkPublishWorkflow = checkPublishJobs;

const PUBLISH = path.join(__dirname, '..', '..', '.github', 'workflows', 'publish.yml');

/** Defect 10 of issue 11: the job that can mint an npm publish credential runs nothing it does not need. */
describe('defect 10: the release workflow', () => {
	it('the repository\'s publish.yml passes the release checks', () => {
		expect(checkPublishing([{ file: PUBLISH, text: fs.readFileSync(PUBLISH, 'utf8') }])).toEqual([]);
	});

	const workflow = (jobs: string, top = 'permissions:\n  contents: read\n') =>
		`name: Publish\non:\n  push:\n    tags: ['v*']\n${top}jobs:\n${jobs}`;
	const setupNode = 'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0';
	const download = 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0';
	const minimalPublish = [
		'  publish:',
		'    needs: test',
		'    environment: npm-publish',
		'    permissions:',
		'      contents: read',
		'      id-token: write',
		'    steps:',
		`      - uses: ${setupNode}`,
		'        with:',
		'          registry-url: https://registry.npmjs.org',
		'      - run: npm install -g npm@11.19.1 --ignore-scripts',
		`      - uses: ${download}`,
		'      - run: npm publish package/n8n-nodes-x-1.0.0.tgz --provenance --access public',
		'',
	].join('\n');
	const testJob = ['  test:', '    steps:', '      - run: npm ci', '      - run: npm test', ''].join('\n');

	it('accepts tests in one job and a minimal publish job that needs it', () => {
		expect(checkPublishWorkflow(PUBLISH, workflow(testJob + minimalPublish))).toEqual([]);
	});

	it.each([
		['id-token granted to every job at the top', workflow(testJob + minimalPublish, 'permissions:\n  contents: read\n  id-token: write\n'), /top-level/],
		['tests in the publish job', workflow(minimalPublish + '      - run: npm test\n'), /runs "npm test"/],
		['n8n installed in the publish job', workflow(minimalPublish + '      - run: bash scripts/install-n8n.sh 2\n'), /install-n8n/],
		['dependencies installed in the publish job, even without their scripts', workflow(minimalPublish + '      - run: npm ci --ignore-scripts\n'), /runs "npm ci --ignore-scripts": it installs dependencies/],
		['a publish job that needs no test job', workflow(minimalPublish.replace('    needs: test\n', '')), /needs:/],
	])('refuses %s', (_, text, finding) => {
		expect(checkPublishWorkflow(PUBLISH, text).join('\n')).toMatch(finding);
	});
});
