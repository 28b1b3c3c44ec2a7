import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	accountUserByEmailQuery,
	type EndpointChoice,
	endpointChoiceFor,
	findAccountUserByEmail,
	withAccountUserPaths,
} from '../../../shared/softwareOne/endpoints';
import { USER_FIELDS } from '../../helpers/mappedFields';
import { readMapped } from '../../helpers/mapping';
import type { RunParameters } from '../../helpers/parameters';
import { PATTERNS, PERSON_NAME_RULE, invalidInput, validGroupIds, validText } from '../../../shared/validation';
import type { ApiSession, Connection } from '../../../shared/http/session';
import type { Operation } from '../types';
import { markEndpoints, routeMissing, shapeAccountUser, simplifyFieldFor } from './shared';

const show = { resource: ['accountUser'], operation: ['create'] };

const description: INodeProperties[] = [
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
		displayOptions: { show },
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
		displayOptions: { show },
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
		displayOptions: { show },
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
		displayOptions: { show },
	},
	simplifyFieldFor(['create']),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
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

interface CreateInput {
	body: IDataObject;
	email: string;
	accountId?: string;
	returnExisting: boolean;
	endpoints: EndpointChoice;
	simplify: boolean;
}

function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
	parameters: RunParameters,
	connection: Connection,
): CreateInput {
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
		throw invalidInput(
			this,
			itemIndex,
			`Invitation ${JSON.stringify(status)} is not one of the allowed values`,
			'Use one of: Invited, Active.',
		);
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
		user.settings = {
			...(cultureCode && { cultureCode }),
			...(languageCode && { languageCode }),
		};
	}
	const body: IDataObject = {
		user,
		groups,
		invitation: { status },
	};
	if (accountId) body.account = { id: accountId };
	accountUserByEmailQuery(this, itemIndex, email, accountId); // the reconcile read's checks, before the POST

	return {
		body,
		email,
		accountId,
		returnExisting: ifExists === 'returnExisting',
		// Auto-detect may need an account for the scoped families: the one the user already gave.
		endpoints: endpointChoiceFor(this, itemIndex, connection, accountId),
		simplify: parameters.get('simplify', itemIndex, true) as boolean,
	};
}

async function execute(
	this: IExecuteFunctions,
	{ body, email, accountId, returnExisting, endpoints, simplify }: CreateInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const { result, paths, detected } = await withAccountUserPaths(api, endpoints, itemIndex, async (paths) =>
		await api.request({
		method: 'POST',
		path: paths.collection,
		body,
		safety: 'unsafe',
		itemIndex,
		// After a reset or timeout the user may exist already: return that membership, never create twice.
		reconcile: async () => await findAccountUserByEmail(this, api, paths, email, itemIndex, accountId),
		ambiguousWarning: `The user ${email} may have been created. Run Get Many Users with this e-mail before trying again.`,
		recover: returnExisting
			? { statuses: [409], with: async () => await findAccountUserByEmail(this, api, paths, email, itemIndex, accountId) }
			: undefined,
		statusTexts: {
			404: routeMissing('Create User', paths),
			409: {
				message: 'The user already exists',
				fix: 'Nothing was created. Use Get Many Users to find the existing user, or change the e-mail address.',
			},
		},
		}),
	);
	return markEndpoints(shapeAccountUser(simplify, result), paths, detected);
}

export const createUser: Operation<CreateInput> = {
	displayName: 'Create User',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
