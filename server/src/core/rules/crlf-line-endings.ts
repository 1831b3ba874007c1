// crlf-line-endings: a file saved with Windows line endings. Postfix reads it (the CR is whitespace
// and is trimmed at the end of a value), but a CR inside a continued value stays in it, and shell
// tools on the server (grep, sed, postconf -e) behave oddly with such files.

import type { Finding } from '../types';
import type { ParsedMainCf } from '../config/main-cf';
import type { ParsedMasterCf } from '../config/master-cf';
import type { Rule } from './rule';

function firstCrlf(parsed: ParsedMainCf | ParsedMasterCf, file: 'main.cf' | 'master.cf'): Finding | null {
  const i = parsed.index.text.indexOf('\r\n');
  if (i === -1) return null;
  const at = parsed.index.positionAt(i);
  let count = 0;
  for (let j = i; j !== -1; j = parsed.index.text.indexOf('\r\n', j + 2)) count++;
  return {
    code: 'crlf-line-endings',
    severity: 'hint',
    message:
      `${file} has Windows (CRLF) line endings (${count} line${count === 1 ? '' : 's'}). Postfix tolerates them, but a CR inside a ` +
      'continued value becomes part of it and server-side tools trip over them; save the file with Unix (LF) line endings.',
    range: { start: at, end: { line: at.line, character: at.character + 1 } },
    file,
  };
}

export const crlfLineEndingsRule: Rule = {
  code: 'crlf-line-endings',
  severity: 'hint',
  why: 'Configuration files edited on Windows keep CR characters that Postfix mostly ignores but tools on the server do not.',
  evidence: 'configuration',
  check(ctx) {
    const out: Finding[] = [];
    const a = firstCrlf(ctx.main, 'main.cf');
    if (a) out.push(a);
    const b = ctx.master ? firstCrlf(ctx.master, 'master.cf') : null;
    if (b) out.push(b);
    return out;
  },
};
