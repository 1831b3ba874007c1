// The edits that give a master.cf service its own "-o name=value" settings, as Postfix's own
// master.cf writes them: an -o the service already has gets the new value; the others go on
// continuation lines before the service's first -o (beside the others whatever follows them), or
// after its command and arguments when it has none.

import type { ConfigAnalysis } from '../analysis';
import type { MasterScope } from '../config/postconf-model';
import { insertionAfter, type TextEdit } from './fix';

export function overrideEdits(a: ConfigAnalysis, scope: MasterScope, settings: readonly (readonly [name: string, value: string])[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [name, value] of settings) {
    const own = scope.overrideOf.get(name);
    if (own) edits.push({ file: 'master.cf', range: own.valueRange, newText: value });
    else added.push(`-o ${name}=${value}`);
  }
  if (added.length === 0) return edits;
  const s = scope.service;
  const last = s.args.length > 0 ? s.args[s.args.length - 1]! : s.fields[7]!;
  const { at } = insertionAfter(a, 'master.cf', last.range);
  // The line break of the service's own line: a CRLF file keeps CRLF (its tokens do not hold the CR).
  const eol = a.master?.index.lineText(s.fields[0]!.range.start.line).endsWith('\r') ? '\r\n' : '\n';
  const firstO = s.overrides[0];
  if (firstO) {
    const start = firstO.range.start;
    edits.push({ file: 'master.cf', range: { start, end: start }, newText: added.map((o) => `${o}${eol}  `).join('') });
  } else {
    edits.push({ file: 'master.cf', range: at, newText: added.map((o) => `${eol}  ${o}`).join('') });
  }
  return edits;
}
