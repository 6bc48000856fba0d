// The DuckDB peer: what a user would ask of a dump with DuckDB instead of teltel-events (events, sessions,
// calls by direction, answered, hang-ups by party, ring results, mean/median call duration), as JSON whose
// paths follow the generator's truth where they mean the same. No validation, no per-line problems, no
// streaming semantics (watermark, lateness, retries): a bad line is skipped by read_ndjson's ignore_errors.
// Usage: node test/bench/duck.mjs FILE
import { fileURLToPath } from "node:url";
import { RING_STATES } from "./truth.mjs";

/** The SQL of the peer over `file`: a narrow events table, then one row per session. */
export function duckSql(file) {
  const path = `'${file.replaceAll("'", "''")}'`;
  const columns =
    "{event: 'VARCHAR', timestamp: 'VARCHAR', session_id: 'VARCHAR', direction: 'VARCHAR', " +
    "is_answered: 'BOOLEAN', hanged_by: 'VARCHAR', state: 'VARCHAR'}";
  return {
    events: `CREATE TEMP TABLE e AS SELECT event, session_id, direction, is_answered, hanged_by, state,
      try_cast(timestamp AS TIMESTAMPTZ) AS ts
      FROM read_ndjson(${path}, columns = ${columns}, ignore_errors = true)
      WHERE event IS NOT NULL AND session_id IS NOT NULL`,
    sessions: `CREATE TEMP TABLE s AS SELECT session_id,
      bool_or(event = 'START') AS has_start, bool_or(event = 'COMPLETED') AS has_end,
      any_value(direction) AS direction,
      bool_or(is_answered) FILTER (WHERE event = 'COMPLETED') AS answered,
      any_value(hanged_by) FILTER (WHERE event = 'COMPLETED') AS hanged_by,
      epoch_ms(max(ts) FILTER (WHERE event = 'COMPLETED')) - epoch_ms(min(ts) FILTER (WHERE event = 'START'))
        AS duration_ms
      FROM e GROUP BY session_id`,
    counts: `SELECT (SELECT count(*) FROM e) AS events, count(*) AS sessions,
      count_if(has_start AND has_end) AS complete, count_if(NOT has_start) AS missing_start,
      count_if(NOT has_end) AS missing_end FROM s`,
    calls: `SELECT direction, count(*) AS total, count_if(answered) AS answered,
      avg(duration_ms) AS mean_ms, median(duration_ms) AS median_ms
      FROM s WHERE has_start AND has_end GROUP BY ALL ORDER BY ALL`,
    hangups: "SELECT hanged_by, count(*) AS n FROM s WHERE has_start AND has_end GROUP BY ALL ORDER BY ALL",
    rings: `SELECT direction, state, count(*) AS n FROM e WHERE event = 'RINGRESULT'
      GROUP BY ALL ORDER BY ALL`,
  };
}

const num = (v) => (v === null || v === undefined ? null : Number(v));

/**
 * The peer's answer from its query rows, shaped like the truth where the figures mean the same.
 * @param {{ counts: object[], calls: object[], hangups: object[], rings: object[] }} rows
 */
export function duckAnswer({ counts, calls, hangups, rings }) {
  const c = counts[0] ?? {};
  // Every direction, party and ring state at 0 first, so one the peer missed is a 0, not an absent figure.
  const zeros = (keys) => Object.fromEntries(keys.map((k) => [k, 0]));
  const byDirection = { inbound: { total: 0, answered: 0 }, outbound: { total: 0, answered: 0 } };
  const durations = {};
  let total = 0;
  let answered = 0;
  for (const r of calls) {
    byDirection[r.direction] = { total: num(r.total), answered: num(r.answered) };
    durations[r.direction] = { mean: num(r.mean_ms) / 1000, median: num(r.median_ms) / 1000 };
    total += num(r.total);
    answered += num(r.answered);
  }
  const ringResults = zeros(RING_STATES);
  const ringResultsByDirection = { inbound: zeros(RING_STATES), outbound: zeros(RING_STATES) };
  for (const r of rings) {
    ringResults[r.state] = (ringResults[r.state] ?? 0) + num(r.n);
    ringResultsByDirection[r.direction] ??= {};
    ringResultsByDirection[r.direction][r.state] = num(r.n);
  }
  const hangupBy = {
    ...zeros(["phone", "sip"]),
    ...Object.fromEntries(hangups.map((r) => [r.hanged_by, num(r.n)])),
  };
  const missingStart = num(c.missing_start);
  const missingCompleted = num(c.missing_end);
  return {
    input: { events: num(c.events) },
    sessions: {
      total: num(c.sessions),
      complete: num(c.complete),
      incomplete: num(c.sessions) - num(c.complete),
      missingStart,
      missingCompleted,
    },
    calls: { total, answered, byDirection },
    hangupBy,
    ringResults,
    ringResultsByDirection,
    durationSeconds: durations,
  };
}

/** Runs the peer on `file`; DuckDB's default threads (one per core). */
export async function duckPeer(file) {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    const sql = duckSql(file);
    await db.run(sql.events);
    await db.run(sql.sessions);
    const rows = {};
    for (const key of ["counts", "calls", "hangups", "rings"])
      rows[key] = (await db.runAndReadAll(sql[key])).getRowObjectsJS();
    return duckAnswer(rows);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: node test/bench/duck.mjs FILE\n");
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await duckPeer(file), null, 2)}\n`);
}
