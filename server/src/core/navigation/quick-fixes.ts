// Quick fixes for a finding the editor sends back: those its rule declares (`Rule.fixes`, beside
// the rule), looked up by code in the registry. Pure; see rules/fix.ts for the contract every fix keeps.

import type { ConfigAnalysis } from '../analysis';
import { ruleOf } from '../rules/registry';
import type { FixableFinding, QuickFix } from '../rules/fix';

export type { FixableFinding, QuickFix, TextEdit } from '../rules/fix';

export function quickFixes(a: ConfigAnalysis, f: FixableFinding): QuickFix[] {
  return ruleOf(f.code)?.fixes?.(a, f) ?? [];
}
