import { createUser } from './accountUser/create';
import { getUser } from './accountUser/get';
import { getManyUsers } from './accountUser/getMany';
import { resendInvite } from './accountUser/resendInvite';
import type { Operation } from './define';
import { updateInvitation } from './lockUser/updateInvitation';

/**
 * The registry: one line per operation. The node's Operation lists, its subtitle, the AI tool texts
 * and the router are all built from it, in this order (which is also the order of the fields in the
 * node description, part of what saved workflows see).
 */
export const OPERATIONS: readonly Operation[] = [createUser, resendInvite, getUser, getManyUsers, updateInvitation];
