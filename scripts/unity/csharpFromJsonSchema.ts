/**
 * C# for the Unity client from JSON Schema (as zod's z.toJSONSchema writes it): one class per
 * object, public fields named exactly as on the wire (the Colyseus SDK's MessagePack decoder,
 * like Unity's JsonUtility, fills fields by name), and a constants class per titled string
 * enum. Classes a client sends also get `ToPayload()`: a dictionary of only the fields that are
 * set, because the server refuses `null` where a field is optional, and a serialised class
 * instance carries its unset fields all the same. Only what the room protocol uses is supported; anything else stops the generator
 * with the path of the schema it cannot express, rather than generating something lossy.
 */

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
const VALUE_TYPES = new Set(["int", "long", "double", "bool"]);
// C# keywords a wire name could collide with; such a field is written with an @ prefix.
const KEYWORDS = new Set(
  ("abstract as base bool break byte case catch char checked class const continue decimal default delegate do double else enum " +
    "event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is lock long namespace " +
    "new null object operator out override params private protected public readonly ref return sbyte sealed short sizeof stackalloc " +
    "static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while")
    .split(" "),
);

export class UnsupportedSchemaError extends Error {
  constructor(where: string, schema: JsonSchema) {
    super(`${where}: no C# form for ${JSON.stringify(schema).slice(0, 200)}`);
    this.name = "UnsupportedSchemaError";
  }
}

/** "tutor:prompt" -> "TutorPrompt", "INVALID_MESSAGE" -> "InvalidMessage", "in_progress" -> "InProgress". */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join("");
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** A C# string literal. */
export function csString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** An XML doc comment, indented; empty when there is nothing to say. `code` and [[Type]] (a link) are marked up. */
export function docComment(text: string | undefined, indent: string): string {
  if (!text) return "";
  const escaped = text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/`([^`]+)`/g, "<c>$1</c>")
    .replace(/\[\[([A-Za-z0-9_.]+)\]\]/g, '<see cref="$1"/>');
  return `${indent}/// <summary>${escaped}</summary>\n`;
}

function fieldName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" cannot be a C# field name`);
  return KEYWORDS.has(name) ? `@${name}` : name;
}

interface Field {
  /** The C# name (a keyword gets an @). */
  name: string;
  /** The name on the wire. */
  wire: string;
  type: string;
  doc: string | undefined;
}

/** Classes and value sets gathered from the schemas given to it, in the order first met. */
export class CsharpModel {
  readonly #classes = new Map<string, { shape: string; fields: Field[]; doc: string | undefined }>();
  readonly #valueSets = new Map<string, { values: string[]; doc: string | undefined }>();
  #defs: Record<string, JsonSchema> = {};
  readonly #toPayload: boolean;

  /** With `toPayload`, every class gets a `ToPayload()` (for what a client sends). */
  constructor(options: { toPayload?: boolean } = {}) {
    this.#toPayload = options.toPayload ?? false;
  }

  /** Adds a root schema as the class `name` (its title wins); returns the class name. */
  addRoot(name: string, schema: JsonSchema): string {
    this.#defs = schema.$defs ?? {};
    return this.#classFor(schema.title ?? name, schema, name);
  }

  #classFor(name: string, schema: JsonSchema, where: string): string {
    if (schema.type !== "object" || !schema.properties) throw new UnsupportedSchemaError(where, schema);
    const shape = JSON.stringify(schema);
    const known = this.#classes.get(name);
    if (known) {
      if (known.shape !== shape) throw new Error(`${where}: two different shapes are both called ${name}; give one another title`);
      return name;
    }
    const entry = { shape, fields: [] as Field[], doc: schema.description };
    this.#classes.set(name, entry);
    const required = new Set(schema.required ?? []);
    for (const [prop, propSchema] of Object.entries(schema.properties)) {
      const type = this.#typeOf(propSchema, `${name}${pascalCase(prop)}`, `${where}.${prop}`);
      const optional = !required.has(prop);
      entry.fields.push({
        name: fieldName(prop),
        wire: prop,
        type: optional && VALUE_TYPES.has(type) ? `${type}?` : type,
        doc: fieldDoc(propSchema, optional && (this.#toPayload ? "Left out when null." : "Null when the server leaves it out."), this.#valueSetName(propSchema)),
      });
    }
    return name;
  }

  #typeOf(schema: JsonSchema, nameIfObject: string, where: string): string {
    if (schema.$ref) return this.#classFor(refName(schema.$ref), this.#resolve(schema.$ref, where), where);
    if (schema.anyOf || schema.enum || schema.const !== undefined) return this.#stringValues(schema, where);
    switch (schema.type) {
      case "string":
        return "string";
      case "boolean":
        return "bool";
      case "number":
        return "double";
      case "integer":
        return (schema.minimum ?? -Infinity) >= INT32.min && (schema.maximum ?? Infinity) <= INT32.max ? "int" : "long";
      case "array":
        if (!schema.items) throw new UnsupportedSchemaError(where, schema);
        return `${this.#typeOf(schema.items, nameIfObject, `${where}[]`)}[]`;
      case "object":
        return this.#classFor(schema.title ?? nameIfObject, schema, where);
      default:
        throw new UnsupportedSchemaError(where, schema);
    }
  }

