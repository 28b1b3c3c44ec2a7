import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { type EndpointChoice, endpointChoiceFor, withAccountUserPaths } from '../../../shared/softwareOne/endpoints';
import type { RunParameters } from '../../helpers/parameters';
import type { ApiSession, Connection } from '../../../shared/http/session';
import type { Operation } from '../types';
import {
	type AccountUserId,
	accountUserLocator,
	markEndpoints,
	readAccountUserId,
	readSimplify,
	shapeAccountUser,
	simplifyFieldFor,
	userMissing,
} from './shared';

const description: INodeProperties[] = [
	accountUserLocator(['get'], 'The account user to read'),
	simplifyFieldFor(['get']),
];

interface GetInput {
	id: AccountUserId;
	endpoints: EndpointChoice;
	simplify: boolean;
}

function prepare(this: IExecuteFunctions, itemIndex: number, _parameters: RunParameters, connection: Connection): GetInput {
	return {
		id: readAccountUserId(this, itemIndex),
		endpoints: endpointChoiceFor(this, itemIndex, connection),
		simplify: readSimplify(this, itemIndex),
	};
}

async function execute(
	this: IExecuteFunctions,
	{ id, endpoints, simplify }: GetInput,
	itemIndex: number,
	api: ApiSession,
): Promise<IDataObject> {
	const { result, paths, detected } = await withAccountUserPaths(api, endpoints, itemIndex, async (paths) =>
		await api.request({
			method: 'GET',
			path: paths.user(id.segment),
			safety: 'idempotent',
			statusTexts: { 404: userMissing(id, paths) },
			itemIndex,
		}),
	);
	return markEndpoints(shapeAccountUser(simplify, result), paths, detected);
}

export const getUser: Operation<GetInput> = {
	displayName: 'Get User',
	service: 'softwareOne',
	description,
	prepare,
	execute,
};
