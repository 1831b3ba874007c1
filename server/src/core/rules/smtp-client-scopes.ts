// The Postfix SMTP and LMTP clients a configuration runs, each with the prefix of the parameters it
// reads: smtp(8) run as "lmtp" reads lmtp_tls_security_level, lmtp_dns_support_level and so on
// (VAR_LMTP_SMTP in smtp.c). With master.cf, its services whose command is smtp or lmtp, each
// judged with its own -o; without it, main.cf's values for both programs.

import type { MasterScope } from '../config/postconf-model';
import type { ConfigAnalysis } from '../analysis';
import { effective, locate, type Location } from '../tls/config-targets';
import { programOf } from './main-cf-readers';
import { entryForMessage, policyEntries } from './tls-policy-entries';

export interface ClientScope {
  scope: MasterScope | null;
  prefix: 'smtp' | 'lmtp';
}

export function clientScopes(a: ConfigAnalysis): ClientScope[] {
  if (!a.master) return [{ scope: null, prefix: 'smtp' }, { scope: null, prefix: 'lmtp' }];
  const out: ClientScope[] = [];
  for (const scope of a.model.scopes) {
    const p = programOf(scope);
    if (p === 'smtp' || p === 'lmtp') out.push({ scope, prefix: p });
  }
  return out;
}

const yes = (v: string) => v.toLowerCase() === 'yes';

/**
 * The client's TLS level as smtp(8) reads it (smtp.c pre_init): `<prefix>_tls_security_level`
 * when set; otherwise the older smtp_enforce_tls (with smtp_tls_enforce_peername: verify, else
 * encrypt) and smtp_use_tls (may). `at`: the setting that decides it, when written.
 */
export function clientTlsLevel(a: ConfigAnalysis, c: ClientScope): { level: string; at: Location | undefined } {
  const p = c.prefix;
  const set = effective(a, `${p}_tls_security_level`, c.scope).toLowerCase();
  if (set) return { level: set, at: locate(a, `${p}_tls_security_level`, c.scope) };
  if (yes(effective(a, `${p}_enforce_tls`, c.scope))) {
    const peername = effective(a, `${p}_tls_enforce_peername`, c.scope);
    return { level: peername === '' || yes(peername) ? 'verify' : 'encrypt', at: locate(a, `${p}_enforce_tls`, c.scope) };
  }
  return { level: yes(effective(a, `${p}_use_tls`, c.scope)) ? 'may' : 'none', at: locate(a, `${p}_use_tls`, c.scope) };
}

/** One finding per place at fault, naming every client it applies to (first seen first). */
export class FindingsByPlace<T> {
  private readonly found = new Map<string, { at: Location; who: string[]; extra: T }>();
  add(at: Location, who: string, extra: T): void {
    const key = `${at.file}:${at.range.start.line}:${at.range.start.character}`;
    const f = this.found.get(key);
    if (!f) this.found.set(key, { at, who: [who], extra });
    else if (!f.who.includes(who)) f.who.push(who);
  }
  values() {
    return this.found.values();
  }
}

/** The clients that ask for DANE (dane or dane-only), as "service/type" or "the SMTP client" without master.cf. */
export function daneClients(a: ConfigAnalysis): string[] {
  const out: string[] = [];
  for (const c of clientScopes(a)) {
    if (daneAsked(a, c).length > 0) out.push(c.scope ? c.scope.service.id : `the ${c.prefix.toUpperCase()} client`);
  }
  return out;
}

/** The first setting that asks a client for DANE, if any (where check --dns puts dns-not-validating). */
export function daneLevelAt(a: ConfigAnalysis): Location | undefined {
  for (const c of clientScopes(a)) {
    const ask = daneAsked(a, c)[0];
    if (ask) return ask.at;
  }
  return undefined;
}

/**
 * Where a client asks for DANE: its level, and each dane or dane-only policy of a policy table it
 * can read from the configuration (tls-policy-entries.ts), with the words a message shows.
 */
export function daneAsked(a: ConfigAnalysis, c: ClientScope): { level: string; asked: string; at: Location }[] {
  const out: { level: string; asked: string; at: Location }[] = [];
  const { level, at } = clientTlsLevel(a, c);
  if ((level === 'dane' || level === 'dane-only') && at) out.push({ level, asked: `${c.prefix}_tls_security_level = ${level}`, at });
  for (const e of policyEntries(a, c)) if (e.level === 'dane' || e.level === 'dane-only') out.push({ level: e.level, asked: entryForMessage(c.prefix, e), at: e.at });
  return out;
}
