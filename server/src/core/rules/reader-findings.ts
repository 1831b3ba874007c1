// The findings main.cf's and master.cf's readers make as they read (they never throw): the rules
// leading-whitespace, invalid-character, master-cf-syntax and malformed-override pass them on.

import type { Finding } from '../types';
import type { RuleContext } from './rule';

export function fromReaders(ctx: RuleContext, code: string): Finding[] {
  const all = [...ctx.main.findings, ...(ctx.master?.findings ?? [])];
  return all.filter((f) => f.code === code);
}
