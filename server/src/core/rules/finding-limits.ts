// How many findings of one code are listed per file, and the selection that keeps only those: the
// first MAX_FINDINGS_PER_CODE of each code in each file, in document order, and one "…and N more"
// finding where the first one left out is. The selection takes findings one at a time and holds at
// most MAX_FINDINGS_PER_CODE + 1 of each kind, so a rule that yields hundreds of thousands (a
// generated file) costs their count, not their memory; a rule whose messages are costly words only
// the findings that are listed (Rule.word).

import type { Finding } from '../types';

/**
 * Tens of thousands of findings (a generated file, a pasted line) would take an editor seconds to
 * show and hide everything else. Real files stay far below it: the corpus's worst has about 300
 * unused parameters, all listed.
 */
export const MAX_FINDINGS_PER_CODE = 1000;

interface Kept<T> {
  finding: Finding;
  /** Order of arrival: ties in position keep it, as a stable sort would. */
  seq: number;
  tag: T;
}

/** Document order: main.cf before master.cf, then line, then character. */
function before(a: Finding, b: Finding): number {
  return (a.file === 'master.cf' ? 1 : 0) - (b.file === 'master.cf' ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function earlier<T>(a: Kept<T>, b: Kept<T>): boolean {
  const d = before(a.finding, b.finding);
  return d < 0 || (d === 0 && a.seq < b.seq);
}

/** The MAX + 1 earliest findings of one code in one file (a max-heap: the latest on top), and how many were offered. */
class Bucket<T> {
  readonly heap: Kept<T>[] = [];
  count = 0;

  constructor(private readonly limit: number) {}

  offer(k: Kept<T>): void {
    this.count++;
    const h = this.heap;
    if (h.length < this.limit) {
      h.push(k);
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!earlier(h[p]!, h[i]!)) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (!earlier(k, h[0]!)) return;
    h[0] = k;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && earlier(h[m]!, h[l]!)) m = l;
      if (r < h.length && earlier(h[m]!, h[r]!)) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}

/**
 * Findings offered one at a time; `listed()` gives those to show, in document order. `tag` travels
 * with a finding (the rule that made it, to word it when it is listed).
 */
export class FindingSelection<T = undefined> {
  private readonly buckets = new Map<string, Bucket<T>>();
  private seq = 0;

  constructor(private readonly max = MAX_FINDINGS_PER_CODE) {}

  offer(finding: Finding, tag: T): void {
    const key = `${finding.file ?? 'main.cf'}\0${finding.code}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Bucket<T>(this.max + 1)));
    b.offer({ finding, seq: this.seq++, tag });
  }

  /**
   * The listed findings and the "…and N more" ones, in document order. `word` gets the listed findings
   * of each code and file at once (with the tag of the first) and gives them back finished, in order.
   */
  listed(word: (findings: Finding[], tag: T) => Finding[] = (f) => f): Finding[] {
    const out: Kept<undefined>[] = [];
    const summaries: Kept<undefined>[] = [];
    for (const b of this.buckets.values()) {
      const kept = b.heap.sort((x, y) => (earlier(x, y) ? -1 : 1));
      const shown = kept.slice(0, this.max);
      const worded = word(
        shown.map((k) => k.finding),
        shown[0]!.tag,
      );
      shown.forEach((k, i) => out.push({ finding: worded[i]!, seq: k.seq, tag: undefined }));
      if (b.count > this.max) {
        const first = kept[this.max]!;
        // After every finding at the same place, in the order their first left-out finding came.
        summaries.push({ finding: omitted(first.finding, b.count - this.max, this.max), seq: this.seq + first.seq, tag: undefined });
      }
    }
    return [...out, ...summaries].sort((x, y) => (earlier(x, y) ? -1 : 1)).map((k) => k.finding);
  }
}

function omitted(first: Finding, count: number, max: number): Finding {
  return {
    code: first.code,
    severity: first.severity,
    message: `…and ${count} more ${first.code} finding${count === 1 ? '' : 's'} in ${first.file ?? 'main.cf'} from here on, not listed one by one (postfix-lens lists the first ${max} of each kind).`,
    range: first.range,
    file: first.file ?? 'main.cf',
  };
}
