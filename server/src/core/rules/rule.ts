// The shape every finding comes from, whatever it judges: one file per rule, a stable code users can
// turn off by name, a default severity, a one-line reason a mail admin understands (docs/rules.md
// states both, test/docs/rules-doc.test.ts holds it to this registry), the evidence its check
// judges, and the quick fixes it offers. Configuration rules judge the analysis of main.cf and
// master.cf; certificate rules judge what io/ read from the files the configuration names
// (rules/certificates/); probe rules judge what the live probe saw (rules/probe/). A rule of a new
// kind of evidence (DNS answers, a submission dialogue) declares its own kind in `Evidence`.

import type { Finding, Severity } from '../types';
import type { ConfigAnalysis } from '../analysis';
import type { FixExample, Fixes } from './fix';
import type { ChainEvidence } from './certificates/chain-evidence';
import type { CertificateFinding } from '../tls/findings';

/** What a configuration rule judges: the analysis of the pair (analysis.ts). */
export type RuleContext = ConfigAnalysis;

/**
 * The kinds of evidence a check can judge:
 * - configuration: the analysis of main.cf and master.cf (RuleContext);
 * - certificate-chain: one certificate and its chain, loaded and path-built (certificates/chain-evidence.ts);
 * - certificate-file: the bytes and PEM blocks of a certificate or key file, as io read them;
 * - certificate-read: how reading the files a setting names went (missing, unreadable, left unread);
 * - probe: the live SMTP and TLS dialogue with a server (probe/types.ts).
 */
export type Evidence = 'configuration' | 'certificate-chain' | 'certificate-file' | 'certificate-read' | 'probe';

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

/** A rule over one certificate and its chain; its findings name the file and line they are about. */
export interface ChainRule extends RuleDeclaration {
  evidence: 'certificate-chain';
  /** Must not throw (a throw becomes cert-analysis-failed). Usually none or one finding. */
  check(evidence: ChainEvidence): CertificateFinding[];
}

/**
 * A rule whose findings are made where its evidence is read: the PEM loader that meets a file it
 * cannot load, io's reads of the files a setting names, the probe's dialogue. The judgement lives in
 * `madeBy` (a path under server/src), which writes the code; test/docs/rules-doc.test.ts holds
 * every code the source writes to a rule of the registry.
 */
export interface DeclaredRule extends RuleDeclaration {
  evidence: 'certificate-file' | 'certificate-read' | 'configuration' | 'probe';
  madeBy: string;
}
