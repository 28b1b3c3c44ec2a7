import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { type AccountUserPaths, accountUserPathsFor } from '../../helpers/accountUsers';
import type { ApiSession } from '../../transport';
import type { Operation } from '../types';
import { accountUserLocator, readAccountUserId, readSimplify, shapeAccountUser, simplifyField } from './shared';

const description: INodeProperties[] = [
	accountUserLocator(['get'], 'The account user to read'),
	simplifyField(['get']),
];

interface GetInput {
	id: string;
	paths: AccountUserPaths;
	simplify: boolean;
}

function prepare(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		id: readAccountUserId(this, itemIndex),
		paths: accountUserPathsFor(this, itemIndex),
		simplify: readSimplify(this, itemIndex),
	};
}

async function execute(
	this: IExecuteFunctions,
	{ id, paths, simplify }: GetInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const accountUser = await api.request({
		method: 'GET',
		path: paths.user(id),
		safety: 'idempotent',
		itemIndex,
	});
	return shapeAccountUser(simplify, accountUser);
}

export const getUser: Operation<GetInput> = {
	displayName: 'Get User',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
