'use strict';
// Part of the API double; why hand-written: server.js.
// CreateAccountUserDto from shared/api/softwareone-account-users.openapi.json
// (Marketplace API 4.0), with its $refs resolved. schema.test.ts checks that it
// still matches the spec. Two rules are the double's own, marked DOUBLE and left
// out of that comparison:
//   - invitation.status must be Invited or Active (the spec only says "string";
//     the vendor documents those two values for create);
//   - a group needs its id (the spec leaves it optional, but a membership in a
//     group without an id cannot be made).

const CREATE_ACCOUNT_USER_DTO = {
	required: ['groups', 'user'],
	type: 'object',
	properties: {
		user: {
			required: ['email', 'firstName', 'lastName'],
			type: 'object',
			properties: {
				email: { minLength: 1, type: 'string' },
				firstName: { minLength: 1, type: 'string' },
				lastName: { minLength: 1, type: 'string' },
				phone: {
					type: 'object',
					properties: {
						prefix: { maxLength: 10, type: 'string', nullable: true },
						number: { maxLength: 15, type: 'string', nullable: true },
					},
					additionalProperties: false,
				},
				settings: {
					type: 'object',
					properties: {
						cultureCode: { maxLength: 5, type: 'string', nullable: true },
						languageCode: { maxLength: 5, type: 'string', nullable: true },
					},
					additionalProperties: false,
				},
			},
			additionalProperties: false,
		},
		account: {
			type: 'object',
			properties: {
				id: { type: 'string', allOf: [{ pattern: '^ACC-\\d\\d\\d\\d-\\d\\d\\d\\d$' }] },
			},
			additionalProperties: false,
		},
		groups: {
			minItems: 1,
			type: 'array',
			items: {
				type: 'object',
				required: ['id'], // DOUBLE
				properties: {
					id: { type: 'string', allOf: [{ pattern: '^UGR-\\d\\d\\d\\d-\\d\\d\\d\\d$' }] },
				},
				additionalProperties: false,
			},
		},
		invitation: {
			type: 'object',
			properties: {
				status: { type: 'string', enum: ['Invited', 'Active'] }, // DOUBLE: enum
			},
			additionalProperties: false,
		},
	},
	additionalProperties: false,
};

// UserGroupDto: the body of POST {user}/groups, and each entry of PUT {user}/groups (an array of
// them). One rule is the double's own (DOUBLE): the id is required (a group without an id cannot be
// joined).
const USER_GROUP_DTO = {
	type: 'object',
	required: ['id'], // DOUBLE
	properties: {
		id: { type: 'string', allOf: [{ pattern: '^UGR-\\d\\d\\d\\d-\\d\\d\\d\\d$' }] },
	},
	additionalProperties: false,
};

const USER_GROUP_LIST = { type: 'array', items: USER_GROUP_DTO };

module.exports = { CREATE_ACCOUNT_USER_DTO, USER_GROUP_DTO, USER_GROUP_LIST };
