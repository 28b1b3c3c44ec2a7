import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { mapperSchema } from '../helpers/mapping';
import { INVITATION_FIELDS, USER_FIELDS } from '../helpers/mappedFields';

/** The fields of Create User's "User" mapper; fixed, so no request is made. */
export async function getUserFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return { fields: mapperSchema(USER_FIELDS) };
}

/** The fields of Update Invitation's "Invitation" mapper; fixed, so no request is made. */
export async function getInvitationFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return { fields: mapperSchema(INVITATION_FIELDS) };
}
