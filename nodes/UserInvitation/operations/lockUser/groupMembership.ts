import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { segment } from '../../../shared/http/url';
import { PATTERNS, validBoolean, validText } from '../../../shared/validation';
import { defineOperation } from '../define';

const NUMERIC = (what: string) => ({ pattern: PATTERNS.boldUserId, expected: `the numeric Bold ${what}, like 5` });

const idFields: INodeProperties[] = [
	{ displayName: 'User ID', name: 'boldUserId', type: 'string', default: '', required: true, placeholder: '5', description: 'The numeric Bold user ID' },
	{ displayName: 'User Group ID', name: 'boldUserGroupId', type: 'string', default: '', required: true, placeholder: '32', description: 'The numeric Bold user group ID' },
];

function readIds(ctx: IExecuteFunctions, itemIndex: number) {
	const read = (name: string, label: string, what: string) => {
		const id = validText(ctx, itemIndex, label, ctx.getNodeParameter(name, itemIndex, ''), { required: true, ...NUMERIC(what) }) as string;
		return { id, segment: segment({ ctx, itemIndex, label }, id, NUMERIC(what)) };
	};
	return { user: read('boldUserId', 'User ID', 'user ID'), group: read('boldUserGroupId', 'User Group ID', 'user group ID') };
}

export const addToUserGroup = defineOperation({
	resource: 'lockUser',
	value: 'addToUserGroup',
	label: 'Add to User Group',
	action: 'Add a lock user to a user group',
	description: 'Add a Bold user to a user group, optionally as its admin',
	toolDescription:
		'Add a Bold Smart Lock user to a user group, which gives them the group\'s access to locks. Use it to grant someone access to a set of doors. ' +
		'Needs the numeric Bold user ID and user group ID. Adding a member again changes nothing. It can be undone with the tool that removes a user from a user group.',
	service: 'bold',
	properties: [
		...idFields,
		{ displayName: 'Group Admin', name: 'groupAdmin', type: 'boolean', default: false, description: 'Whether the user becomes an admin of the group' },
	],

	prepare(itemIndex) {
		return { ...readIds(this, itemIndex), groupAdmin: validBoolean(this, itemIndex, 'Group Admin', this.getNodeParameter('groupAdmin', itemIndex, false), false) };
	},

	effects: ({ group }, itemIndex, { parameters }) => ({ groups: { value: [String(group.id)], byModel: parameters.byModel('boldUserGroupId') } }),

	async execute({ user, group, groupAdmin }, itemIndex, { bold }) {
		await bold.groupMembership('add', group, user, groupAdmin, itemIndex);
		return { userId: Number(user.id), userGroupId: Number(group.id), member: true, groupAdmin };
	},
});

export const removeFromUserGroup = defineOperation({
	resource: 'lockUser',
	value: 'removeFromUserGroup',
	label: 'Remove From User Group',
	action: 'Remove a lock user from a user group',
	description: 'Take a Bold user out of a user group',
	toolDescription:
		'Remove a Bold Smart Lock user from a user group: they lose the group\'s access to locks but stay a Bold user. Use it to take away access to a set of doors. ' +
		'Needs the numeric Bold user ID and user group ID. It can be undone with the tool that adds a user to a user group.',
	service: 'bold',
	properties: idFields,

	prepare(itemIndex) {
		return readIds(this, itemIndex);
	},

	effects: ({ group }, itemIndex, { parameters }) => ({ groups: { value: [String(group.id)], byModel: parameters.byModel('boldUserGroupId') } }),

	async execute({ user, group }, itemIndex, { bold }) {
		await bold.groupMembership('remove', group, user, false, itemIndex);
		return { userId: Number(user.id), userGroupId: Number(group.id), member: false };
	},
});
