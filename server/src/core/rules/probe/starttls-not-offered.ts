// starttls-not-offered: the server's EHLO reply does not offer STARTTLS.
// Judged where its evidence is read (core/probe/dialogue.ts); declared here like every rule.

import type { DeclaredRule } from '../rule';

export const starttlsNotOfferedRule: DeclaredRule = {
  code: 'starttls-not-offered',
  severity: 'error',
  why: 'Gmail\'s "Send mail as" refuses a server without TLS, and mail programs either refuse or send the password in clear.',
  evidence: 'probe',
  madeBy: 'core/probe/dialogue.ts',
};
