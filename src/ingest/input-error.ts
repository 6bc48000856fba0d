// The failure of an input as a whole (missing, unreadable, a foreign compression), and stdin's display name.

/** An input that cannot be opened or read; the CLI turns it into one sentence and exit code 2. */
export class InputError extends Error {}

/** The display name of standard input in reports. */
export const STDIN_NAME = "<stdin>";
