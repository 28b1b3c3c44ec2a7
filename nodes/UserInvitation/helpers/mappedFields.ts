import type { MappedField } from './mapping';
import { BOLD_DOCUMENTED_LANGUAGES } from '../../shared/languages';

/** Create User's per-user fields; the ids are the names "Map Automatically" reads from each item. */
export const USER_FIELDS: MappedField[] = [
	{ id: 'email', displayName: 'Email', required: true, type: 'string' },
	{ id: 'firstName', displayName: 'First Name', required: true, type: 'string' },
	{ id: 'lastName', displayName: 'Last Name', required: true, type: 'string' },
	{ id: 'phonePrefix', displayName: 'Phone Prefix', required: false, type: 'string' },
	{ id: 'phoneNumber', displayName: 'Phone Number', required: false, type: 'string' },
	{ id: 'cultureCode', displayName: 'Culture Code', required: false, type: 'string' },
	{ id: 'languageCode', displayName: 'Language Code', required: false, type: 'string' },
];

/** Update Invitation's per-invitation fields, named as Bold names them. */
export const INVITATION_FIELDS: MappedField[] = [
	{ id: 'userId', displayName: 'User ID', required: true, type: 'string' },
	{ id: 'emailAddress', displayName: 'Email Address', required: false, type: 'string' },
	{ id: 'expiration', displayName: 'Expiration', required: false, type: 'dateTime' },
	{ id: 'language', displayName: 'Language', required: false, type: 'options', options: BOLD_DOCUMENTED_LANGUAGES },
	{ id: 'phoneNumber', displayName: 'Phone Number', required: false, type: 'string' },
];
