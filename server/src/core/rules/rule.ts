// The shape every finding comes from, whatever it judges: one file per rule, a stable code users can
// turn off by name, a default severity, a one-line reason a mail admin understands (docs/rules.md
// states both, test/docs/rules-doc.test.ts holds it to this registry), the evidence its check
// judges, and the quick fixes it offers. Whoever reads (the parsers, io/, the probe's sockets and
// dialogue) only gathers evidence as plain data; the rules alone judge it:
// - configuration rules judge the analysis of main.cf and master.cf;
// - certificate rules judge what io/ read from the files the configuration names and what tls/
//   loaded from them, down to a certificate and its chain (rules/certificates/evidence.ts);
// - certificate-setting rules judge the settings that name those files, and what was left unread
//   (rules/certificates/setting-evidence.ts);
// - probe rules judge what the live probe met (rules/probe/evidence.ts);
// - DNS rules judge what the lookups of a hosted domain met (rules/dns/evidence.ts);
// - protocols rules judge which TLS versions, suites and groups a live server accepted
//   (rules/protocols/evidence.ts).
// A rule of a new kind of evidence (a submission dialogue) declares its kind in
// `Evidence` and its own interface beside these.

import type { Finding, Severity } from '../types';
import type { ConfigAnalysis } from '../analysis';
import type { FixExample, Fixes } from './fix';
import type { CertificateEvidence } from './certificates/evidence';
import type { SettingEvidence } from './certificates/setting-evidence';
import type { CertificateFinding } from '../tls/findings';
import type { SettingNote } from '../tls/location';
import type { ProbeEvidence, ProbeJudgement } from './probe/evidence';
import type { DnsEvidence, DnsFinding } from './dns/evidence';
import type { ProtocolsEvidence, ProtocolsJudgement } from './protocols/evidence';

/** What a configuration rule judges: the analysis of the pair (analysis.ts). */
export type RuleContext = ConfigAnalysis;

/**
 * The kinds of evidence a check can judge:
 * - configuration: the analysis of main.cf and master.cf (RuleContext);
 * - certificate: one fact of reading and loading a setting's files, or one certificate and its
 *   chain (CertificateEvidence);
 * - certificate-setting: a setting that names certificate files, as the configuration and the
 *   check's limits leave it (SettingEvidence);
 * - probe: one thing the live SMTP and TLS dialogue met (ProbeEvidence);
 * - dns: one thing the DNS lookups of a hosted domain met (DnsEvidence);
 * - protocols: the TLS versions and suites a live server accepted, and the port's role (ProtocolsEvidence).
 */
export type Evidence = 'configuration' | 'certificate' | 'certificate-setting' | 'probe' | 'dns' | 'protocols';

/** What every rule declares, whatever its evidence. */
export interface RuleDeclaration {
  code: string;
  severity: Severity;
  /** Why it matters, in one sentence. */
  why: string;
  evidence: Evidence;
  /** The quick fixes for one of its findings, as the editor sends it back (lsp/code-actions.ts is glue). */
  fixes?: Fixes;
  /** Each fix at work; a rule with `fixes` has at least one (test/core/rule-fixes.test.ts applies them). */
  fixExamples?: readonly FixExample[];
}

export interface Rule extends RuleDeclaration {
  evidence: 'configuration';
  /** The findings, as an array or one at a time (a generator holds none of them for long). */
  check(ctx: RuleContext): Iterable<Finding>;
  /**
   * For a rule whose messages are costly (a did-you-mean search, a count): check() gives each
   * finding's place and a plain message, and this the finished findings, in the same order, for the
   * findings that are listed only (those of one file at a time).
   */
  word?(findings: readonly Finding[], ctx: RuleContext): Finding[];
}

/**
 * A rule over certificate evidence: most judge one kind of it (a file without a certificate, a key
 * that does not load, a certificate and its chain) and return [] for the others. Its findings name
 * the file and line they are about; io/certificate-checks.ts puts them on the setting's line.
 */
export interface CertificateRule extends RuleDeclaration {
  evidence: 'certificate';
  /** Must not throw (a throw becomes cert-analysis-failed). Usually none or one finding. */
  check(evidence: CertificateEvidence): CertificateFinding[];
}

/** A rule over a setting that names certificate files; its findings are on that setting. */
export interface SettingRule extends RuleDeclaration {
  evidence: 'certificate-setting';
  check(evidence: SettingEvidence): SettingNote[];
}

/** A rule over what the live probe met; the report shows its findings (an early stop with its phase). */
export interface ProbeRule extends RuleDeclaration {
  evidence: 'probe';
  check(evidence: ProbeEvidence): ProbeJudgement[];
}

/** A rule over what the DNS lookups met; `postfix-lens dns` lists its findings by domain and host. */
export interface DnsRule extends RuleDeclaration {
  evidence: 'dns';
  check(evidence: DnsEvidence): DnsFinding[];
}

/** A rule over what the enumeration of a live server's TLS versions and suites learnt (`probe --protocols`). */
export interface ProtocolsRule extends RuleDeclaration {
  evidence: 'protocols';
  check(evidence: ProtocolsEvidence): ProtocolsJudgement[];
}
