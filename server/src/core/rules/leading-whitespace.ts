// leading-whitespace: main.cf's first line starts with whitespace (the reader finds it).

import type { Rule } from './rule';
import { fromReaders } from './reader-findings';

export const leadingWhitespaceRule: Rule = {
  code: 'leading-whitespace',
  severity: 'warning',
  why: 'A first line that starts with whitespace is silently ignored by Postfix, so the setting has no effect.',
  evidence: 'configuration',
  check: (ctx) => fromReaders(ctx, 'leading-whitespace'),
};
