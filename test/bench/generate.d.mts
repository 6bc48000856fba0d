// Types of generate.mjs for the TypeScript tests.

/** Per-event and per-line rates of the dirt the generator adds. */
export interface DirtRates {
  lateRate: number;
  duplicateRate: number;
  badRate: number;
  blankRate: number;
  variantRate: number;
}

/** Options of generateDump; `out` is a file path or a writable that is left open. */
export interface GenerateOptions extends Partial<DirtRates> {
  out: string | NodeJS.WritableStream;
  /** Weights of the kinds of bad line (default BAD_KINDS). */
  badKinds?: Record<string, number>;
  events?: number;
  seed?: number;
  start?: string;
  callsPerSecond?: number;
}

type Counts = { total: number; answered: number };
type States = Record<(typeof RING_STATES)[number], number>;

/** The figures the analyze JSON report must show for the generated dump, plus facts about the run. */
export interface Truth {
  input: {
    lines: number;
    blank: number;
    events: number;
    invalid: number;
    duplicates: number;
    late: number;
    timeRange: { from: string | null; to: string | null };
  };
  sessions: {
    total: number;
    complete: number;
    incomplete: number;
    missingStart: number;
    missingCompleted: number;
  };
  calls: Counts & { byDirection: { inbound: Counts; outbound: Counts } };
  hangupBy: { phone: number; sip: number };
  ringResults: States;
  ringResultsByDirection: { inbound: States; outbound: States };
  meta: {
    badKinds: Record<string, number>;
    maxOpen: number;
    settings: Record<string, unknown>;
    sourceHash: string;
    bytes: number;
    calls: number;
  };
}

/** The ten RINGRESULT states in report order. */
export const RING_STATES: readonly [
  "ANSWER",
  "BUSY",
  "NOANSWER",
  "CANCEL",
  "CONGESTION",
  "CHANUNAVAIL",
  "DONTCALL",
  "TORTURE",
  "INVALIDARGS",
  "ABORT",
];
/** Kinds of bad line and their weights. */
export const BAD_KINDS: Record<string, number>;
/** BAD_KINDS without the kinds whose rejected line carries a readable time ahead of the dump. */
export const BAD_KINDS_NO_SKEW: Record<string, number>;
/** The kinds whose rejected line carries a readable time 20-90 minutes ahead. */
export const CLOCK_SKEW_KINDS: readonly string[];
/** No dirt. */
export const CLEAN: DirtRates;
/** The rates of --dirty. */
export const DIRTY: DirtRates;
/** A hash of the generator's sources. */
export function sourceHash(): string;
/** Streams a dump to `out` and returns its truth. */
export function generateDump(options: GenerateOptions): Promise<Truth>;
/** Writes FILE.truth.json. */
export function writeTruth(file: string, truth: Truth): Promise<void>;
