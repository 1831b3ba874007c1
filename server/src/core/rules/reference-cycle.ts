// reference-cycle: values that refer to each other in a loop ($a -> $b -> $a), or nest more than
// Postfix's 100 levels, or grow without bound ($a = $b $b, $b = $c $c, ...): values Postfix cannot
// expand because of how they refer to each other. Postfix cannot expand them: postconf -x stops with "unreasonable macro call
// nesting" (or crashes, for a loop through ${{...} == {...}}), and so does every daemon that reads the
// parameter. Reported once per member of the loop, on the reference that continues it.

import type { Finding } from '../types';
import { FLAG_RAW, type MasterScope } from '../config/postconf-model';
import { logicalRange } from '../config/logical-lines';
import { scanReferences } from '../config/macro';
import { nameForMessage } from '../config/quote';
import type { Rule, RuleContext } from './rule';

export const referenceCycleRule: Rule = {
  code: 'reference-cycle',
  severity: 'error',
  why: 'Postfix cannot expand values that refer to each other in a loop; the programs that read them stop with a fatal error.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    const { model } = ctx;
    for (const [name, entry] of model.entryOf) {
      if ((model.table.get(name)?.flags ?? 0) & FLAG_RAW) continue;
      const f = cycleFinding(ctx, name, entry.value, null, (a, b) => logicalRange(entry.logical, entry.valueOffset + a, entry.valueOffset + b), entry);
      if (f) out.push({ ...f, file: 'main.cf' });
    }
    for (const sc of model.scopes) {
      if (!sc.params) continue;
      for (const [name, o] of sc.overrideOf) {
        if (sc.params.get(name) !== o.value) continue;
        const ll = sc.service.logical;
        const f = cycleFinding(ctx, name, o.value, sc, (a, b) => logicalRange(ll, o.valueOffset + a, o.valueOffset + b), o);
        if (f) out.push({ ...f, file: 'master.cf', service: sc.service.id });
      }
    }
    return out;
  },
};

/** Names of the loop shown in a message: at most MAX_SHOWN, the rest counted before the last one. */
const MAX_SHOWN = 12;

function showLoop(loop: readonly string[]): string {
  const names = loop.map((n) => '$' + nameForMessage(n));
  if (names.length <= MAX_SHOWN) return names.join(' → ');
  return [...names.slice(0, MAX_SHOWN - 1), `… (${names.length - MAX_SHOWN} more)`, names[names.length - 1]].join(' → ');
}

function cycleFinding(
  ctx: RuleContext,
  name: string,
  value: string,
  scope: MasterScope | null,
  toRange: (a: number, b: number) => Finding['range'],
  /** The setting, whose name range is worked out only for a finding. */
  setting: { nameRange: Finding['range'] },
): Finding | null {
  if (!value.includes('$')) return null;
  // Expand "$name" rather than the value, so that the name itself is the first on the stack.
  const r = ctx.model.expand(scope ? value : `$${name}`, scope);
  const cycle = r.cycle;
  if (cycle && (scope || cycle[0] === name)) {
    const next = scope ? cycle[0] : cycle[1];
    const ref = scanReferences(value).refs.find((x) => x.name === next);
    const loop = scope ? [name, ...cycle] : cycle;
    return {
      code: 'reference-cycle',
      severity: 'error',
      message:
        `These values refer to each other in a loop: ${showLoop(loop)}. ` +
        (r.crashed
          ? 'Postfix cannot expand them (the loop runs through a ${{...} == {...}} comparison: postconf 3.7 crashes on it).'
          : 'Postfix cannot expand them (postconf -x: "unreasonable macro call nesting").'),
      range: ref ? toRange(ref.start, ref.end) : setting.nameRange,
      name,
      data: { cycle: loop },
    };
  }
  if (cycle) return null; // a loop this value only leads into: reported on the loop itself
  let message: string | null = null;
  if (r.tooDeep) message = 'This value nests ${...} expressions hundreds of levels deep; postfix-lens does not expand it, and Postfix struggles with it too.';
  else if (r.tooLarge) message = 'This value expands to an enormous text (references that double at each step): Postfix would spend minutes and gigabytes expanding it.';
  else if (r.problems.some((p) => p.kind === 'nesting')) message = 'Expanding this value nests $references more than 100 levels deep; Postfix gives up ("unreasonable macro call nesting").';
  return message ? { code: 'reference-cycle', severity: 'error', message, range: setting.nameRange, name } : null;
}
