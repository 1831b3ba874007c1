// Every rule postfix-lens has, whatever its evidence: the one list docs/rules.md, the quick fixes
// and the tests are held to. Adding a rule: write its file, add it to its kind's list (index.ts,
// certificates/index.ts, certificates/declared.ts, probe/index.ts), and document it.

import type { ChainRule, DeclaredRule, Rule } from './rule';
import { configRules } from './index';
import { chainRules } from './certificates/index';
import { certificateFileRules } from './certificates/declared';
import { probeRules } from './probe/index';

export type AnyRule = Rule | ChainRule | DeclaredRule;

export const allRules: readonly AnyRule[] = [...configRules, ...certificateFileRules, ...chainRules, ...probeRules];

const byCode = new Map<string, AnyRule>(allRules.map((r) => [r.code, r]));

export function ruleOf(code: string): AnyRule | undefined {
  return byCode.get(code);
}
