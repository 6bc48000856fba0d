// Validation stage: a normalised JSON object is checked against the event schema, errors told in plain words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { EVENT_NAMES, type EventName, type TelTelEvent } from "../types.js";
import { isRfc3339DateTime } from "./datetime.js";
import { EPOCH_SECONDS_LIMIT, epochMs, epochToIso } from "./normalize.js";
import { SchemaError } from "./schema-error.js";

/** One failed rule of one line: a stable code, the JSON pointer of the attribute and a plain-words message. */
export interface SchemaIssue {
  code: string;
  pointer: string;
  message: string;
}

/** Checks one normalised object; returns the typed event or every rule it breaks. */
export type EventValidator = (
  value: Record<string, unknown>,
) => { ok: true; event: TelTelEvent } | { ok: false; issues: SchemaIssue[] };

export { SchemaError };

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Compiles the schema document once: one flat validator per event name, dispatched on `event`. */
export function createEventValidator(schema: Record<string, unknown>): EventValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
  });
  // Ajv2020 tracks which properties each subschema evaluated (an object per event) for the unevaluated*
  // keywords; a schema without them does not need it, and validation is about a third faster.
  if (!/"unevaluated(?:Properties|Items)"/.test(JSON.stringify(schema))) ajv.opts.unevaluated = false;
  addFormats(ajv, ["uri"]);
  // RFC 3339 date-time, checked without allocating: ajv-formats' full check splits strings on every event.
  ajv.addFormat("date-time", { type: "string", validate: isRfc3339DateTime });
  const perEvent = new Map<string, ValidateFunction>();
  try {
    const whole = ajv.compile(schema);
    const defs = schema.$defs as Record<string, unknown> | undefined;
    const base = typeof schema.$id === "string" ? schema.$id : "";
    for (const name of EVENT_NAMES) {
      const fn = defs?.[name] === undefined ? undefined : ajv.getSchema(`${base}#/$defs/${name}`);
      perEvent.set(name, fn ?? whole);
    }
  } catch (error) {
    throw new SchemaError(`the event schema does not compile: ${(error as Error).message}`);
  }

  return (value) => {
    const name = value.event;
    if (name === undefined) {
      return fail("missing-event", "/event", 'missing the event name attribute "event"');
    }
    if (typeof name !== "string" || !KNOWN_EVENTS.has(name)) {
      return fail(
        "unknown-event",
        "/event",
        `unknown event ${preview(name)}; expected one of ${EVENT_NAMES.join(", ")}`,
      );
    }
    const validate = perEvent.get(name) as ValidateFunction;
    if (validate(value)) return { ok: true, event: value as unknown as TelTelEvent };
    return { ok: false, issues: describeErrors(name as EventName, validate.errors ?? []) };
  };
}

function fail(code: string, pointer: string, message: string): { ok: false; issues: SchemaIssue[] } {
  return { ok: false, issues: [{ code, pointer, message }] };
}

