// Where a TLS settings finding goes, and the -o edits its fixes make. A service's own -o holds the
// finding when it sets the value at fault; otherwise the service's name in master.cf does, because
// main.cf's value is port 25's too and the fix belongs to the one service. Without master.cf (main.cf
// alone is Postfix's stock smtp service) the main.cf line of the value; a built-in default there has
// no line of its own, and is not reported (with master.cf it is, on the service).

import type { ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import { serviceForMessage } from '../../config/quote';
import { locate, type Location } from '../../tls/config-targets';
import type { Range } from '../../types';
import { insertionAfter, type TextEdit } from '../fix';

export interface Place {
  file: 'main.cf' | 'master.cf';
  range: Range;
  service?: string;
}

export function placeFor(a: ConfigAnalysis, param: string, scope: MasterScope | null): Place | undefined {
  const at: Location | undefined = locate(a, param, scope);
  if (scope) {
    if (at?.file === 'master.cf') return { file: 'master.cf', range: at.range, service: scope.service.id };
    return { file: 'master.cf', range: scope.service.fields[0]!.range, service: scope.service.id };
  }
  return at ? { file: 'main.cf', range: at.range } : undefined;
}

/** "the submission service" / "this server" (main.cf alone). */
export const who = (scope: MasterScope | null): string => (scope ? serviceForMessage(scope.service.id) : 'this server');

/**
 * Edits that give a service these -o values: an -o of the service that is in effect gets the new
 * value; the others become new -o lines, before the service's first -o (beside the others) or on a
 * continuation line after its command.
 */
export function overrideEdits(a: ConfigAnalysis, scope: MasterScope, values: readonly [string, string][]): TextEdit[] {
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [param, value] of values) {
    const own = scope.overrideOf.get(param);
    if (own && scope.params?.get(param) === own.value) edits.push({ file: 'master.cf', range: own.valueRange, newText: value });
    else added.push(`-o ${param}=${value}`);
  }
  if (added.length === 0) return edits;
  const s = scope.service;
  const firstO = s.overrides[0];
  if (firstO) {
    const { eol } = insertionAfter(a, 'master.cf', firstO.range);
    edits.push({ file: 'master.cf', range: { start: firstO.range.start, end: firstO.range.start }, newText: added.map((x) => `${x}${eol}  `).join('') });
    return edits;
  }
  const last = s.args.length > 0 ? s.args[s.args.length - 1]! : s.fields[7]!;
  const { at, eol } = insertionAfter(a, 'master.cf', last.range);
  edits.push({ file: 'master.cf', range: at, newText: added.map((x) => `${eol}  ${x}`).join('') });
  return edits;
}
