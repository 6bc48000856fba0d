// Progress meter for long runs: a single line on stderr, redrawn in place, cleared at the end.

/** What the meter is told as the scan goes, and when it is over. */
export interface ProgressMeter {
  update(bytesRead: number, lines: number): void;
  done(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 200;
const BAR_WIDTH = 24;

/** A meter writing to `write`; `totalBytes` is undefined when unknown (stdin). Shows itself after one second. */
export function createProgressMeter(
  write: (text: string) => void,
  totalBytes: number | undefined,
  now: () => number,
): ProgressMeter {
  const started = now();
  let lastDraw = 0;
  let shown = false;
  return {
    update(bytesRead, lines) {
      const t = now();
      const elapsed = t - started;
      if (elapsed < SHOW_AFTER_MS || t - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = t;
      shown = true;
      write(`\r${progressLine(bytesRead, lines, totalBytes, elapsed)}\u001b[K`);
    },
    done() {
      if (shown) write("\r\u001b[K");
    },
  };
}

/** One progress line: bar and percentage when the total is known, then bytes, rates and ETA. */
export function progressLine(
  bytesRead: number,
  lines: number,
  totalBytes: number | undefined,
  elapsedMs: number,
): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = bytesRead / seconds;
  const parts: string[] = [];
  if (totalBytes !== undefined && totalBytes > 0) {
    const fraction = Math.min(bytesRead / totalBytes, 1);
    const filled = Math.round(fraction * BAR_WIDTH);
    parts.push(
      `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`,
    );
    parts.push(`${megabytes(bytesRead)}/${megabytes(totalBytes)} MB`);
  } else {
    parts.push(`${megabytes(bytesRead)} MB`);
  }
  parts.push(`${megabytes(rate)} MB/s`, `${compact(lines / seconds)} lines/s`);
  if (totalBytes !== undefined && totalBytes > bytesRead && rate > 0) {
    parts.push(`ETA ${Math.ceil((totalBytes - bytesRead) / rate)}s`);
  }
  return parts.join("  ");
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

function compact(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(0)}k`;
  return n.toFixed(0);
}
