// The wasm scanner, its JS port and the reference path (decode -> parseLine -> normalizeEvent -> validator ->
// parseTimestamp) on real lines and on 200,000 seeded mutations of them: wasm and JS give the same verdict and
// the same outputs on every line; every line they accept, the reference accepts (without a warning) with the
// very same event and instant. They may say "not sure" of a valid line, never give another event.
//
// Seeded: every property runs with SEED. SCANPROP_STATS=1 prints, per family and mutation kind, how many
// cases the reference accepted and how many the scanners answered.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL_KINDS,
  BYTE_KINDS,
  type MutationKind,
  type MutationSpec,
  mutateLine,
  STRUCTURE_KINDS,
  showLine,
  TIME_KINDS,
  VALUE_KINDS,
} from "../../support/line-mutations.js";
import { type RealLine, realLines } from "../../support/real-lines.js";
import {
  createReferenceLine,
  type ReferenceLine,
  type ReferenceVerdict,
} from "../../support/reference-line.js";
import {
  createEngines,
  disagreement,
  type Engines,
  PREFIXES,
  SUFFIXES,
  scanBoth,
  summary,
} from "./engines.js";

const SEED = 22;
/** Cases per mutation family; five families make 200,000. */
const RUNS = 40_000;
const TIMEOUT_MS = 90_000;
const STATS = process.env.SCANPROP_STATS === "1";

let reference: ReferenceLine;
let engines: Engines;
let lines: RealLine[] = [];
/** The real lines by what the reference makes of them: one group per event name, one of the rest. */
let groups: RealLine[][] = [];
/** Lines checked, accepted by the reference, and accepted by both scanners (all families). */
const total = { lines: 0, reference: 0, scanners: 0, integerDataIds: 0 };
const INTEGER_DATA_ID = /"(campaign_id|contact_id|trace_id)":[0-9]/;

beforeAll(async () => {
  reference = await createReferenceLine();
  engines = createEngines();
  lines = await realLines();
  const byEvent = new Map<string, RealLine[]>();
  for (const real of lines) {
    const ref = reference(real.bytes);
    const group = ref.valid ? ref.event.event : "rejected";
    byEvent.set(group, [...(byEvent.get(group) ?? []), real]);
  }
  groups = [...byEvent.values()];
}, TIMEOUT_MS);

afterAll(() => {
  console.log(
    `scanners: ${total.lines} lines, the reference accepted ${total.reference}, wasm and JS each accepted ${total.scanners} (the same lines; ${total.integerDataIds} with integer data ids)`,
  );
});

/** Runs the scanners (on the line alone and inside a larger buffer) and the reference; throws on any breach. */
function check(bytes: Buffer, pad: number, what: string): { ref: ReferenceVerdict; answered: boolean } {
  const ref = reference(bytes);
  const prefix = PREFIXES[pad % PREFIXES.length] as Buffer;
  const suffix = SUFFIXES[Math.floor(pad / PREFIXES.length) % SUFFIXES.length] as Buffer;
  let why: string | undefined;
  let alone = { accepted: false };
  try {
    alone = scanBoth(engines, bytes, 0, bytes.length);
    why = disagreement(alone, ref);
    if (why === undefined) {
      const big = Buffer.concat([prefix, bytes, suffix]);
      const inside = scanBoth(engines, big, prefix.length, prefix.length + bytes.length);
      why = disagreement(inside, ref);
      if (why === undefined && inside.accepted !== alone.accepted)
        why = "answers differently when the line sits inside a larger buffer (reads outside [start, end)?)";
    }
  } catch (error) {
    why = (error as Error).message;
  }
  if (why !== undefined)
    throw new Error(
      `${why}\nline (${what}): ${showLine(bytes)}\nreference: ${summary(ref)}\n(embedded between ${showLine(prefix)} and ${showLine(suffix)})`,
    );
  total.lines += 1;
  if (ref.valid) total.reference += 1;
  if (alone.accepted) total.scanners += 1;
  if (alone.accepted && INTEGER_DATA_ID.test(bytes.toString("latin1"))) total.integerDataIds += 1;
  return { ref, answered: alone.accepted };
}

