import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ApiSession } from '../http/session';
import { apiPath, apiQuery, type Segment } from '../http/url';

/** The existing user's id in Bold's 409 answer ("Existing user.id will be returned"; the exact shape is unconfirmed). */
export function existingBoldUserId(body: unknown): number | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const answer = body as { userId?: unknown; id?: unknown; user?: { id?: unknown } };
	for (const candidate of [answer.userId, answer.id, answer.user?.id]) {
		const id = typeof candidate === 'string' && /^\d+$/.test(candidate) ? Number(candidate) : candidate;
		if (typeof id === 'number' && Number.isInteger(id) && id > 0) return id;
	}
	return undefined;
}

/** What Create User (with invitation) ended with. */
export interface BoldCreated {
	userId: number;
	/** The 201 answer (without its token); absent when the user existed. */
	answer?: IDataObject;
	/** created: this request; createdAfterLostAnswer: by an attempt whose answer was lost; existing: was there before. */
	outcome: 'created' | 'createdAfterLostAnswer' | 'existing';
}

/** Bold Smart Lock's user API, by name. One per run, like the session under it. */
export class BoldClient {
	constructor(readonly session: ApiSession) {}

	/**
	 * POST /v2/users, the invitation in the same call. Never two invitations: Bold answers 409 with the
	 * existing id for a user that exists (nothing created or sent), so after a lost answer the request is
	 * sent again and a 409 then means the first attempt created the user. That check needs the e-mail
	 * address (what makes a user "exist"); without one a lost answer is reported, never sent again.
	 */
	async createUser(
		body: IDataObject,
		{ userGroupId, groupAdmin, returnExisting, itemIndex }: { userGroupId?: number; groupAdmin?: boolean; returnExisting: boolean; itemIndex: number },
	): Promise<BoldCreated> {
		let lostAnswer = false;
		const email = typeof body.emailAddress === 'string' ? body.emailAddress : undefined;
		const sends = ((body.invitation ?? {}) as IDataObject).sendEmail === true || ((body.invitation ?? {}) as IDataObject).sendSms === true;
		const existing = async (answer: unknown): Promise<IDataObject | undefined> => {
			const userId = existingBoldUserId(answer);
			if (userId === undefined) return undefined;
			if (lostAnswer) return { userId, outcome: 'createdAfterLostAnswer' };
			if (returnExisting) return { userId, outcome: 'existing' };
			throw new NodeOperationError(this.session.node, `The Bold user ${email ?? ''} already exists (user ID ${userId}) [item ${itemIndex}]`.replace('  ', ' '), {
				itemIndex,
				description:
					'Nothing was created or sent. Choose "Return the Existing User" under "If the User Already Exists" to get its ID instead, or use Update Invitation to send that user the invitation again.',
			});
		};
		const answer = await this.session.request<IDataObject>({
			method: 'POST',
			path: apiPath`/v2/users`,
			query: userGroupId === undefined ? undefined : apiQuery({ userGroupId, groupAdmin: groupAdmin === true }),
			body,
			safety: 'unsafe',
			itemIndex,
			// Sent again only where Bold's 409 can tell "already created" apart: with an e-mail address.
			reconcile: email
				? async () => {
						lostAnswer = true;
						return undefined;
					}
				: undefined,
			recover: { statuses: [409], with: existing },
			statusTexts: {
				409: {
					message: email ? `The Bold user ${email} already exists` : 'The Bold user already exists',
					fix: 'Nothing was created or sent. Choose "Return the Existing User" under "If the User Already Exists" to get its ID instead, or use Update Invitation to send that user the invitation again.',
				},
				404: {
					message: `Bold user group ${userGroupId ?? ''} was not found`,
					fix: 'Check the User Group ID (a number), and that it belongs to the organization of the credential.',
				},
			},
			ambiguousWarning: `The connection failed after the new user ${email ?? ''} was sent, so the user may have been created${
				sends ? ' and the invitation sent' : ''
			}. Without an e-mail address the node cannot check; look the user up in Bold before running this item again.`,
		});
		if (answer.outcome === 'existing' || answer.outcome === 'createdAfterLostAnswer') {
			return { userId: answer.userId as number, outcome: answer.outcome };
		}
		// The invitation token is the user's key to the invitation: not passed on (the URL is).
		const shown = { ...answer };
		delete shown.token;
		return { userId: Number(answer.userId), answer: shown, outcome: 'created' };
	}

	/**
	 * POST (add, `groupAdmin`) or DELETE (remove) /v1/user-groups/{id}/users/{userId}: 200 `{}`. Both leave
	 * the same state when repeated, so they are retried like reads. What Bold answers for a member added
	 * twice, or a non-member removed, is not documented: any refusal is shown as the API words it.
	 */
	async groupMembership(
		change: 'add' | 'remove',
		group: { id: string; segment: Segment },
		user: { id: string; segment: Segment },
		groupAdmin: boolean,
		itemIndex: number,
	): Promise<void> {
		await this.session.request({
			method: change === 'add' ? 'POST' : 'DELETE',
			path: apiPath`/v1/user-groups/${group.segment}/users/${user.segment}`,
			query: change === 'add' ? apiQuery({ groupAdmin }) : undefined,
			safety: 'idempotent',
			itemIndex,
			statusTexts: {
				404: {
					message: `Bold user group ${group.id} was not found`,
					fix: 'Check the User Group ID (a number), and that the credential belongs to the Bold account of that group.',
				},
				400: {
					message: `Bold user ${user.id} and user group ${group.id} do not belong to the same account`,
					fix: 'Nothing was changed. Check both ids; the user must belong to the organization of the group.',
				},
			},
		});
	}

	/**
	 * PUT /v2/users/{id}/invitation. Without a send flag it only sets values, so repeating it is
	 * harmless; with Send Email or Send SMS it is sent again only when nothing can have gone out.
	 */
	async updateInvitation(userId: string, user: Segment, body: IDataObject, itemIndex: number): Promise<IDataObject> {
		const sends = body.sendEmail === true || body.sendSms === true;
		return await this.session.request({
			method: 'PUT',
			path: apiPath`/v2/users/${user}/invitation`,
			body,
			safety: sends ? 'unsafe' : 'idempotent',
			statusTexts: {
				404: {
					message: `Bold user ${userId} was not found`,
					fix: 'Check the User ID (the numeric Bold user ID), and that the credential belongs to the Bold account of that user.',
				},
			},
			itemIndex,
			ambiguousWarning: `The connection failed after the update of user ${userId} was sent, so the invitation ${
				body.sendSms === true ? 'SMS' : 'e-mail'
			} may have been sent. Check with the user before running this item again.`,
		});
	}
}
