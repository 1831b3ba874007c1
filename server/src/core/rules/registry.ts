// Every rule postfix-lens has, whatever its evidence: the one list docs/rules.md, the quick fixes
// and the tests are held to. Adding a rule: write its file, add it to its kind's list (index.ts,
// certificates/index.ts, probe/index.ts, dns/index.ts), and document it.

import type { CertificateRule, DnsRule, ProbeRule, Rule, SettingRule } from './rule';
import { configRules } from './index';
import { certificateRules, settingRules } from './certificates/index';
import { probeRules } from './probe/index';
import { dnsRules } from './dns/index';

export type AnyRule = Rule | CertificateRule | SettingRule | ProbeRule | DnsRule;

export const allRules: readonly AnyRule[] = [...configRules, ...settingRules, ...certificateRules, ...probeRules, ...dnsRules];

const byCode = new Map<string, AnyRule>(allRules.map((r) => [r.code, r]));

export function ruleOf(code: string): AnyRule | undefined {
  return byCode.get(code);
}
