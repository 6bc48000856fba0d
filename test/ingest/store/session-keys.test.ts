// Session ids interned into slots (session-keys.ts): found by their bytes even when hashes collide, deleted with
// a backward shift that keeps every other key reachable, grown and rehashed, slots and key blocks reused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkArena } from "../../../src/ingest/store/chunk-arena.js";
import { hashBytes, SessionKeys } from "../../../src/ingest/store/session-keys.js";

/** The hash a narrow key is interned under: that of its bytes, one a character (the scanners' hash). */
const keyHash = (key: string): number => hashBytes(Buffer.from(key, "latin1"), 0, key.length);

describe("interned session ids", () => {
  it("tell apart keys whose 32-bit hashes are equal, byte for byte", () => {
    // Found by search: FNV-1a collisions among "s-<n>".
    const pairs = [
      ["s-1122789", "s-1339192"],
      ["s-1122788", "s-1339193"],
    ] as const;
    for (const [a, b] of pairs) expect(keyHash(a)).toBe(keyHash(b));
    const keys = new SessionKeys();
    expect(keyHash("s-1122789")).not.toBe(keyHash("s-1122788"));
    const a = keys.add("s-1122789");
    expect(keys.find("s-1339192")).toBe(-1);
    const b = keys.add("s-1339192");
    expect(b).not.toBe(a);
    expect([keys.find("s-1122789"), keys.find("s-1339192")]).toEqual([a, b]);
    expect([keys.keyOf(a), keys.keyOf(b)]).toEqual(["s-1122789", "s-1339192"]);
    // Deleting the first of the colliding pair leaves the second reachable (it was shifted back).
    keys.release(a);
    expect([keys.find("s-1122789"), keys.find("s-1339192")]).toEqual([-1, b]);
  });

  it("tell a key of one-byte characters from a wider one with the same bytes", () => {
    const keys = new SessionKeys();
    // "ab" is 0x61 0x62; "\u6261" is 0x61 0x62 in UTF-16 LE: the length byte (2 x 2, + 1 when wide) tells them apart.
    const narrow = keys.add("ab");
    const wide = keys.add("\u6261");
    expect([keys.find("ab"), keys.find("\u6261")]).toEqual([narrow, wide]);
    expect(keys.keyOf(wide)).toBe("\u6261");
    const odd = keys.add("s\ud800-\u00e9-\u{1f4de}");
    expect(keys.keyOf(odd)).toBe("s\ud800-\u00e9-\u{1f4de}");
    expect(keys.find("s\udc00-\u00e9-\u{1f4de}")).toBe(-1);
  });

  it("keep keys of any length: a varint of one, two or three bytes before their bytes", () => {
    const keys = new SessionKeys();
    const ids = ["a".repeat(63), "b".repeat(64), "c".repeat(8191), "d".repeat(8192), "\u6261".repeat(40_000)];
    const slots = ids.map((id) => keys.add(id));
    // A key is never found by another's bytes, even one that starts the same.
    expect(keys.find("a".repeat(64))).toBe(-1);
    expect(keys.find("b".repeat(63))).toBe(-1);
    expect(ids.map((id) => keys.find(id))).toEqual(slots);
    expect(slots.map((slot) => keys.keyOf(slot))).toEqual(ids);
    // 1 + 63, 2 + 64, 2 + 8191, 3 + 8192 and 3 + 80,000 bytes (the varint holds 2 x the count), in their chunks.
    expect(keys.arena.used).toBe(64 + 68 + 16_384 + 16_384 + 131_072);
    for (const slot of slots) keys.release(slot);
    expect([keys.size, keys.arena.used]).toEqual([0, 0]);
  });

  it("behave as a Map under any sequence of adds, finds and releases (growth, rehash, backward shift)", () => {
    const op = fc.tuple(fc.constantFrom("add", "release", "find"), fc.nat({ max: 3000 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(op, { minLength: 2000, maxLength: 4000 }), (ops) => {
        const keys = new SessionKeys();
        const model = new Map<string, number>();
        for (const [kind, n, bySpan] of ops) {
          // Short keys over few characters: many share a table position (and some their whole hash).
          const key = `k${n.toString(36)}`;
          // Half the steps take the key as bytes inside a line, with its hash, as the scanners give it.
          const line = Buffer.from(`{"session_id":"${key}"}`, "latin1");
          const from = 15;
          const to = from + key.length;
          const slot = bySpan ? keys.findSpan(line, from, to, keyHash(key)) : keys.find(key);
          expect(slot).toBe(model.get(key) ?? -1);
          if (kind === "add" && slot === -1)
            model.set(key, bySpan ? keys.addSpan(line, from, to, keyHash(key)) : keys.add(key));
          else if (kind === "release" && slot !== -1) {
            keys.release(slot);
            model.delete(key);
          }
        }
        expect(keys.size).toBe(model.size);
        // One table entry per key: none left behind by a release, none doubled by a growth.
        expect(keys.occupied).toBe(model.size);
        for (const [key, slot] of model) {
          expect(keys.find(key)).toBe(slot);
          expect(keys.keyOf(slot)).toBe(key);
        }
        // Every key chunk in use belongs to a key held: a length byte and 2 to 4 characters, in chunks of 4 or 8.
        let chunks = 0;
        for (const key of model.keys()) chunks += key.length + 1 <= 4 ? 4 : 8;
        expect(keys.arena.used).toBe(chunks);
      }),
      { seed: 7, numRuns: 25, endOnFailure: true },
    );
  }, 60_000);

  it("reuse released slots (last released first) and their key chunks", () => {
    const keys = new SessionKeys();
    const slots = Array.from({ length: 5000 }, (_, k) => keys.add(`session-${k}`));
    expect(slots).toEqual(Array.from({ length: 5000 }, (_, k) => k));
    const reserved = keys.arena.reserved;
    for (const k of [17, 4999, 250]) keys.release(k);
    expect(keys.add("x")).toBe(250);
    expect(keys.add("y")).toBe(4999);
    expect(keys.add("z")).toBe(17);
    expect(keys.add("w")).toBe(5000);
    expect(keys.slotCount).toBe(5001);
    expect(keys.arena.reserved).toBe(reserved);
    expect(keys.find("session-250")).toBe(-1);
    expect(keys.find("session-251")).toBe(251);
  });
});

describe("chunk arena", () => {
  it("gives back what it stored, in records of any length, and reuses freed chunks before growing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 700 }), { minLength: 20, maxLength: 200 }),
        fc.nat(),
        (records, pick) => {
          const arena = new ChunkArena();
          const heads = records.map((bytes) => arena.store(bytes, bytes.length));
          // Chunks of 4, 8 ... 256 bytes, then 512, 1024.
          const chunk = (n: number): number =>
            n === 0 ? 0 : n <= 256 ? Math.ceil(n / 4) * 4 : n <= 512 ? 512 : 1024;
          expect(arena.used).toBe(records.reduce((sum, r) => sum + chunk(r.length), 0));
          records.forEach((bytes, i) => {
            const into = new Uint8Array(bytes.length);
            arena.load(heads[i] as number, bytes.length, into);
            expect(into).toEqual(bytes);
            expect(arena.equals(heads[i] as number, bytes.length, bytes)).toBe(true);
          });
          // Free one record, store one of the same length: it takes the freed chunk, the arena does not grow.
          const i = pick % records.length;
          const freed = records[i] as Uint8Array;
          arena.release(heads[i] as number, freed.length);
          const reserved = arena.reserved;
          const again = freed.map((b) => b ^ 0xff);
          const head = arena.store(again, again.length);
          expect(head).toBe(heads[i]);
          expect(arena.reserved).toBe(reserved);
          const into = new Uint8Array(again.length);
          arena.load(head, again.length, into);
          expect(into).toEqual(again);
          if (again.length > 0) expect(arena.equals(head, again.length, freed)).toBe(false);
          // Every other record is untouched.
          records.forEach((bytes, k) => {
            if (k !== i) expect(arena.equals(heads[k] as number, bytes.length, bytes)).toBe(true);
          });
        },
      ),
      { seed: 11, numRuns: 200, endOnFailure: true },
    );
  });

  it("fills pages of 1 MiB, and gives a record longer than a page a page of its own, reused once freed", () => {
    const arena = new ChunkArena();
    const small = new Uint8Array(256).fill(7);
    // 4,096 chunks of 256 bytes fill one page exactly; the next starts a second.
    const handles = Array.from({ length: 4097 }, () => arena.store(small, small.length));
    expect(arena.reserved).toBe(2 * 2 ** 20);
    expect(handles[4096]).toBe(2 ** 20);
    const big = new Uint8Array(3 * 2 ** 20 + 5).map((_, k) => k & 0xff);
    const own = arena.store(big, big.length);
    expect(arena.reserved).toBe(5 * 2 ** 20 + 5);
    const back = new Uint8Array(big.length);
    arena.load(own, big.length, back);
    expect(Buffer.compare(back, big)).toBe(0);
    arena.release(own, big.length);
    expect(arena.reserved).toBe(2 * 2 ** 20);
    expect(arena.store(big, big.length)).toBe(own);
    // Chunks are still cut from the second page, after the last one.
    expect(arena.store(small, small.length)).toBe(2 ** 20 + 256);
  });
});
