// Hover on a TLS protocol or cipher setting of smtpd (smtpd_tls_protocols, smtpd_tls_ciphers,
// their mandatory_ and exclude_ siblings, tls_*_cipherlist): the protocol range it yields, the
// OpenSSL cipher list smtpd builds from it (tls/smtpd-tls.ts, tls/cipher-list.ts), and, when the
// caller asked the installed OpenSSL (lsp/hover.ts, trusted workspaces only), the suites that list
// yields, each judged by tls/cipher-suites.ts. Every text from a file or from openssl is escaped.

import type { ConfigAnalysis } from '../analysis';
import type { MasterScope } from '../config/postconf-model';
import { md } from '../markdown';
import { effective } from '../tls/config-targets';
import { buildCipherList, GRADES, type BuiltCipherList, type CipherSuitesAnswer } from '../tls/cipher-list';
import { judgeCipherSuite, weaknessWords } from '../tls/cipher-suites';
import { describeProtocols, parseProtocolList } from '../tls/protocols';
import { settingsFor, smtpdTls } from '../tls/smtpd-tls';

const PROTOCOL_SETTING = /^smtpd_tls_(mandatory_)?protocols$/;
const CIPHER_SETTING = /^smtpd_tls_(mandatory_)?(ciphers|exclude_ciphers)$/;
const CIPHERLIST_SETTING = new RegExp(`^tls_(${GRADES.join('|')})_cipherlist$`);
const MAX_SUITES = 40;

export const isTlsProtocolSetting = (name: string): boolean => PROTOCOL_SETTING.test(name);
export const isTlsCipherSetting = (name: string): boolean => CIPHER_SETTING.test(name) || CIPHERLIST_SETTING.test(name);

/**
 * The OpenSSL list a cipher setting takes part in, for a service (scope) or main.cf: a grade or
 * exclusion setting's list is the one smtpd builds with it (mandatory or not, as its name says);
 * a grade's cipherlist is shown alone. Null for other settings.
 */
export function cipherListOfSetting(a: ConfigAnalysis, name: string, scope: MasterScope | null): BuiltCipherList | null {
  if (CIPHERLIST_SETTING.test(name)) return buildCipherList(effective(a, name, scope), []);
  if (!CIPHER_SETTING.test(name)) return null;
  const s = settingsFor(a, scope, name.includes('mandatory'));
  return s.cipherList ?? { ok: false, why: `${s.gradeParam} is not a grade Postfix knows (high, medium, low, export or null), so the handshake fails` };
}

function whereInEffect(a: ConfigAnalysis, name: string, scope: MasterScope | null): string | null {
  if (CIPHERLIST_SETTING.test(name) || name === 'smtpd_tls_exclude_ciphers') return null;
  const s = smtpdTls(a, scope);
  const who = scope ? `for ${md(scope.service.id)}` : 'for this server';
  if (!s) return `Not in effect ${who}: TLS is off there.`;
  const mandatory = name.includes('mandatory');
  return mandatory === s.mandatory
    ? `In effect ${who}: TLS is ${s.mandatory ? 'mandatory' : 'optional'} there.`
    : `Not in effect ${who}: TLS is ${s.mandatory ? 'mandatory' : 'optional'} there, so ${s.mandatory ? 'the mandatory_ settings apply' : 'the settings without mandatory_ apply'}.`;
}

function suiteLine(name: string, protocol: string): string {
  const j = judgeCipherSuite(name);
  const notes: string[] = [];
  if (j.weak.length > 0) notes.push(`weak: ${weaknessWords(j.weak)}`);
  if (j.anonymous) notes.push('anonymous');
  if (!j.forwardSecret) notes.push('no forward secrecy');
  return `- ${md(name)} (${md(protocol)})${notes.length > 0 ? `: ${md(notes.join('; '))}` : ''}`;
}

/** The hover part for a TLS protocol or cipher setting; null for other settings. `suites`: OpenSSL's answer for cipherListOfSetting's list. */
export function tlsSettingHover(a: ConfigAnalysis, name: string, scope: MasterScope | null, suites?: CipherSuitesAnswer): string | null {
  const out: string[] = [];
  if (PROTOCOL_SETTING.test(name)) {
    const p = parseProtocolList(effective(a, name, scope));
    out.push(`**TLS protocols**: ${md(describeProtocols(p))}`);
    if (!p.ok) out.push(`Postfix refuses ${md(p.bad)} in this list and offers no TLS.`);
    else if (p.ignored.length > 0) out.push(`OpenSSL ignores the bound ${md(p.ignored.join(', '))}: it is no TLS version it knows.`);
  } else {
    const list = cipherListOfSetting(a, name, scope);
    if (!list) return null;
    if (!list.ok) out.push(`**OpenSSL cipher list**: none, ${md(list.why)}.`);
    else {
      out.push(`**OpenSSL cipher list**${CIPHERLIST_SETTING.test(name) ? '' : ' (as smtpd builds it)'}: ${md(list.list, 500)}`);
      if (suites && !suites.ok) out.push(`Cipher suites: not listed (${md(suites.why)}).`);
      else if (suites?.ok) {
        const lines = suites.suites.slice(0, MAX_SUITES).map((s) => suiteLine(s.name, s.protocol));
        if (suites.suites.length > MAX_SUITES) lines.push(`- and ${suites.suites.length - MAX_SUITES} more`);
        out.push(`**Cipher suites the installed OpenSSL yields** (${suites.suites.length}, TLS 1.3 suites always included):\n\n${lines.join('\n')}`);
      }
    }
  }
  const where = whereInEffect(a, name, scope);
  if (where) out.push(where);
  return out.join('\n\n');
}
