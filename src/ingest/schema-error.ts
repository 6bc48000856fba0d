// The one error of the validation stage that the CLI must recognise without loading ajv.

/** A schema document that does not compile; the CLI reports it as a usage error (exit 2). */
export class SchemaError extends Error {}
