import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { type AccountUserPaths, accountUserPathsFor } from '../../helpers/accountUsers';
import type { ApiSession } from '../../transport';
import type { Operation } from '../types';
import {
	type AccountUserId,
	accountUserLocator,
	readAccountUserId,
	readSimplify,
	shapeAccountUser,
	simplifyField,
	userMissing,
} from './shared';

const description: INodeProperties[] = [
	accountUserLocator(['get'], 'The account user to read'),
	simplifyField(['get']),
];

interface GetInput {
	id: AccountUserId;
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
		path: paths.user(id.segment),
		safety: 'idempotent',
		statusTexts: { 404: userMissing(id, paths) },
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
