import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { simplifyField } from '../../../shared/fields';
import { withoutInvitationLink } from '../../../shared/softwareOne/accountUser';
import { accountUserByEmailQuery, endpointChoiceFor } from '../../../shared/softwareOne/endpoints';
import { invalidInput, PATTERNS, PERSON_NAME_RULE, validGroupIds, validText } from '../../../shared/validation';
import { USER_FIELDS } from '../../helpers/mappedFields';
import { readMapped } from '../../helpers/mapping';
import { defineOperation } from '../define';
import { accountUserOutput } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'user',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: 'The new user\'s details. Map Automatically reads email, firstName, lastName, phonePrefix, phoneNumber, cultureCode and languageCode from each input item, with no expression.',
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getUserFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	},
	{
		displayName: 'Group IDs',
		name: 'groupIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'UGR-1234-5678, UGR-2345-6789',
		hint: 'One or more user group IDs, separated by commas',
		description: 'The user groups the new user joins; at least one',
	},
	{
		displayName: 'Invitation',
		name: 'invitationStatus',
		type: 'options',
		options: [
			{
				name: 'Send Invitation E-Mail',
				value: 'Invited',
				description: 'The user gets an e-mail with a link that is valid for 7 days',
			},
			{
				name: 'Add Without Invitation (Operators Only)',
				value: 'Active',
				description: 'Adds an existing platform user at once, with no e-mail',
			},
		],
		default: 'Invited',
	},
	{
		displayName: 'If the User Already Exists',
		name: 'ifExists',
		type: 'options',
		options: [
			{
				name: 'Fail the Item',
				value: 'fail',
				description: 'The item gets the error "The user already exists"',
			},
			{
				name: 'Return the Existing User',
				value: 'returnExisting',
				description:
					'The existing membership is the result; nothing is created or e-mailed. Useful when the same event may arrive twice.',
			},
		],
		default: 'fail',
	},
	simplifyField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Account ID',
				name: 'accountId',
				type: 'string',
				default: '',
				placeholder: 'ACC-1234-5678',
				description: 'The account to add the user to; by default the token\'s own account',
			},
		],
	},
];

export const createUser = defineOperation({
	resource: 'accountUser',
	value: 'create',
	label: 'Create User',
	action: 'Create a user and send the invitation',
	description: 'Add a user to the account and e-mail them an invitation',
	toolDescription:
		'Invite a person to the SoftwareOne Marketplace account: creates the account user and e-mails them an invitation link that is valid for 7 days. ' +
		'Use it when someone new should get access. Needs their e-mail address, first and last name, and at least one user group ID like UGR-1234-5678. ' +
		'Returns the account user with its ID (like AUSR-0000-0001) and invitation status. ' +
		'Limits the workflow builder sets: only user groups the builder allowed (by default you may choose none), never status Active, ' +
		'and at most 10 invitation e-mails and SMS per run by default; a call beyond a limit returns an error naming it.',
	service: 'softwareOne',
	properties,

	prepare(itemIndex, { parameters, connection }) {
		const mapped = readMapped(this, parameters, itemIndex, 'user', USER_FIELDS);
		const email = validText(this, itemIndex, 'Email', mapped.email, {
			required: true,
			pattern: PATTERNS.email,
			expected: 'an e-mail address like name@example.com',
		}) as string;
		const firstName = validText(this, itemIndex, 'First Name', mapped.firstName, PERSON_NAME_RULE);
		const lastName = validText(this, itemIndex, 'Last Name', mapped.lastName, PERSON_NAME_RULE);
		const phonePrefix = validText(this, itemIndex, 'Phone Prefix', mapped.phonePrefix, { maxLength: 10 });
		const phoneNumber = validText(this, itemIndex, 'Phone Number', mapped.phoneNumber, { maxLength: 15 });
		const cultureCode = validText(this, itemIndex, 'Culture Code', mapped.cultureCode, { maxLength: 5 });
		const languageCode = validText(this, itemIndex, 'Language Code', mapped.languageCode, { maxLength: 5 });
		const groups = parameters.derived('groups', ['groupIds'], itemIndex, () =>
			validGroupIds(this, itemIndex, parameters.get('groupIds', itemIndex)).map((id) => ({ id })),
		);
		const status = parameters.get('invitationStatus', itemIndex, 'Invited');
		if (status !== 'Invited' && status !== 'Active') {
			throw invalidInput(this, itemIndex, `Invitation ${JSON.stringify(status)} is not one of the allowed values`, 'Use one of: Invited, Active.');
		}
		const ifExists = parameters.get('ifExists', itemIndex, 'fail');
		if (ifExists !== 'fail' && ifExists !== 'returnExisting') {
			throw invalidInput(
				this,
				itemIndex,
				`If the User Already Exists ${JSON.stringify(ifExists)} is not one of the allowed values`,
				'Use one of: fail, returnExisting.',
			);
		}
		const extra = parameters.get('additionalFields', itemIndex, {}) as IDataObject;
		const accountId = validText(this, itemIndex, 'Account ID', extra.accountId, {
			pattern: PATTERNS.accountId,
			expected: 'a SoftwareOne account ID like ACC-1234-5678',
		});

		// The API rejects unknown or empty objects, so each block goes in only when it has a value.
		const user: IDataObject = { email, firstName, lastName };
		if (phonePrefix || phoneNumber) {
			user.phone = { ...(phonePrefix && { prefix: phonePrefix }), ...(phoneNumber && { number: phoneNumber }) };
		}
		if (cultureCode || languageCode) {
			user.settings = { ...(cultureCode && { cultureCode }), ...(languageCode && { languageCode }) };
		}
		const body: IDataObject = { user, groups, invitation: { status } };
		if (accountId) body.account = { id: accountId };
		// The reconcile read's own checks (a quote, a backslash, a long e-mail), before the POST, not after it.
		accountUserByEmailQuery(this, itemIndex, email, accountId);

		return {
			body,
			email,
			accountId,
			returnExisting: ifExists === 'returnExisting',
			// Auto-detect may need an account for the scoped families: the one the user already gave.
			endpoints: endpointChoiceFor(this, itemIndex, connection, accountId),
			simplify: parameters.get('simplify', itemIndex, true) as boolean,
		};
	},

	effects({ body }, itemIndex, { parameters }) {
		const status = (body.invitation as IDataObject).status;
		return {
			// With Return Existing an existing user gets nothing, but that is only known after the call.
			sends: status === 'Invited' ? ['email'] : [],
			activatesUser: status === 'Active',
			groups: { value: (body.groups as IDataObject[]).map((group) => String(group.id)), byModel: parameters.byModel('groupIds') },
		};
	},

	// Return Existing: the run reads its e-mails 100 at a time first, and an existing user costs no POST.
	lookup: ({ email, accountId, returnExisting, endpoints }) =>
		returnExisting ? { ref: { kind: 'email', email }, endpoints, accountId } : undefined,

	async execute({ body, email, accountId, returnExisting, endpoints, simplify }, itemIndex, { softwareOne, users }) {
		const { result, paths, detected } = await softwareOne.withPaths(endpoints, itemIndex, async (paths) => {
			// Not in the batch answer: the POST decides, and its 409 reads the user alone, as without batching.
			const existing = returnExisting ? await users.find(paths, itemIndex) : undefined;
			// Another person's join link never comes back through here (see createUser's recover).
			if (existing) return withoutInvitationLink(existing);
			return await softwareOne.createUser(paths, body, { email, accountId, returnExisting, itemIndex });
		});
		return accountUserOutput(result, simplify, paths, detected);
	},
});