  /** A string enum, a string constant, or a union of them: a string, with its values kept for constants and docs. */
  #stringValues(schema: JsonSchema, where: string): string {
    const values = stringValuesOf(schema);
    if (!values) throw new UnsupportedSchemaError(where, schema);
    if (schema.title) {
      const known = this.#valueSets.get(schema.title);
      if (known && known.values.join() !== values.join()) throw new Error(`${where}: two value sets are both called ${schema.title}`);
      this.#valueSets.set(schema.title, { values, doc: schema.description });
    }
    return "string";
  }

  #valueSetName(schema: JsonSchema): string | undefined {
    return schema.title && this.#valueSets.has(schema.title) ? schema.title : undefined;
  }

  #resolve(ref: string, where: string): JsonSchema {
    const found = this.#defs[refName(ref)];
    if (!found) throw new Error(`${where}: ${ref} is not among the schema's $defs`);
    return found;
  }

  /** The C# of every class gathered, in a namespace's body (4-space indented). */
  classesCode(): string {
    return [...this.#classes].map(([name, { fields, doc }]) => classCode(name, fields, doc, this.#toPayload ? this.#classes : undefined)).join("\n");
  }

  /** Every titled value set, as [name, values, description]. */
  valueSets(): Array<[string, string[], string | undefined]> {
    return [...this.#valueSets].map(([name, { values, doc }]) => [name, values, doc]);
  }
}

function refName(ref: string): string {
  return ref.replace(/^#\/\$defs\//, "");
}

function stringValuesOf(schema: JsonSchema): string[] | undefined {
  const parts = schema.anyOf ?? [schema];
  const values = parts.flatMap((part) => part.enum ?? (part.const !== undefined ? [part.const] : [undefined]));
  return values.every((v): v is string => typeof v === "string") ? values : undefined;
}

function rangeDoc(schema: JsonSchema): string | undefined {
  if (schema.maxLength !== undefined) return `At most ${schema.maxLength} characters.`;
  const { minimum, maximum } = schema;
  // Ranges a type already implies (a count's 2^31 - 1) say nothing.
  if (minimum === undefined || maximum === undefined || maximum >= INT32.max) return undefined;
  return `From ${minimum} to ${maximum}.`;
}

/** `whenNull` is what an optional field's null means, or false for a required field. */
function fieldDoc(schema: JsonSchema, whenNull: string | false, valueSet: string | undefined): string | undefined {
  const values = stringValuesOf(schema);
  const parts = [
    schema.description,
    valueSet ? `One of [[${valueSet}]].` : values && !schema.description ? `One of ${values.map((v) => `"${v}"`).join(", ")}.` : undefined,
    rangeDoc(schema),
    whenNull || undefined,
  ];
  return parts.filter(Boolean).join(" ") || undefined;
}

/** One `payload[...] = ...;` line of ToPayload(): value types always, the rest only when set. */
function payloadLine(field: Field, classes: ReadonlyMap<string, unknown>): string {
  if (field.type.endsWith("[]") && classes.has(field.type.slice(0, -2))) throw new Error(`${field.wire}: arrays of objects cannot be sent yet`);
  const key = csString(field.wire);
  const value = classes.has(field.type) ? `${field.name}.ToPayload()` : field.type.endsWith("?") ? `${field.name}.Value` : field.name;
  const set = `payload[${key}] = ${value};`;
  return VALUE_TYPES.has(field.type) ? set : `if (${field.name} != null) ${set}`;
}

function toPayloadCode(fields: readonly Field[], classes: ReadonlyMap<string, unknown>): string {
  const lines = fields.map((f) => `            ${payloadLine(f, classes)}\n`).join("");
  return (
    "\n        /// <summary>The fields that are set, by wire name: what to pass to <c>room.Send</c>.</summary>\n" +
    "        public Dictionary<string, object> ToPayload()\n        {\n" +
    "            var payload = new Dictionary<string, object>();\n" +
    `${lines}            return payload;\n        }\n`
  );
}

function classCode(name: string, fields: readonly Field[], doc: string | undefined, payloadOf: ReadonlyMap<string, unknown> | undefined): string {
  const body = fields.map((f) => `${docComment(f.doc, "        ")}        public ${f.type} ${f.name};\n`).join("");
  const method = payloadOf ? toPayloadCode(fields, payloadOf) : "";
  return `${docComment(doc, "    ")}    [Serializable]\n    public class ${name}\n    {\n${body}${method}    }\n`;
}
