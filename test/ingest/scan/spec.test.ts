// The scanners' one source of tables (src/ingest/scan/spec.ts) against the bundled schema, so the two cannot
// drift: the same attributes, the same enums in the same order, the same value kinds, the same data and
// data.callback keys; FastEvent's slots in the same order; and the tables generated for the wasm scanner.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ATTRIBUTES, FastEvent } from "../../../src/ingest/fast-event.js";
import {
  ATTRIBUTE_NAMES,
  CALLBACK_KEY_NAMES,
  DATA_KEY_NAMES,
  ENUMS,
  KIND,
  KINDS,
  SLOT,
} from "../../../src/ingest/scan/spec.js";

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync("schemas/teltel-event.schema.json", "utf8")) as Node;
const defs = schema.$defs as Record<string, Node>;

/** Every defining schema (the one with a description) of each top-level attribute, over all $defs but data. */
function definitions(): Map<string, Node[]> {
  const found = new Map<string, Node[]>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const properties = (node as Node).properties as Record<string, Node> | undefined;
    for (const [name, property] of Object.entries(properties ?? {}))
      if (typeof property.description === "string" || property.$ref === "#/$defs/data")
        found.set(name, [...(found.get(name) ?? []), property]);
    for (const value of Object.values(node)) walk(value);
  };
  for (const [name, def] of Object.entries(defs)) if (name !== "data") walk(def);
  return found;
}

/** The kind a property's schema asks for, in spec.ts's terms. */
function kindOf(property: Node): number {
  if (Array.isArray(property.enum)) return KIND.enum;
  if (property.$ref === "#/$defs/identifier") return KIND.id;
  if (property.$ref === "#/$defs/data") return KIND.data;
  if (property.type === "integer" && property.minimum === 0) return KIND.integer;
  if (property.type === "boolean") return KIND.boolean;
  if (property.type === "string" && property.format === "date-time") return KIND.time;
  if (property.type === "string" && property.format === "uri") return KIND.uri;
  throw new Error(`unknown kind: ${JSON.stringify(property)}`);
}

describe("spec.ts against schemas/teltel-event.schema.json", () => {
  const found = definitions();

  it("names the schema's attributes, no more, no fewer", () => {
    expect([...ATTRIBUTE_NAMES].sort()).toEqual([...found.keys()].sort());
  });

  it("gives each attribute the schema's kind, and each enum the schema's values in the schema's order", () => {
    for (const [s, name] of ATTRIBUTE_NAMES.entries()) {
      for (const property of found.get(name) ?? []) {
        expect(KINDS[s], `kind of ${name}`).toBe(kindOf(property));
        if (Array.isArray(property.enum)) expect(ENUMS[name], `enum of ${name}`).toEqual(property.enum);
      }
      if (KINDS[s] !== KIND.enum) expect(ENUMS[name], `${name} is no enum`).toBeUndefined();
    }
  });

  it("names data's keys and data.callback's, in the schema's order, and data's ids as identifiers", () => {
    const data = defs.data?.properties as Record<string, Node>;
    expect([...DATA_KEY_NAMES]).toEqual(Object.keys(data));
    const callback = (data.callback as Node).properties as Record<string, Node>;
    expect([...CALLBACK_KEY_NAMES]).toEqual(Object.keys(callback));
    for (const key of DATA_KEY_NAMES.slice(0, -1)) expect(data[key]?.$ref, key).toBe("#/$defs/identifier");
    for (const key of CALLBACK_KEY_NAMES) expect(callback[key]?.type, key).toBe("string");
  });

  it("requires what the schema requires of every event (the rules check these slots)", () => {
    const required = (defs.common as Node).required as string[];
    expect(required).toEqual(["event", "id", "timestamp", "accountcode", "session_id", "direction", "type"]);
    expect(required.map((name) => ATTRIBUTE_NAMES.indexOf(name as never))).toEqual([
      SLOT.event,
      SLOT.id,
      SLOT.timestamp,
      SLOT.accountcode,
      SLOT.session_id,
      SLOT.direction,
      SLOT.type,
    ]);
  });

  it("is FastEvent's slot order, which fast-event.ts's ATTRIBUTES hands the store", () => {
    expect(Object.keys(new FastEvent())).toEqual([...ATTRIBUTE_NAMES]);
    expect(ATTRIBUTES).toEqual([...ATTRIBUTE_NAMES]);
  });

  it("is what the wasm scanner's generated tables hold (scripts/build-scanner.mjs, run by npm run build)", async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { tablesSource } = await import("../../../scripts/build-scanner.mjs");
    const built = readFileSync("src/ingest/scan/wasm/tables.ts", "utf8");
    expect(built, "tables.ts is stale: npm run build").toBe(tablesSource());
    for (const name of [...ATTRIBUTE_NAMES, ...DATA_KEY_NAMES, ...CALLBACK_KEY_NAMES])
      expect(built).toContain([...Buffer.from(`${name}":`)].join(","));
    for (const values of Object.values(ENUMS))
      for (const value of values) expect(built).toContain([...Buffer.from(value)].join(","));
  });
});
