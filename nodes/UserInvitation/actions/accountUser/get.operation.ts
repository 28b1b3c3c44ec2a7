import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { accountUserPathsFor } from '../../helpers/accountUsers';
import type { ApiSession } from '../../transport';
import type { Operation } from '../types';
import { accountUserLocator, readAccountUserId, shapeAccountUser, simplifyField } from './shared';

const description: INodeProperties[] = [
	accountUserLocator(['get'], 'The account user to read'),
	simplifyField(['get']),
];

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const id = readAccountUserId(this, itemIndex);
	const paths = accountUserPathsFor(this, itemIndex);
	const accountUser = await api.request({
		method: 'GET',
		path: paths.user(id),
		safety: 'idempotent',
		itemIndex,
	});
	return shapeAccountUser(this, itemIndex, accountUser);
}

export const getUser: Operation = {
	displayName: 'Get User',
	service: 'softwareOne',
	description,
	execute,
};
