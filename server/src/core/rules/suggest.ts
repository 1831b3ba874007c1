// Did-you-mean for parameter names: the closest known name within a small edit distance
// (Damerau-Levenshtein with adjacent transpositions), preferring names of the same family.

import { allParameters, isAvailableIn } from '../catalogue/catalogue';

let cache: { version: string; byLength: Map<number, string[]> } | undefined;

function candidates(version: string): Map<number, string[]> {
  if (cache?.version === version) return cache.byLength;
  const byLength = new Map<number, string[]>();
  for (const p of allParameters()) {
    if (p.class === 'legacy' || !isAvailableIn(p, version)) continue;
    const list = byLength.get(p.name.length) ?? [];
    list.push(p.name);
    byLength.set(p.name.length, list);
  }
  cache = { version, byLength };
  return byLength;
}

/** Edit distance, or max+1 as soon as it must exceed max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

export function suggestParameter(name: string, version: string): string | undefined {
  if (name.length > 80) return undefined;
  const max = name.length <= 6 ? 1 : name.length <= 14 ? 2 : 3;
  const byLength = candidates(version);
  let best: string | undefined;
  let bestD = max + 1;
  for (let len = name.length - max; len <= name.length + max; len++) {
    for (const c of byLength.get(len) ?? []) {
      const d = editDistance(name.toLowerCase(), c, max);
      if (d < bestD || (d === bestD && best !== undefined && c < best)) {
        best = c;
        bestD = d;
      }
    }
  }
  return bestD <= max ? best : undefined;
}
