import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { invalidInput, PATTERNS, validBoolean, validExpiration, validLanguage, validNumber, validText } from '../../../shared/validation';
import { defineOperation } from '../define';

const AUTO_REMOVE = ['WEEK', 'MONTH', 'YEAR'] as const;
const MAX_ID = Number.MAX_SAFE_INTEGER;

const properties: INodeProperties[] = [
	{
		displayName: 'Organization ID',
		name: 'organizationId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The numeric ID of the Bold organization the user joins',
	},
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', required: true },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', required: true },
	{
		displayName: 'Email Address',
		name: 'emailAddress',
		type: 'string',
		placeholder: 'name@example.com',
		default: '',
		description: 'Where the invitation e-mail goes. With it, a retry after a lost answer can never invite twice (Bold answers "already exists").',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		placeholder: '+31850607337',
		default: '',
		description: 'In international E.164 format; needed for Send SMS',
	},
	{
		displayName: 'Send Email',
		name: 'sendEmail',
		type: 'boolean',
		default: true,
		description: 'Whether to e-mail the invitation to the new user now',
	},
	{
		displayName: 'Send SMS',
		name: 'sendSms',
		type: 'boolean',
		default: false,
		description: 'Whether to text the invitation to the phone number now (an SMS may cost money)',
	},
	{
		displayName: 'If the User Already Exists',
		name: 'ifExists',
		type: 'options',
		options: [
			{ name: 'Fail the Item', value: 'fail', description: 'The item gets the error "The Bold user already exists" with its ID' },
			{
				name: 'Return the Existing User',
				value: 'returnExisting',
				description: 'The existing user\'s ID is the result; nothing is created or sent. Useful when the same form may be submitted twice.',
			},
		],
		default: 'fail',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Auto Remove After',
				name: 'autoRemoveAfter',
				type: 'options',
				options: [
					{ name: 'Week', value: 'WEEK' },
					{ name: 'Month', value: 'MONTH' },
					{ name: 'Year', value: 'YEAR' },
				],
				default: 'MONTH',
				description: 'Bold removes the user by itself after this time',
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Expiration',
				name: 'expiration',
				type: 'dateTime',
				default: '',
				description: 'When the invitation expires; without a time zone offset it is read in the workflow\'s time zone',
			},
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own ID for the user, like an HR number' },
			{
				displayName: 'Group Admin',
				name: 'groupAdmin',
				type: 'boolean',
				default: false,
				description: 'Whether the user becomes an admin of the user group (only with User Group ID)',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'en',
				description: 'The invitation\'s language, an ISO 639-1 code; Bold documents ar, de, en, es, fr, it, nl, pl and cs',
			},
			{ displayName: 'Remarks', name: 'remarks', type: 'string', default: '' },
			{
				displayName: 'User Group ID',
				name: 'userGroupId',
				type: 'number',
				default: 0,
				description: 'The numeric ID of a Bold user group the new user joins',
			},
		],
	},
];

