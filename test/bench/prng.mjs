// A small seeded PRNG (mulberry32) and the draws the dump generator needs; no dependencies.

/**
 * Creates a mulberry32 generator: a function returning uniform floats in [0, 1), fully determined by `seed`.
 * @param {number} seed any 32-bit integer
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = "0123456789abcdef";

/**
 * Wraps a uniform source with the draws used by the generator (all deterministic given the source).
 * @param {() => number} next uniform floats in [0, 1)
 */
export function createRandom(next) {
  const random = {
    next,
    /** @param {number} p probability 0..1 */
    chance: (p) => p > 0 && next() < p,
    /** Integer in [lo, hi], both included. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** Float in [lo, hi). */
    between: (lo, hi) => lo + next() * (hi - lo),
    /** Exponential with the given mean. */
    exp: (mean) => -mean * Math.log(1 - next()),
    /** One element of a non-empty array. */
    pick: (items) => items[Math.floor(next() * items.length)],
    /** A key of `weights` ({key: weight}), chosen in proportion to its weight. */
    weighted(weights) {
      let total = 0;
      for (const w of Object.values(weights)) total += w;
      let r = next() * total;
      let last;
      for (const [key, w] of Object.entries(weights)) {
        last = key;
        r -= w;
        if (r < 0) return key;
      }
      return last;
    },
    /** A random RFC 4122 version-4 UUID. */
    uuid() {
      let s = "";
      for (let i = 0; i < 32; i += 1) {
        let d = Math.floor(next() * 16);
        if (i === 12) d = 4;
        else if (i === 16) d = 8 + (d & 3);
        s += HEX[d];
        if (i === 7 || i === 11 || i === 15 || i === 19) s += "-";
      }
      return s;
    },
    /** A string of `n` decimal digits, the first one not zero. */
    digits(n) {
      let s = String(1 + Math.floor(next() * 9));
      for (let i = 1; i < n; i += 1) s += String(Math.floor(next() * 10));
      return s;
    },
  };
  return random;
}
