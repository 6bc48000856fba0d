// Did-you-mean for refusals: the closest known name to a mistyped one.

/** ` (did you mean "x"?)` for the closest of `choices` within a few edits (or sharing its start), else "". */
export function didYouMean(word: string, choices: readonly string[]): string {
  const wanted = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 3)) + 1;
  for (const choice of choices) {
    const distance = editDistance(wanted, choice.toLowerCase());
    if (distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  // Failing that, a name the word starts with, or that starts with the word (asr_rate -> asr), longest first.
  if (best === undefined && wanted.length >= 3)
    best = choices
      .filter(
        (c) => c.length >= 3 && (wanted.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(wanted)),
      )
      .sort((a, b) => b.length - a.length)[0];
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance (insert, delete, substitute), two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitute);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
