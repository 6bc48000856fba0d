// Counted nouns in text output: "1 finding", "2 findings", "1,234 lines".

/** A count and its noun, singular for exactly 1 (`plural` when the noun does not just take an "s"). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
