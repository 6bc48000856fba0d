-- teltel-events export -> DuckDB: peak concurrent calls per clock hour, the minute it was first reached, and
-- the hour's call-seconds and Erlangs — analyze's `load.byHour` (JSON) and `load-hours` table. Make the file,
-- then run this script from the directory that holds it:
--
--   teltel-events export dump.ndjson --format parquet -o calls.parquet
--   duckdb -c ".read samples/sql/duckdb-load.sql"
--
-- The rule is analyze's: calls are complete sessions, in progress from START (started_at) to COMPLETED
-- (ended_at) at a resolution of one second; a call counts in every whole second it touches (the first is
-- floor(start), the last ceil(end) - 1, at least one), so a call that ends at t is not in progress at t.

-- Hours and days of this zone, like analyze's --tz (default UTC). Zones whose offset is not whole hours, and
-- the hour an autumn DST change shows twice (analyze: call-seconds / 7200), are not handled here.
SET TimeZone = 'UTC';

CREATE OR REPLACE TABLE calls AS SELECT * FROM read_parquet('calls.parquet');

CREATE OR REPLACE VIEW load_hourly AS
WITH edges AS (
  SELECT CAST(floor(epoch_ms(started_at) / 1000) AS BIGINT) AS s, 1 AS d
  FROM calls WHERE status = 'complete'
  UNION ALL
  SELECT CAST(greatest(ceil(epoch_ms(ended_at) / 1000), floor(epoch_ms(started_at) / 1000) + 1) AS BIGINT), -1
  FROM calls WHERE status = 'complete'
),
-- n calls in progress in the seconds [s, next_s)
running AS (
  SELECT s, SUM(d) OVER (ORDER BY s) AS n, LEAD(s) OVER (ORDER BY s) AS next_s
  FROM (SELECT s, SUM(d) AS d FROM edges GROUP BY s)
),
-- each run cut at the hours it crosses
pieces AS (
  SELECT greatest(s, h) AS from_s, least(next_s, h + 3600) AS to_s, n
  FROM running, LATERAL (SELECT unnest(range((s // 3600) * 3600, next_s, 3600)) AS h)
  WHERE n > 0
)
SELECT
  strftime(to_timestamp(from_s), '%Y-%m-%d') AS day,
  CAST(strftime(to_timestamp(from_s), '%H') AS INTEGER) AS hour,
  MAX(n) AS peak_concurrent,
  -- the first second with the most calls: the earliest piece among those with the largest n
  strftime(to_timestamp(arg_min(from_s, -n * 1e12 + from_s)), '%Y-%m-%dT%H:%M') AS peak_minute,
  SUM((to_s - from_s) * n) AS call_seconds,
  SUM((to_s - from_s) * n) / 3600 AS erlangs
FROM pieces
GROUP BY from_s // 3600, day, hour
ORDER BY from_s // 3600;

SELECT * FROM load_hourly;