/** ajv errors in plain words, one per broken rule; bookkeeping errors (if/allOf/oneOf) are dropped. */
export function describeErrors(event: EventName, errors: readonly ErrorObject[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const issue = describeError(event, error);
    if (issue === undefined) continue;
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  if (issues.length === 0 && errors.length > 0) {
    issues.push({ code: "schema-violation", pointer: "", message: `${event} does not match the schema` });
  }
  return issues;
}

function describeError(event: EventName, error: ErrorObject): SchemaIssue | undefined {
  const pointer = error.instancePath;
  const attr = attributeName(pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const child = `${pointer}/${missing}`;
      const rule = error.schemaPath.endsWith("/then/required")
        ? describedRule(error.parentSchema)
        : undefined;
      const why = rule === undefined ? "" : `, which is ${rule}`;
      return {
        code: "missing-attribute",
        pointer: child,
        message: `${event} is missing required attribute "${attributeName(child)}"${why}`,
      };
    }
    case "not": {
      const rule = describedRule(error.parentSchema) ?? "not allowed here";
      return {
        code: "not-allowed",
        pointer,
        message: `${event} must not have "${attr}": it appears ${rule}`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String).join(", ");
      return {
        code: "bad-value",
        pointer,
        message: `${event} "${attr}" must be one of ${allowed}; got ${preview(error.data)}`,
      };
    }
    case "const":
      return {
        code: "bad-value",
        pointer,
        message: `${event} "${attr}" must be ${preview(params.allowedValue)}; got ${preview(error.data)}`,
      };
    case "type":
      if (pointer === "/timestamp" && typeof error.data === "number" && epochToIso(error.data) === undefined)
        return {
          code: "bad-format",
          pointer,
          message: `${event} "timestamp" ${epochOutOfRange(error.data)}`,
        };
      return {
        code: "wrong-type",
        pointer,
        message: `${event} "${attr}" must be ${article(String(params.type))}${numberHint(pointer, error.data)}`,
      };
    case "format":
      return {
        code: "bad-format",
        pointer,
        message: `${event} "${attr}" must be ${formatName(String(params.format))}; got ${preview(error.data)}`,
      };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        code: "out-of-range",
        pointer,
        message: `${event} "${attr}" must be ${params.comparison} ${params.limit}; got ${preview(error.data)}`,
      };
    case "minLength":
      return { code: "bad-value", pointer, message: `${event} "${attr}" must not be empty` };
    case "if":
    case "allOf":
    case "anyOf":
    case "oneOf":
    case "discriminator":
      return undefined;
    default:
      return {
        code: "schema-violation",
        pointer,
        message: `${event} "${attr || "(event)"}" ${error.message ?? "does not match the schema"}`,
      };
  }
}

function describedRule(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const description = (schema as { description?: unknown }).description;
  return typeof description === "string" ? description : undefined;
}

/** `/data/campaign_id` -> `data.campaign_id`, the way people name attributes. */
function attributeName(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function article(type: string): string {
  if (type === "integer") return "an integer";
  if (type === "object") return "an object";
  return `a ${type}`;
}

function formatName(format: string): string {
  if (format === "date-time")
    return "an ISO 8601 date-time with time zone in the years 0001 to 9999 (e.g. 2026-03-02T09:15:00Z)";
  if (format === "uri") return "an absolute URI";
  return `in ${format} format`;
}

/** JSON pointers of the attributes where a whole number is accepted for a string (see normalize.ts). */
const NUMERIC_ID_POINTERS: ReadonlySet<string> = new Set([
  "/id",
  "/session_id",
  "/call_id",
  "/accountcode",
  "/subject",
  "/subject_user",
  "/hanged_value",
  "/hanged_user",
  "/data/campaign_id",
  "/data/contact_id",
  "/data/trace_id",
]);

/**
 * The end of a wrong-type message: what was got, and why a number was not accepted where numbers are —
 * ids beyond 2^53 (which no JSON reader keeps exactly).
 */
function numberHint(pointer: string, value: unknown): string {
  if (
    typeof value === "number" &&
    NUMERIC_ID_POINTERS.has(pointer) &&
    Number.isInteger(value) &&
    !Number.isSafeInteger(value)
  ) {
    return ` or a whole number up to 2^53 - 1; got ${preview(value)}, a number beyond 2^53 whose last digits were lost in reading (send ids as strings)`;
  }
  return `; got ${preview(value)}`;
}

/** Why an epoch number (that normalize.ts could not turn into a date-time) is no timestamp. */
function epochOutOfRange(value: number): string {
  const ms = epochMs(value);
  const unit = Math.abs(value) < EPOCH_SECONDS_LIMIT ? "epoch seconds" : "epoch milliseconds";
  const when = ms === undefined ? "no date at all" : `${unit} in the year ${new Date(ms).getUTCFullYear()}`;
  return `must be a date-time in the years 0001 to 9999 (or epoch seconds or milliseconds within them); got ${preview(value)}, ${when}`;
}

/** A short, safe rendering of a value for messages. */
export function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  if (typeof value === "object" && value !== null) text = Array.isArray(value) ? "an array" : "an object";
  else if (typeof value === "number" && !Number.isFinite(value))
    text = "a number too large for a double (read as Infinity)";
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
