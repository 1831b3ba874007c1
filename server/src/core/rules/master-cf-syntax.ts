// master-cf-syntax: a master.cf line with the wrong number or kind of fields (the reader finds it).

import type { Rule } from './rule';
import { fromReaders } from './reader-findings';

export const masterCfSyntaxRule: Rule = {
  code: 'master-cf-syntax',
  severity: 'error',
  why: 'A master.cf line with the wrong number or kind of fields stops master(8) and postconf.',
  evidence: 'configuration',
  check: (ctx) => fromReaders(ctx, 'master-cf-syntax'),
};
