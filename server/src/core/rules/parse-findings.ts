// Findings the readers themselves produce (they never throw): syntax-error, leading-whitespace,
// invalid-character in main.cf; master-cf-syntax and malformed-override in master.cf. Each code is
// declared here so that it has a severity and a reason like every other rule.

import type { Finding } from '../types';
import type { Rule, RuleContext } from './rule';

function fromReaders(ctx: RuleContext, code: string): Finding[] {
  const all = [...ctx.main.findings, ...(ctx.master?.findings ?? [])];
  return all.filter((f) => f.code === code);
}

const make = (code: string, severity: Rule['severity'], why: string): Rule => ({
  code,
  severity,
  why,
  evidence: 'configuration',
  check: (ctx) => fromReaders(ctx, code),
});

export const leadingWhitespaceRule = make(
  'leading-whitespace',
  'warning',
  'A first line that starts with whitespace is silently ignored by Postfix, so the setting has no effect.',
);
export const invalidCharacterRule: Rule = {
  code: 'invalid-character',
  severity: 'warning',
  why: 'Postfix stops reading a line at a NUL byte (the rest of the line is lost), and bytes that are not UTF-8 are rarely what was meant.',
  evidence: 'configuration',
  check(ctx) {
    const out = fromReaders(ctx, 'invalid-character');
    for (const [file, parsed] of [
      ['main.cf', ctx.main],
      ['master.cf', ctx.master],
    ] as const) {
      if (!parsed || ctx.encodings?.[file] !== 'latin1') continue;
      const i = parsed.index.text.search(/[\u0080-\u00ff]/);
      const at = parsed.index.positionAt(Math.max(0, i));
      out.push({
        code: 'invalid-character',
        severity: 'warning',
        message: `${file} is not valid UTF-8 (first odd byte here). Postfix reads bytes and does not mind, but a host name or path with such a byte will not match anything; check the file's encoding.`,
        range: { start: at, end: { line: at.line, character: at.character + 1 } },
        file,
      });
    }
    return out;
  },
};
export const masterCfSyntaxRule = make(
  'master-cf-syntax',
  'error',
  'A master.cf line with the wrong number or kind of fields stops master(8) and postconf.',
);
export const malformedOverrideRule = make(
  'malformed-override',
  'error',
  'postconf silently drops a malformed -o override, but the daemon refuses to start, so the service is down.',
);
