// The shape every diagnostic rule has: one file per rule, a stable code users can turn off by name,
// a default severity, and a one-line reason a mail admin understands (used in docs/rules.md).

import type { Finding, Severity } from '../types';
import type { ParsedMainCf } from '../config/main-cf';
import type { ParsedMasterCf } from '../config/master-cf';
import type { PostconfModel } from '../config/postconf-model';

export interface RuleContext {
  main: ParsedMainCf;
  master: ParsedMasterCf | null;
  model: PostconfModel;
  /** Postfix version whose parameter set applies ("3.7"). */
  version: string;
  /** How each file was decoded: latin1 means it was not valid UTF-8. */
  encodings?: { 'main.cf'?: 'utf8' | 'latin1'; 'master.cf'?: 'utf8' | 'latin1' };
  /** A file of the pair the front end did not read because of its size (see validate.ts). */
  unread?: { file: 'main.cf' | 'master.cf'; size: number; limit: number };
}

export interface Rule {
  code: string;
  severity: Severity;
  /** Why it matters, in one sentence. */
  why: string;
  /** The findings, as an array or one at a time (a generator holds none of them for long). */
  check(ctx: RuleContext): Iterable<Finding>;
  /**
   * For a rule whose messages are costly (a did-you-mean search, a count): check() gives each
   * finding's place and a plain message, and this the finished findings, in the same order, for the
   * findings that are listed only (those of one file at a time).
   */
  word?(findings: readonly Finding[], ctx: RuleContext): Finding[];
}
