// The quick fixes of tls-disabled: turn TLS on (may, or encrypt as the alternative) where it is
// off, on the line the finding is on or in a line added after it. Never offered where TLS is asked
// for without a certificate: that needs a certificate, not another level.

import { effective } from '../tls/config-targets';
import type { MasterScope } from '../config/postconf-model';
import type { ConfigAnalysis } from '../analysis';
import { insertionAfter, settingAt, str, type Fixes, type TextEdit } from './fix';

const yes = (v: string) => v.toLowerCase() === 'yes';

/** smtpd's TLS level in a scope, as tls-disabled computes it. */
function tlsLevel(a: ConfigAnalysis, scope: MasterScope | null): string {
  const set = effective(a, 'smtpd_tls_security_level', scope).toLowerCase();
  if (set) return set;
  if (yes(effective(a, 'smtpd_enforce_tls', scope))) return 'encrypt';
  return yes(effective(a, 'smtpd_use_tls', scope)) ? 'may' : 'none';
}

export const tlsDisabledFix: Fixes = (a, f) => {
  const fix = str(f.data?.fix);
  const value = str(f.data?.value);
  if (!fix || (value !== 'may' && value !== 'encrypt')) return [];
  const serviceId = str(f.data?.service);
  const scope = serviceId ? (a.model.scopes.find((s) => s.service.id === serviceId && s.service.fields[7]!.text === 'smtpd') ?? null) : null;
  if (tlsLevel(a, scope) !== 'none') return [];
  const s = settingAt(a, f.file, f.range);
  if (!s) return [];
  const other = value === 'may' ? 'encrypt' : 'may';
  const make = (v: string): TextEdit[] => {
    if (s.name === fix) return [{ file: f.file, range: s.valueRange, newText: v }];
    // Not written here: add it after the line (main.cf) or after the -o (master.cf) the finding is on.
    const { at, eol } = insertionAfter(a, f.file, s.range);
    const newText = f.file === 'main.cf' ? `${eol}${fix} = ${v}` : `${eol}  -o ${fix}=${v}`;
    return [{ file: f.file, range: at, newText }];
  };
  return [
    { title: `Turn TLS on: ${fix} = ${value}`, isPreferred: true, edits: make(value) },
    { title: `Turn TLS on: ${fix} = ${other}`, isPreferred: false, edits: make(other) },
  ];
};
