// smtpd_tls_protocols, smtpd_tls_mandatory_protocols (and the smtp_/lmtp_ ones) read as Postfix
// 3.7 reads them: tls_proto_mask_lims() in src/tls/tls_misc.c, then OpenSSL's
// SSL_CTX_set_min/max_proto_version() in tls_server.c.
//
// - Tokens are separated by commas, spaces, tabs, newlines and colons (CHARS_COMMA_SP ":").
// - "!name" excludes a protocol; a bare "name" includes it, and once anything is included every
//   known protocol not included is excluded. Names are matched without regard to case.
// - ">=name" and "<=name" set a floor and a ceiling: a name of tls_version_table ("None" means no
//   bound) or a hexadecimal number (strtoul base 16: "0x0303" and "303" alike; an empty one is 0).
// - Any other token makes the whole list invalid: smtpd then logs "Invalid TLS protocol list" and
//   offers no TLS at all.
// - OpenSSL ignores a bound that is neither 0 nor a TLS version it has (0x0300 to 0x0304): the call
//   fails and Postfix does not look at its result.

/** The protocols Postfix 3.7 knows, oldest first. */
export const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The version numbers OpenSSL compares bounds with (SSLv2 has none: OpenSSL 1.1.0 and later lack it). */
const WIRE: Record<Protocol, number> = { SSLv2: 0x0002, SSLv3: 0x0300, TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 };

/** tls_version_table: the names a bound may use (matched without regard to case). */
const BOUND_NAMES = new Map<string, number>([
  ['none', 0],
  ['sslv3', 0x0300],
  ['tlsv1', 0x0301],
  ['tlsv1.1', 0x0302],
  ['tlsv1.2', 0x0303],
  ['tlsv1.3', 0x0304],
]);

const PROTOCOL_BY_NAME = new Map<string, Protocol>(PROTOCOLS.map((p) => [p.toLowerCase(), p]));

export type ProtocolList =
  | {
      ok: true;
      /** Protocols the list allows, oldest first (before what the OpenSSL build itself lacks). */
      enabled: Protocol[];
      /** Protocols it turns off by name (explicit "!name", or left out of an include list). */
      excluded: Protocol[];
      /** The bounds in force (0: none); a bound OpenSSL would refuse is dropped, see `ignored`. */
      floor: number;
      ceiling: number;
      /** Bounds OpenSSL ignores (not a TLS version it has), as written. */
      ignored: string[];
    }
  | { ok: false; /** The first token Postfix refuses, as written (clipped to 100 characters). */ bad: string };

/** parse_tls_version(): a name or a hexadecimal number; null where Postfix refuses it. */
function boundValue(text: string): number | null {
  const named = BOUND_NAMES.get(asciiLower(text));
  if (named !== undefined) return named;
  // strtoul(..., 16) must use the whole token: optional sign, optional "0x", hex digits ("" is 0).
  if (text === '') return 0;
  const m = /^([+-]?)(?:0[xX])?([0-9a-fA-F]+)$/.exec(text);
  if (!m) return null;
  const digits = m[2]!.replace(/^0+/, '');
  if (digits.length > 8) return null; // above INT_MAX
  const v = digits === '' ? 0 : parseInt(digits, 16);
  if (m[1] === '-' && v !== 0) return null; // negated, it wraps to a huge unsigned long
  return v > 0x7fffffff ? null : v;
}

const SEPARATORS = /[, \t\r\n:]+/;

/** strcasecmp's folding: ASCII letters only. */
export const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());

export function parseProtocolList(value: string): ProtocolList {
  let floor = 0;
  let ceiling = 0;
  let exclude = 0;
  let include = 0;
  const ignored: string[] = [];
  for (const tok of value.split(SEPARATORS)) {
    if (tok === '') continue;
    if (tok.startsWith('>=') || tok.startsWith('<=')) {
      const v = boundValue(tok.slice(2));
      if (v === null) return { ok: false, bad: tok.slice(0, 100) };
      const valid = v === 0 || (v >= 0x0300 && v <= 0x0304);
      if (!valid) {
        if (ignored.length < 10) ignored.push(tok.slice(0, 100));
      }
      else if (tok[0] === '>') floor = v;
      else ceiling = v;
      continue;
    }
    const bang = tok.startsWith('!');
    const p = PROTOCOL_BY_NAME.get(asciiLower(bang ? tok.slice(1) : tok));
    if (!p) return { ok: false, bad: tok.slice(0, 100) };
    const bit = 1 << PROTOCOLS.indexOf(p);
    if (bang) exclude |= bit;
    else include |= bit;
  }
  const mask = include ? exclude | (((1 << PROTOCOLS.length) - 1) & ~include) : exclude;
  const excluded = PROTOCOLS.filter((_, i) => mask & (1 << i));
  const enabled = PROTOCOLS.filter((p, i) => !(mask & (1 << i)) && (floor === 0 || WIRE[p] >= floor) && (ceiling === 0 || WIRE[p] <= ceiling) && p !== 'SSLv2');
  return { ok: true, enabled, excluded, floor, ceiling, ignored };
}

/** Protocols older than TLS 1.2: broken (SSL) or deprecated by RFC 8996 (TLS 1.0, 1.1). */
export const LEGACY: readonly Protocol[] = ['SSLv3', 'TLSv1', 'TLSv1.1'];

const SHOWN: Record<Protocol, string> = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

export const protocolName = (p: Protocol): string => SHOWN[p];

/**
 * The range a list yields, for a hover or a message: "TLS 1.0 – TLS 1.3 (SSLv2, SSLv3 excluded)",
 * "TLS 1.2, TLS 1.3", "none". Plain text (no Markdown); protocol names only, never the input.
 */
export function describeProtocols(list: ProtocolList): string {
  if (!list.ok) return 'none: the list is invalid, so Postfix offers no TLS';
  const on = list.enabled;
  if (on.length === 0) return 'none: every protocol is excluded, so every TLS handshake fails';
  const contiguous = on.every((p, i) => i === 0 || PROTOCOLS.indexOf(p) === PROTOCOLS.indexOf(on[i - 1]!) + 1);
  const range = on.length === 1 ? SHOWN[on[0]!] : contiguous && on.length > 2 ? `${SHOWN[on[0]!]} – ${SHOWN[on[on.length - 1]!]}` : on.map((p) => SHOWN[p]).join(', ');
  const named = list.excluded.filter((p) => !on.includes(p));
  return named.length > 0 ? `${range} (${named.map((p) => SHOWN[p]).join(', ')} excluded)` : range;
}
