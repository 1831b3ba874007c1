// invalid-character: a NUL byte or other odd byte the readers find, and a file that is not UTF-8
// (read as Latin-1 so that no byte is lost: io/config-file.ts), pointed at its first odd byte.

import type { Rule } from './rule';
import { fromReaders } from './reader-findings';

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
