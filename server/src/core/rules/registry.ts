// Every rule postfix-lens has, whatever its evidence: the one list docs/rules.md, the quick fixes
// and the tests are held to. Adding a rule: write its file, add it to its kind's list (index.ts,
// certificates/index.ts, probe/index.ts, dns/index.ts, protocols/index.ts), and document it.
//
// A code names one problem. Most are found from one kind of evidence; a few from two (the
// submission and TLS-protocol problems are seen in the files and by the live probe alike): each kind
// then has its own rule, with the same code, default severity and reason, and one section in
// docs/rules.md. ruleOf() gives the configuration rule first, the one whose quick fixes edit files.

import type { CertificateRule, DnsRule, ProbeRule, ProtocolsRule, Rule, SettingRule } from './rule';
import { configRules } from './index';
import { certificateRules, settingRules } from './certificates/index';
import { probeRules } from './probe/index';
import { dnsRules } from './dns/index';
import { protocolsRules } from './protocols/index';

export type AnyRule = Rule | CertificateRule | SettingRule | ProbeRule | DnsRule | ProtocolsRule;

export const allRules: readonly AnyRule[] = [...configRules, ...settingRules, ...certificateRules, ...probeRules, ...dnsRules, ...protocolsRules];

const byCode = new Map<string, AnyRule>();
for (const r of allRules) if (!byCode.has(r.code)) byCode.set(r.code, r);

export function ruleOf(code: string): AnyRule | undefined {
  return byCode.get(code);
}