/** Counts per mutation kind: cases it took part in, reference-valid ones among them, scanner answers. */
type Tally = Map<string, { cases: number; valid: number; answered: number }>;

function count(tally: Tally, key: string, valid: boolean, answered: boolean): void {
  const row = tally.get(key) ?? { cases: 0, valid: 0, answered: 0 };
  row.cases += 1;
  if (valid) row.valid += 1;
  if (answered) row.answered += 1;
  tally.set(key, row);
}

function printTally(title: string, tally: Tally): void {
  if (!STATS) return;
  const rows = [...tally].map(
    ([key, r]) => `  ${key.padEnd(22)} ${r.cases} cases, ${r.valid} valid, ${r.answered} answered`,
  );
  console.log(`${title}\n${rows.join("\n")}`);
}

/** The seeded property of one mutation family: any real line, one to three mutations of those kinds. */
function runFamily(name: string, kinds: readonly MutationKind[]): void {
  const tally: Tally = new Map();
  let valid = 0;
  let answered = 0;
  let changed = 0;
  const mutation = fc.record({ kind: fc.constantFrom(...kinds), seed: fc.nat() });
  fc.assert(
    fc.property(
      fc.nat(),
      fc.nat(),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      (pick, pad, specs: MutationSpec[]) => {
        // Each event name (and the rejected lines) as likely as any other, whatever its share of the lines.
        const group = groups[pick % groups.length] as RealLine[];
        const real = group[Math.floor(pick / groups.length) % group.length] as RealLine;
        const bytes = mutateLine(real.bytes, specs);
        const what = `${real.source}, ${specs.map((s) => `${s.kind}#${s.seed}`).join(" + ")}`;
        const verdict = check(bytes, pad, what);
        if (verdict.ref.valid) valid += 1;
        if (verdict.answered) answered += 1;
        if (!bytes.equals(real.bytes)) changed += 1;
        for (const spec of specs) count(tally, spec.kind, verdict.ref.valid, verdict.answered);
        count(tally, "(all)", verdict.ref.valid, verdict.answered);
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
  printTally(`scanners, ${name} mutations`, tally);
  // The family must test something: lines it changes, both accepted and rejected, answered and not, every kind.
  expect(changed / RUNS, `${name}: share of cases whose bytes changed`).toBeGreaterThan(0.7);
  expect(valid / RUNS, `${name}: share of cases the reference accepts`).toBeGreaterThan(0.05);
  expect(valid / RUNS, `${name}: share of cases the reference accepts`).toBeLessThan(0.95);
  expect(answered, `${name}: cases the scanners answered`).toBeGreaterThan(RUNS / 50);
  for (const kind of kinds)
    expect(tally.get(kind)?.cases ?? 0, `${name}: cases of ${kind}`).toBeGreaterThan(1000);
}

/** The real lines the reference accepts, as objects (for the data-id family). */
function validObjects(): Record<string, unknown>[] {
  return lines.flatMap((real) => {
    const ref = reference(real.bytes);
    return ref.valid && ref.warning === undefined ? [JSON.parse(real.bytes.toString("utf8"))] : [];
  });
}

/** A data id as the wire may send it: canonical integers of every length, edge numbers, strings, others. */
const dataId = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 999_999_999 }), weight: 8 },
  fc.constantFrom(0, 7, 999_999_999_999_999, 1e15, 2 ** 53, 2 ** 53 + 2, -1, 1.5, -0, 1e21),
  fc.bigInt({ min: 0n, max: 10n ** 17n }).map(Number),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(null, true, [], {}),
);

