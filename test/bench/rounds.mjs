// Paired rounds (A B A B): every variant once per round in a rotating order, after a warm-up round; per
// variant the medians of wall, CPU and peak RSS, and the median of its per-round ratios to the floor of the
// same round, so a load that comes and goes between rounds cancels out of the ratios.

/**
 * The order of `n` variants in round `round`: a rotation starting at `round % n`, so no variant always runs
 * first or always follows the same one. A negative round (the warm-up) runs in the listed order.
 * @param {number} n
 * @param {number} round
 * @returns {number[]}
 */
export function rotation(n, round) {
  const start = round < 0 || n === 0 ? 0 : round % n;
  return Array.from({ length: n }, (_, k) => (start + k) % n);
}

/**
 * The median of the numbers of `xs` (null and undefined left out); null when none is left.
 * @param {(number | null | undefined)[]} xs
 * @returns {number | null}
 */
export function median(xs) {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The median over rounds of `sample[key] / floor[key]`, pairing each sample with the floor sample of the same
 * round; rounds without a floor, or with a missing or zero figure, are left out. null when no round pairs.
 * @param {{ round: number }[]} samples one variant's runs
 * @param {{ round: number }[]} floors the floor's runs
 * @param {"wall" | "cpu"} key
 */
export function pairedRatio(samples, floors, key) {
  const ratios = samples.map((s) => {
    const f = floors.find((x) => x.round === s.round);
    const a = s[key];
    const b = f?.[key];
    return typeof a === "number" && typeof b === "number" && b > 0 ? a / b : null;
  });
  return median(ratios);
}

/**
 * One summary per variant, in the order of `names`: medians of wall, CPU and peak RSS, the wall's min and
 * max, the paired ratios to `floorName`'s runs (null without a floor), and the exit codes seen.
 * @param {string[]} names
 * @param {{ name: string, round: number, wall: number, cpu: number | null, rssKb: number | null, code: number | null }[]} samples
 * @param {string | undefined} floorName
 */
export function summarize(names, samples, floorName) {
  const floors = floorName === undefined ? [] : samples.filter((s) => s.name === floorName);
  return names.map((name) => {
    const runs = samples.filter((s) => s.name === name);
    const walls = runs.map((r) => r.wall);
    return {
      name,
      rounds: runs.length,
      wall: median(walls),
      wallMin: runs.length > 0 ? Math.min(...walls) : null,
      wallMax: runs.length > 0 ? Math.max(...walls) : null,
      cpu: median(runs.map((r) => r.cpu)),
      rssKb: median(runs.map((r) => r.rssKb)),
      wallRatio: pairedRatio(runs, floors, "wall"),
      cpuRatio: pairedRatio(runs, floors, "cpu"),
      codes: [...new Set(runs.map((r) => r.code))],
    };
  });
}

/**
 * Runs `warmup` rounds (round -1 .. -warmup, not returned) and then `rounds` rounds of every variant, each round
 * in `rotation` order, one run at a time.
 * @template V
 * @param {V[]} variants
 * @param {{ rounds: number, warmup: number, run: (variant: V, round: number) => Promise<object> }} options
 * @returns {Promise<{ variant: V, round: number, result: object }[]>} the measured rounds, in run order
 */
export async function runRounds(variants, { rounds, warmup, run }) {
  const out = [];
  for (let round = -warmup; round < rounds; round += 1) {
    for (const i of rotation(variants.length, round)) {
      const result = await run(variants[i], round);
      if (round >= 0) out.push({ variant: variants[i], round, result });
    }
  }
  return out;
}
