import { addToGroup } from './accountUser/addToGroup';
import { createUser } from './accountUser/create';
import { getUser } from './accountUser/get';
import { getManyUsers } from './accountUser/getMany';
import { removeUser } from './accountUser/remove';
import { removeFromGroup } from './accountUser/removeFromGroup';
import { resendInvite } from './accountUser/resendInvite';
import { setGroups } from './accountUser/setGroups';
import type { Operation } from './define';
import { createLockUser } from './lockUser/createUser';
import { addToUserGroup, removeFromUserGroup } from './lockUser/groupMembership';
import { updateInvitation } from './lockUser/updateInvitation';

/**
 * The registry: one line per operation. The node's Operation lists, its subtitle, the AI tool texts
 * and the router are all built from it, in this order (which is also the order of the fields in the
 * node description, part of what saved workflows see).
 */
export const OPERATIONS: readonly Operation[] = [
	createUser,
	resendInvite,
	getUser,
	getManyUsers,
	removeUser,
	addToGroup,
	removeFromGroup,
	setGroups,
	updateInvitation,
	createLockUser,
	addToUserGroup,
	removeFromUserGroup,
];
