import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { segment } from '../../../shared/http/url';
import { invalidInput, PATTERNS, validBoolean, validExpiration, validLanguage, validText } from '../../../shared/validation';
import { INVITATION_FIELDS } from '../../helpers/mappedFields';
import { mappedByModel, readMapped } from '../../helpers/mapping';
import { defineOperation } from '../define';

const BOLD_USER_ID = { pattern: PATTERNS.boldUserId, expected: 'the numeric Bold user ID, like 5' };

const properties: INodeProperties[] = [
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
	},
	{
		// n8n draws no hint under a resource mapper; a notice is what a user actually sees.
		displayName: 'Set at least one field besides User ID, or turn on Send Email or Send SMS. Both send the invitation again on every run.',
		name: 'updateFieldsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Send Email',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether to e-mail the invitation again now. Every run with this on sends one e-mail per item.',
	},
	{
		displayName: 'Send SMS',
		name: 'sendSms',
		type: 'boolean',
		default: false,
		description:
			'Whether to text the invitation to the phone number now. Every run with this on sends one SMS per item, which may cost money.',
	},
];

export const updateInvitation = defineOperation({
	resource: 'lockUser',
	value: 'updateInvitation',
	label: 'Update Invitation',
	action: 'Update an invitation',
	description: 'Change language, expiration, e-mail or phone, or send the invitation again',
	toolDescription:
		'Change the invitation of a Bold Smart Lock user: its expiration, language, e-mail address or phone number, and optionally send it again by e-mail or SMS. ' +
		'Use it to extend or shorten someone\'s access to a lock, or to send a lock invitation again. Needs the numeric Bold user ID, like 5. ' +
		'An expiration must be in the future, as an ISO 8601 date-time with its UTC offset like 2026-12-01T09:00:00+01:00. ' +
		'Limits the workflow builder sets, by default: a new e-mail address or phone number cannot be combined with sending the invitation, ' +
		'the expiration is at most 30 days ahead, and at most 10 e-mails and SMS per run; a call beyond a limit returns an error naming it.',
	service: 'bold',
	properties,

	prepare(itemIndex, { parameters }) {
		const fields = readMapped(this, parameters, itemIndex, 'invitation', INVITATION_FIELDS);
		const userId = validText(this, itemIndex, 'User ID', fields.userId, { required: true, ...BOLD_USER_ID }) as string;

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
		return { userId, userSegment: segment({ ctx: this, itemIndex, label: 'User ID' }, userId, BOLD_USER_ID), body };
	},

	effects({ body }, itemIndex, { parameters }) {
		const byModel = (field: string) => mappedByModel(parameters, itemIndex, 'invitation', field);
		const contactFields = ['emailAddress', 'phoneNumber'].filter((field) => body[field] !== undefined);
		return {
			sends: [...(body.sendEmail ? (['email'] as const) : []), ...(body.sendSms ? (['sms'] as const) : [])],
			contactChange: { value: contactFields, byModel: contactFields.some(byModel) },
			...(typeof body.expiration === 'string' && { expiration: { value: body.expiration, byModel: byModel('expiration') } }),
		};
	},

	async execute({ userId, userSegment, body }, itemIndex, { bold }) {
		const answer = await bold.updateInvitation(userId, userSegment, body, itemIndex);
		return { id: answer.id ?? Number(userId), ...body };
	},
});
