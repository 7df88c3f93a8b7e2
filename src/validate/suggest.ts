/** Edit distance (Levenshtein), bounded to short identifiers. */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Finds the nearest candidate; `spend` is told the cost of each comparison and may stop the search. */
function nearest(name: string, candidates: Iterable<string>, spend: (cells: number) => boolean): string | undefined {
  if (name.length > 200) return undefined;
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length: such candidates cannot be near enough.
    if (candidate.length > 200 || Math.abs(candidate.length - name.length) > allowed) continue;
    if (!spend(name.length * candidate.length)) break;
    const score = distance(lower, candidate.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  // A difference of case alone scores 0 here ("startswith" for "startsWith"): still worth a
  // suggestion, unless the candidate is the name itself.
  return best !== undefined && bestScore <= allowed && best !== name ? best : undefined;
}

/** The nearest candidate to `name` ("did you mean …"), or undefined when none is near enough. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  return nearest(name, candidates, () => true);
}

/**
 * A {@link suggest} with a budget shared by all its calls, counted in edit-distance cells. A
 * hostile playbook can ask for thousands of suggestions among thousands of long names; once the
 * budget is spent, suggestions simply stop (the problems are still reported).
 */
export function createSuggest(budget = 20_000_000): typeof suggest {
  let left = budget;
  const spend = (cells: number) => {
    left -= cells;
    return left >= 0;
  };
  return (name, candidates) => (left > 0 ? nearest(name, candidates, spend) : undefined);
}
