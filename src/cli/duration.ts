// A window option's value: a duration as `90m`, `24h`, `2d`, `45s` or a plain number of seconds.
import { InvalidArgumentError } from "commander";

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses a duration (`90m`, `24h`, `2d`, `30s`, or seconds as a number, decimals allowed) into seconds. */
export function duration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([smhd]?)\s*$/i.exec(value);
  const amount = match?.[1];
  if (match === null || amount === undefined)
    throw new InvalidArgumentError("expected a duration such as 90m, 24h, 2d or a number of seconds.");
  const unit = (match[2] ?? "").toLowerCase();
  return Number(amount) * (UNIT_SECONDS[unit === "" ? "s" : unit] as number);
}
