import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { segment } from '../../../shared/http/url';
import type { GroupChange, GroupRef } from '../../../shared/softwareOne/client';
import { groupIdsOf } from '../../../shared/softwareOne/accountUser';
import type { AccountUserPaths } from '../../../shared/softwareOne/endpoints';
import { PATTERNS, validText } from '../../../shared/validation';
import { accountUserOutput } from './fields';

/** What the group operations share: one group ID read and checked, and the output of a change. */

export const GROUP_ID_SHAPE = {
	pattern: PATTERNS.groupId,
	expected: 'a SoftwareOne user group ID like UGR-1234-5678 (find it under Settings → User groups)',
};

export function readGroupId(ctx: IExecuteFunctions, itemIndex: number): GroupRef {
	const id = validText(ctx, itemIndex, 'Group ID', ctx.getNodeParameter('groupId', itemIndex, ''), { required: true, ...GROUP_ID_SHAPE }) as string;
	return { id, segment: segment({ ctx, itemIndex, label: 'Group ID' }, id, GROUP_ID_SHAPE) };
}

/** The user after the change, and what changed: the groups before and after, and a note when nothing had to be sent. */
export function groupChangeOutput(
	change: GroupChange,
	simplify: boolean,
	paths: AccountUserPaths,
	detected: boolean,
	note: string | undefined,
): IDataObject {
	return {
		...accountUserOutput(change.after, simplify, paths, detected),
		changed: change.changed,
		groupsBefore: groupIdsOf(change.before),
		groupsAfter: groupIdsOf(change.after),
		...(note !== undefined && { note }),
	};
}
