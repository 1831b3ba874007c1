// malformed-override: a master.cf -o that is not name=value (the reader finds it).

import type { Rule } from './rule';
import { fromReaders } from './reader-findings';

export const malformedOverrideRule: Rule = {
  code: 'malformed-override',
  severity: 'error',
  why: 'postconf silently drops a malformed -o override, but the daemon refuses to start, so the service is down.',
  evidence: 'configuration',
  check: (ctx) => fromReaders(ctx, 'malformed-override'),
};
