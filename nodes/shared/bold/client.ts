import type { IDataObject } from 'n8n-workflow';
import type { ApiSession } from '../http/session';
import { apiPath, type Segment } from '../http/url';

/** Bold Smart Lock's user API, by name. One per run, like the session under it. */
export class BoldClient {
	constructor(readonly session: ApiSession) {}

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
