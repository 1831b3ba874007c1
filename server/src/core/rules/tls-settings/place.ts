// Where a TLS settings finding goes, and the -o edits its fixes make. A service's own -o holds the
// finding when it sets the value at fault; otherwise the service's name in master.cf does, because
// main.cf's value is port 25's too and the fix belongs to the one service. Without master.cf (main.cf
// alone is Postfix's stock smtp service) the main.cf line of the value; a built-in default there has
// no line of its own, and is not reported (with master.cf it is, on the service).

import type { ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import type { PortRole } from '../../tls/smtpd-tls';
import type { Finding } from '../../types';
import type { TlsCode } from './judgement';
import { serviceForMessage } from '../../config/quote';
import { locate, type Location } from '../../tls/config-targets';
import type { Range } from '../../types';

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


/** A finding of `code` about `param` as `scope` sees it, at placeFor()'s place, with the port's role in its data; none where there is no place. */
export function findingAt(a: ConfigAnalysis, code: TlsCode, role: PortRole, param: string, scope: MasterScope | null, message: string, data: Record<string, string> = {}): Finding | undefined {
  const place = placeFor(a, param, scope);
  if (!place) return undefined;
  return {
    code: code.code,
    severity: code.severityFor(role),
    message,
    range: place.range,
    file: place.file,
    ...(place.service ? { service: place.service } : {}),
    data: { role, ...data, ...(scope ? { service: scope.service.id } : {}) },
  };
}
