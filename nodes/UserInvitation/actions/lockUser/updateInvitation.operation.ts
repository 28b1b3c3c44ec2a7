import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { BOLD_DOCUMENTED_LANGUAGES } from '../../helpers/languages';
import { apiPath, type Segment, segment } from '../../helpers/url';
import {
	PATTERNS,
	invalidInput,
	validBoolean,
	validExpiration,
	validLanguage,
	validText,
} from '../../helpers/validation';
import type { ApiSession } from '../../transport';
import type { Operation } from '../types';

const show = { resource: ['lockUser'], operation: ['updateInvitation'] };

const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'lockUserId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 5',
		hint: 'The numeric Bold user ID',
		displayOptions: { show },
	},
	{
		// n8n draws no hint under a collection; a notice is what a user actually sees.
		displayName: 'Add at least one field below. Send Email and Send SMS send the invitation again on every run.',
		name: 'updateFieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Email Address',
				name: 'emailAddress',
				type: 'string',
				placeholder: 'name@example.com',
				default: '',
				description: 'The address the invitation is sent to',
			},
			{
				displayName: 'Expiration',
				name: 'expiration',
				type: 'dateTime',
				default: '',
				description:
					'When the invitation stops working. A picked date is read in the workflow\'s time zone; a typed one may carry its own offset, like 2026-12-01T09:00:00+01:00.',
			},
			{
				displayName: 'Language Name or ID',
				name: 'language',
				type: 'options',
				options: BOLD_DOCUMENTED_LANGUAGES,
				default: 'en',
				description:
					'Language of the invitation. Choose from the list, or specify any ISO 639-1 code using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				placeholder: '+31850607337',
				default: '',
				hint: 'International E.164 format: + country code and number, no spaces',
			},
			{
				displayName: 'Send Email',
				name: 'sendEmail',
				type: 'boolean',
				default: false,
				description: 'Whether to e-mail the invitation again now. Every run with this on sends one e-mail.',
			},
			{
				displayName: 'Send SMS',
				name: 'sendSms',
				type: 'boolean',
				default: false,
				description:
					'Whether to text the invitation to the phone number now. Every run with this on sends one SMS, which may cost money.',
			},
		],
	},
];

interface UpdateInput {
	userId: string;
	userSegment: Segment;
	body: IDataObject;
}

function prepare(this: IExecuteFunctions, itemIndex: number): UpdateInput {
	const userId = validText(this, itemIndex, 'User ID', this.getNodeParameter('lockUserId', itemIndex), {
		required: true,
		pattern: PATTERNS.boldUserId,
		expected: 'the numeric Bold user ID, like 5',
	}) as string;
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;

	const body: IDataObject = {};
	const language = validLanguage(this, itemIndex, fields.language);
	if (language) body.language = language;
	const expiration = validExpiration(this, itemIndex, fields.expiration, this.getTimezone(), Date.now());
	if (expiration) body.expiration = expiration;
	const emailAddress = validText(this, itemIndex, 'Email Address', fields.emailAddress, {
		pattern: PATTERNS.email,
		expected: 'an e-mail address like name@example.com',
	});
	if (emailAddress) body.emailAddress = emailAddress;
	const phoneNumber = validText(this, itemIndex, 'Phone Number', fields.phoneNumber, {
		pattern: PATTERNS.e164,
		expected: 'in international E.164 format: a + , the country code and the number, no spaces, like +31850607337',
	});
	if (phoneNumber) body.phoneNumber = phoneNumber;
	if (fields.sendEmail !== undefined) body.sendEmail = validBoolean(this, itemIndex, 'Send Email', fields.sendEmail, false);
	if (fields.sendSms !== undefined) body.sendSms = validBoolean(this, itemIndex, 'Send SMS', fields.sendSms, false);

	if (Object.keys(body).length === 0) {
		throw invalidInput(
			this,
			itemIndex,
			'Nothing to update',
			'Add at least one field under "Update Fields", for example Expiration or Send Email.',
		);
	}

	const userSegment = segment({ ctx: this, itemIndex, label: 'User ID' }, userId, {
		pattern: PATTERNS.boldUserId,
		expected: 'the numeric Bold user ID, like 5',
	});
	return { userId, userSegment, body };
}

async function execute(
	this: IExecuteFunctions,
	{ userId, userSegment, body }: UpdateInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const sends = body.sendEmail === true || body.sendSms === true;
	const answer = await api.request({
		method: 'PUT',
		path: apiPath`/v2/users/${userSegment}/invitation`,
		body,
		// Without a send flag the PUT only sets values: repeating it is harmless.
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
	return { id: answer.id ?? Number(userId), ...body };
}

export const updateInvitation: Operation<UpdateInput> = {
	displayName: 'Update Invitation',
	service: 'bold',
	description,
	prepare,
	execute,
};
