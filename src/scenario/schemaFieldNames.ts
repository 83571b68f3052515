import type { z } from 'zod';
import { isPlainObject } from './isPlainObject.js';

/** The parts of a zod schema's definition this walk reads (zod 4 keeps them on `_zod.def`). */
interface SchemaDefinition {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly valueType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
}

const definitionOf = (schema: z.ZodType): SchemaDefinition => (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;

/**
 * The field names an object schema accepts at `path` in `input` (for suggesting the right name
 * of an unknown field): the shape's keys; across a union, the keys of the option the input's
 * discriminator picks, else of every option. Empty where the schema is not an object there.
 */
export function schemaFieldNames(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  return [...new Set(namesAt(schema, path, input))];
}

function namesAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  const definition = definitionOf(schema);
  switch (definition.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return namesAt(definition.innerType!, path, input);
    case 'pipe':
      return namesAt(definition.in!, path, input);
    case 'union': {
      const options = definition.options ?? [];
      const tag = definition.discriminator;
      const picked = tag !== undefined && isPlainObject(input) ? options.filter((option) => acceptsTag(option, tag, input[tag])) : [];
      return (picked.length > 0 ? picked : options).flatMap((option) => namesAt(option, path, input));
    }
    case 'object': {
      const shape = definition.shape ?? {};
      if (path.length === 0) return Object.keys(shape);
      const [head, ...rest] = path;
      const field = shape[String(head)];
      return field ? namesAt(field, rest, isPlainObject(input) ? input[String(head)] : undefined) : [];
    }
    case 'record':
      return path.length === 0 ? [] : namesAt(definition.valueType!, path.slice(1), isPlainObject(input) ? input[String(path[0])] : undefined);
    case 'array':
      return path.length === 0 ? [] : namesAt(definition.element!, path.slice(1), Array.isArray(input) ? input[Number(path[0])] : undefined);
    case 'tuple': {
      const item = definition.items?.[Number(path[0])];
      return path.length === 0 || !item ? [] : namesAt(item, path.slice(1), Array.isArray(input) ? input[Number(path[0])] : undefined);
    }
    default:
      return [];
  }
}

/** Whether an option of a discriminated union is the one whose literal tag equals `value`. */
function acceptsTag(option: z.ZodType, tag: string, value: unknown): boolean {
  const definition = definitionOf(option);
  const field = definition.type === 'object' ? definition.shape?.[tag] : undefined;
  if (!field) return false;
  const literal = definitionOf(field) as SchemaDefinition & { values?: readonly unknown[] };
  return literal.type === 'literal' && (literal.values ?? []).includes(value);
}
