import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { INVITATION_FIELDS } from '../../helpers/mappedFields';
import { readMapped } from '../../helpers/mapping';
import type { RunParameters } from '../../helpers/parameters';
import { apiPath, type Segment, segment } from '../../../shared/http/url';
import {
	PATTERNS,
	invalidInput,
	validBoolean,
	validExpiration,
	validLanguage,
	validText,
} from '../../../shared/validation';
import type { ApiSession } from '../../../shared/http/session';
import type { Operation } from '../types';

const show = { resource: ['lockUser'], operation: ['updateInvitation'] };

const description: INodeProperties[] = [
	{
		displayName: 'Invitation',
		name: 'invitation',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: 'The Bold user and what to change. Map Automatically reads userId, emailAddress, expiration, language and phoneNumber from each input item, with no expression.',
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getInvitationFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show },
	},
	{
		// n8n draws no hint under a resource mapper; a notice is what a user actually sees.
		displayName: 'Set at least one field besides User ID, or turn on Send Email or Send SMS. Both send the invitation again on every run.',
		name: 'updateFieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Send Email',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether to e-mail the invitation again now. Every run with this on sends one e-mail per item.',
		displayOptions: { show },
	},
	{
		displayName: 'Send SMS',
		name: 'sendSms',
		type: 'boolean',
		default: false,
		description:
			'Whether to text the invitation to the phone number now. Every run with this on sends one SMS per item, which may cost money.',
		displayOptions: { show },
	},
];

interface UpdateInput {
	userId: string;
	userSegment: Segment;
	body: IDataObject;
}

function prepare(this: IExecuteFunctions, itemIndex: number, parameters: RunParameters): UpdateInput {
	const fields = readMapped(this, parameters, itemIndex, 'invitation', INVITATION_FIELDS);
	const userId = validText(this, itemIndex, 'User ID', fields.userId, {
		required: true,
		pattern: PATTERNS.boldUserId,
		expected: 'the numeric Bold user ID, like 5',
	}) as string;

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
	// Only a switch that is on goes out: "false" would tell Bold nothing.
	if (validBoolean(this, itemIndex, 'Send Email', parameters.get('sendEmail', itemIndex, false), false)) body.sendEmail = true;
	if (validBoolean(this, itemIndex, 'Send SMS', parameters.get('sendSms', itemIndex, false), false)) body.sendSms = true;

	if (Object.keys(body).length === 0) {
		throw invalidInput(
			this,
			itemIndex,
			'Nothing to update',
			'Set at least one field besides User ID (for example Expiration), or turn on Send Email or Send SMS.',
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
