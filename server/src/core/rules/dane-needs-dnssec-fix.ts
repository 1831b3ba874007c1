// The quick fix of dane-needs-dnssec: smtp_dns_support_level = dnssec where DANE is asked for (the
// level or the policy table): the main.cf line replaced or added after that line, or a -o added
// after that -o.
// Offered only while that scope still asks for DANE without DNSSEC lookups.

import { effective } from '../tls/config-targets';
import { insertionAfter, settingAt, str, type Fixes } from './fix';
import { daneAsked } from './smtp-client-scopes';

export const daneNeedsDnssecFix: Fixes = (a, f) => {
  const param = str(f.data?.fix);
  if (param !== 'smtp_dns_support_level' && param !== 'lmtp_dns_support_level') return [];
  const prefix = param.slice(0, 4);
  const serviceId = str(f.data?.service);
  const scope = serviceId ? (a.model.scopes.find((s) => s.service.id === serviceId) ?? null) : null;
  if (f.file === 'master.cf' && !scope) return [];
  if (daneAsked(a, { scope, prefix: prefix as 'smtp' | 'lmtp' }).length === 0 || effective(a, param, scope).toLowerCase() === 'dnssec') return [];
  const s = settingAt(a, f.file, f.range);
  if (!s) return [];
  const title = `Look up DNSSEC: ${param} = dnssec`;
  if (f.file === 'main.cf') {
    const e = a.model.entryOf.get(param);
    if (e) return [{ title, isPreferred: true, edits: [{ file: 'main.cf', range: e.valueRange, newText: 'dnssec' }] }];
    const { at, eol } = insertionAfter(a, 'main.cf', s.range);
    return [{ title, isPreferred: true, edits: [{ file: 'main.cf', range: at, newText: `${eol}${param} = dnssec` }] }];
  }
  const o = scope!.overrideOf.get(param);
  if (o) return [{ title, isPreferred: true, edits: [{ file: 'master.cf', range: o.valueRange, newText: 'dnssec' }] }];
  const { at, eol } = insertionAfter(a, 'master.cf', s.range);
  return [{ title, isPreferred: true, edits: [{ file: 'master.cf', range: at, newText: `${eol}  -o ${param}=dnssec` }] }];
};