describe("the scanners against each other and the reference: real lines", () => {
  it("has the lines: samples, fixtures and both generated dumps", () => {
    const sources = new Set(lines.map((l) => l.source));
    expect(sources.has("samples/mixed-day.ndjson")).toBe(true);
    expect(sources.has("samples/hostile.ndjson")).toBe(true);
    expect(sources.has("test/fixtures/surrogates/lone.ndjson")).toBe(true);
    expect(lines.filter((l) => l.source === "generated clean").length).toBeGreaterThanOrEqual(2000);
    expect(lines.filter((l) => l.source === "generated --dirty").length).toBeGreaterThanOrEqual(2000);
    expect(groups.length, "the seven events and the rejected lines").toBe(8);
  });

  it("agree on every unmutated real line, and answer nearly every one the reference accepts without a warning", () => {
    const tally: Tally = new Map();
    let accepted = 0;
    let answered = 0;
    lines.forEach((real, i) => {
      const { ref, answered: yes } = check(real.bytes, i, real.source);
      if (!ref.valid || ref.warning !== undefined) return;
      accepted += 1;
      if (yes) answered += 1;
      count(tally, real.source, true, yes);
    });
    printTally("scanner answers on unmutated real lines", tally);
    const bySource = [...tally].map(([source, r]) => `${source}: ${r.answered}/${r.valid}`).join("; ");
    expect(accepted).toBeGreaterThan(4000);
    expect(answered / accepted, `answered ${answered} of ${accepted} (${bySource})`).toBeGreaterThan(0.97);
  });
});

describe("the scanners against each other and the reference: mutated real lines (seeded, 5 x 40,000 cases)", () => {
  it(
    "keys dropped, added (known, rule-bound, unknown), duplicated, shuffled, escaped",
    () => {
      runFamily("structure", STRUCTURE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "values swapped: enums and near misses, wrong types, participants, is_answered, ids (integer data ids), data, audio_url",
    () => {
      runFamily("value", VALUE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "timestamps: listed edge cases, generated date-times, epoch numbers",
    () => {
      runFamily("timestamp", TIME_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "bytes: whitespace, CR, BOM, NUL, truncation, flipped bytes, invalid and overlong UTF-8",
    () => {
      runFamily("byte", BYTE_KINDS);
    },
    TIMEOUT_MS,
  );

  it(
    "data ids: integers and strings in campaign_id, contact_id and trace_id of valid lines, then any mutation (seeded, 20,000 cases)",
    () => {
      const objects = validObjects();
      const before = { ...total };
      fc.assert(
        fc.property(
          fc.nat(),
          fc.nat(),
          fc.record({ campaign_id: dataId, contact_id: dataId, trace_id: dataId }, { requiredKeys: [] }),
          fc.array(fc.record({ kind: fc.constantFrom(...ALL_KINDS), seed: fc.nat() }), { maxLength: 1 }),
          (pick, pad, ids, specs: MutationSpec[]) => {
            const event = structuredClone(objects[pick % objects.length] as Record<string, unknown>);
            const data = (event.data ?? {}) as Record<string, unknown>;
            // campaign_id and contact_id are autodialer's only: elsewhere mostly trace_id, so most lines stay valid
            const { trace_id } = ids;
            const own =
              event.type === "autodialer" || pick % 7 === 0
                ? ids
                : trace_id === undefined
                  ? {}
                  : { trace_id };
            event.data = Object.assign(data, own);
            const bytes = mutateLine(Buffer.from(JSON.stringify(event)), specs);
            check(
              bytes,
              pad,
              `data ids ${JSON.stringify(ids)}, ${specs.map((m) => `${m.kind}#${m.seed}`).join(" + ")}`,
            );
          },
        ),
        { seed: SEED, numRuns: 20_000 },
      );
      expect(
        total.integerDataIds - before.integerDataIds,
        "lines with integer data ids answered",
      ).toBeGreaterThan(1000);
      expect(total.reference - before.reference, "lines the reference accepts").toBeGreaterThan(3000);
    },
    TIMEOUT_MS,
  );

  it(
    "any mix of the above",
    () => {
      runFamily("mixed", ALL_KINDS);
    },
    TIMEOUT_MS,
  );
});
