/**
 * A small JSON Schema (2020-12 subset) checker for validating API responses against the published
 * OpenAPI document: $ref into components, type (incl. arrays of types), properties, required,
 * additionalProperties, items, prefixItems, enum, const, anyOf/oneOf/allOf, minimum/maximum,
 * minLength/maxLength, pattern, minItems/maxItems. `format` is an annotation and is not asserted.
 */
type Schema = Record<string, any>;

export function createSchemaChecker(document: { components: { schemas: Record<string, Schema> } }) {
  const resolve = (ref: string): Schema => {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const schema = name ? document.components.schemas[name] : undefined;
    if (!schema) throw new Error(`unresolvable $ref ${ref}`);
    return schema;
  };

  function errors(schema: Schema, value: unknown, at: string): string[] {
    if (schema.$ref) return errors(resolve(schema.$ref), value, at);
    const out: string[] = [];
    if (schema.type !== undefined) {
      const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => hasType(value, t))) return [`${at}: expected ${types.join('|')}, got ${describe(value)}`];
    }
    if (schema.const !== undefined && value !== schema.const) out.push(`${at}: expected ${JSON.stringify(schema.const)}`);
    if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
    if (schema.anyOf && !schema.anyOf.some((s: Schema) => errors(s, value, at).length === 0)) out.push(`${at}: matches none of anyOf`);
    if (schema.oneOf && schema.oneOf.filter((s: Schema) => errors(s, value, at).length === 0).length !== 1) out.push(`${at}: must match exactly one of oneOf`);
    if (schema.allOf) for (const s of schema.allOf) out.push(...errors(s, value, at));
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} < minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: ${value} > maximum ${schema.maximum}`);
    }
    if (typeof value === 'string') {
      if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
      const prefix: Schema[] = schema.prefixItems ?? [];
      value.forEach((item, i) => {
        const itemSchema = i < prefix.length ? prefix[i] : schema.items;
        if (itemSchema === false) out.push(`${at}[${i}]: no item allowed here`);
        else if (itemSchema) out.push(...errors(itemSchema, item, `${at}[${i}]`));
      });
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}: missing ${key}`);
      const props: Record<string, Schema> = schema.properties ?? {};
      for (const [key, v] of Object.entries(obj)) {
        if (props[key]) out.push(...errors(props[key], v, `${at}.${key}`));
        else if (schema.additionalProperties === false) out.push(`${at}: unexpected property ${key}`);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          out.push(...errors(schema.additionalProperties, v, `${at}.${key}`));
        }
      }
      if (schema.propertyNames) for (const key of Object.keys(obj)) out.push(...errors(schema.propertyNames, key, `${at}{${key}}`));
    }
    return out;
  }

  /** Errors of `value` against the named component schema (empty when it conforms). */
  return (component: string, value: unknown): string[] => errors({ $ref: `#/components/schemas/${component}` }, value, component);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return typeof value === type;
  }
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
