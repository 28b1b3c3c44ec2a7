import type { FieldType, IDataObject, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';
import type { RunParameters } from './parameters';
import { invalidInput, type NodeContext } from '../../shared/validation';

/** A field of a resource mapper: its id is the key read from input items in "Map Automatically". */
export interface MappedField {
	id: string;
	displayName: string;
	required: boolean;
	type: FieldType;
	options?: INodePropertyOptions[];
}

export const AUTO_MAP = 'autoMapInputData';
export const MAP_MANUALLY = 'defineBelow';

/** The schema n8n's editor shows for a resource mapper parameter. */
export function mapperSchema(fields: MappedField[]): ResourceMapperField[] {
	return fields.map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: field.type,
		...(field.options && { options: field.options }),
	}));
}

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function listFields(fields: MappedField[]): string {
	const names = (required: boolean) =>
		fields
			.filter((field) => field.required === required)
			.map((field) => field.id)
			.join(', ');
	return `${names(true)} (required) and ${names(false)}`;
}

/**
 * Whether field `field` of resource mapper `name` may come from the model or the input: Map
 * Automatically reads the input item, and a mapped expression (`$fromAI`) is not the builder's value.
 */
export function mappedByModel(parameters: RunParameters, itemIndex: number, name: string, field: string): boolean {
	if (parameters.get(`${name}.mappingMode`, itemIndex, MAP_MANUALLY) === AUTO_MAP) return true;
	return parameters.byModel(`${name}.mappingMode`) || parameters.byModel(`${name}.value.${field}`);
}

/**
 * The values of one item, from the resource mapper `name`: in "Map Automatically" the input item's
 * own fields with the documented names (no expression is evaluated), otherwise what the user mapped.
 * A required field that is missing, or any field whose name is only nearly right, is an error that
 * names it and the item.
 */
export function readMapped(
	ctx: NodeContext,
	parameters: RunParameters,
	itemIndex: number,
	name: string,
	fields: MappedField[],
): IDataObject {
	if (parameters.get(`${name}.mappingMode`, itemIndex, MAP_MANUALLY) !== AUTO_MAP) {
		return parameters.mapperValues(name, itemIndex);
	}
	const json = parameters.json(itemIndex);
	const values: IDataObject = {};
	let keysByNormalName: Map<string, string> | undefined;
	for (const field of fields) {
		if (json[field.id] !== undefined) {
			values[field.id] = json[field.id];
			continue;
		}
		keysByNormalName ??= new Map(Object.keys(json).map((key) => [normalized(key), key]));
		const lookalike = keysByNormalName.get(normalized(field.id));
		if (lookalike !== undefined) {
			throw invalidInput(
				ctx,
				itemIndex,
				`The input item has no field "${field.id}", but one named "${lookalike}"`,
				`Map Automatically reads fields by their exact names: rename "${lookalike}" to "${field.id}" in a step before this node (for example an Edit Fields node), or choose "Map Each Field Manually".`,
			);
		}
		if (field.required) {
			throw invalidInput(
				ctx,
				itemIndex,
				`The input item has no field "${field.id}"`,
				`Map Automatically reads ${listFields(fields)} from each input item. Add "${field.id}" to the item in a step before this node, or choose "Map Each Field Manually".`,
			);
		}
	}
	return values;
}