export const createLockUser = defineOperation({
	resource: 'lockUser',
	value: 'createWithInvitation',
	label: 'Create User (With Invitation)',
	title: 'Create Lock User',
	action: 'Create a user and send the lock invitation',
	description: 'Create a Bold user in an organization and invite them in the same call',
	toolDescription:
		'Create a Bold Smart Lock user in an organization and send them the lock invitation by e-mail (and optionally SMS). ' +
		'Use it when someone new should get access to the organization\'s locks. Needs the numeric organization ID, first and last name, and an e-mail address. ' +
		'A user who already exists is not created again and gets no second invitation. The API has no call to delete a Bold user, so it cannot be undone from here.',
	service: 'bold',
	properties,

	prepare(itemIndex, { parameters }) {
		const id = (label: string, raw: unknown, required: boolean) => {
			const value = validNumber(this, itemIndex, label, raw, 0, { min: 0, max: MAX_ID, integer: true });
			if (value === 0 && required) throw invalidInput(this, itemIndex, `${label} is required`, `Enter the numeric ${label} (a whole number from 1).`);
			return value === 0 ? undefined : value;
		};
		const organizationId = id('Organization ID', parameters.get('organizationId', itemIndex, 0), true) as number;
		const firstName = validText(this, itemIndex, 'First Name', parameters.get('firstName', itemIndex, ''), { required: true }) as string;
		const lastName = validText(this, itemIndex, 'Last Name', parameters.get('lastName', itemIndex, ''), { required: true }) as string;
		const emailAddress = validText(this, itemIndex, 'Email Address', parameters.get('emailAddress', itemIndex, ''), {
			pattern: PATTERNS.email,
			expected: 'an e-mail address like name@example.com',
		});
		const phoneNumber = validText(this, itemIndex, 'Phone Number', parameters.get('phoneNumber', itemIndex, ''), {
			pattern: PATTERNS.e164,
			expected: 'in international E.164 format: a + , the country code and the number, no spaces, like +31850607337',
		});
		const sendEmail = validBoolean(this, itemIndex, 'Send Email', parameters.get('sendEmail', itemIndex, true), true);
		const sendSms = validBoolean(this, itemIndex, 'Send SMS', parameters.get('sendSms', itemIndex, false), false);
		if (sendEmail && !emailAddress) {
			throw invalidInput(this, itemIndex, 'Send Email is on but Email Address is empty', 'Enter the e-mail address, or switch Send Email off.');
		}
		if (sendSms && !phoneNumber) {
			throw invalidInput(this, itemIndex, 'Send SMS is on but Phone Number is empty', 'Enter the phone number in E.164 format, or switch Send SMS off.');
		}
		const ifExists = parameters.get('ifExists', itemIndex, 'fail');
		if (ifExists !== 'fail' && ifExists !== 'returnExisting') {
			throw invalidInput(this, itemIndex, `If the User Already Exists ${JSON.stringify(ifExists)} is not one of the allowed values`, 'Use one of: fail, returnExisting.');
		}
		const extra = parameters.get('additionalFields', itemIndex, {}) as IDataObject;
		const userGroupId = id('User Group ID', extra.userGroupId, false);
		const groupAdmin = validBoolean(this, itemIndex, 'Group Admin', extra.groupAdmin, false);
		if (groupAdmin && userGroupId === undefined) {
			throw invalidInput(this, itemIndex, 'Group Admin is on but User Group ID is empty', 'Enter the User Group ID the user is admin of, or switch Group Admin off.');
		}
		if (extra.autoRemoveAfter !== undefined && !AUTO_REMOVE.includes(extra.autoRemoveAfter as (typeof AUTO_REMOVE)[number])) {
			throw invalidInput(this, itemIndex, `Auto Remove After ${JSON.stringify(extra.autoRemoveAfter)} is not one of the allowed values`, `Use one of: ${AUTO_REMOVE.join(', ')}.`);
		}

		// The invitation block follows Update Invitation's rules: only values that are set, only switches that are on.
		const invitation: IDataObject = {};
		const language = validLanguage(this, itemIndex, extra.language);
		if (language) invitation.language = language;
		const expiration = validExpiration(this, itemIndex, extra.expiration, this.getTimezone(), Date.now());
		if (expiration) invitation.expiration = expiration;
		if (sendEmail) invitation.sendEmail = true;
		if (sendSms) invitation.sendSms = true;

		const body: IDataObject = { organizationId, firstName, lastName };
		if (emailAddress) body.emailAddress = emailAddress;
		if (phoneNumber) body.phoneNumber = phoneNumber;
		for (const name of ['description', 'remarks', 'externalId'] as const) {
			const value = validText(this, itemIndex, name === 'externalId' ? 'External ID' : name[0].toUpperCase() + name.slice(1), extra[name]);
			if (value) body[name] = value;
		}
		if (extra.autoRemoveAfter !== undefined) body.autoRemoveAfter = extra.autoRemoveAfter;
		body.invitation = invitation;
		return { body, userGroupId, groupAdmin, returnExisting: ifExists === 'returnExisting' };
	},

	effects({ body, userGroupId }, itemIndex, { parameters }) {
		const invitation = body.invitation as IDataObject;
		return {
			sends: [...(invitation.sendEmail ? (['email'] as const) : []), ...(invitation.sendSms ? (['sms'] as const) : [])],
			...(typeof invitation.expiration === 'string' && {
				expiration: { value: invitation.expiration, byModel: parameters.byModel('additionalFields.expiration') },
			}),
			...(userGroupId !== undefined && { groups: { value: [String(userGroupId)], byModel: parameters.byModel('additionalFields.userGroupId') } }),
		};
	},

	async execute({ body, userGroupId, groupAdmin, returnExisting }, itemIndex, { bold }) {
		const created = await bold.createUser(body, { userGroupId, groupAdmin, returnExisting, itemIndex });
		const invitation = (created.answer?.invitation ?? {}) as IDataObject;
		return {
			userId: created.userId,
			created: created.outcome !== 'existing',
			...(created.outcome === 'existing' && { note: 'The user already existed; nothing was created or sent.' }),
			...(created.outcome === 'createdAfterLostAnswer' && {
				note: 'The answer was lost; Bold then said the user exists, so it was created (and invited) once, by the first attempt.',
			}),
			...(invitation.url !== undefined && { invitationUrl: invitation.url }),
			...(invitation.expiration !== undefined && { invitationExpiration: invitation.expiration }),
			...(userGroupId !== undefined && { userGroupId }),
		};
	},
});
