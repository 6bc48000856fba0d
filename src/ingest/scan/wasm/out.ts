// The scanner's outputs in linear memory (spec.ts's OUT, and the instant) and its byte and table loads.
import { OUT_LENGTH, OUT_SPANS } from "./tables";

/** The outputs of the last line, Int32 (spec.ts's OUT). */
export const OUT = memory.data(OUT_LENGTH * 4);
/** The instant of the last accepted line, Float64. */
export const TS = memory.data(8);

/** The byte at i. */
@inline export function b(i: usize): i32 { return <i32>load<u8>(i); }
/** Sets output k. */
@inline export function setOut(k: i32, v: i32): void { store<i32>(OUT + (<usize>k << 2), v); }
/** Output k. */
@inline export function getOut(k: i32): i32 { return load<i32>(OUT + (<usize>k << 2)); }
/** Whether slot s has a value (its span starts). */
@inline export function has(s: i32): bool { return getOut(OUT_SPANS + 2 * s) >= 0; }
/** Entry k of the Int32 table at t. */
@inline export function table(t: usize, k: i32): i32 { return load<i32>(t + (<usize>k << 2)); }
