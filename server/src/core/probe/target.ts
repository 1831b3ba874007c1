// A probe target as a person types it: HOST, HOST:PORT, [IPv6]:PORT, [IPv6] or a bare IPv6 address
// (then the default port). One grammar for the command line and the VS Code input box. Pure.

export interface HostPort {
  /** A host name or an IP literal (IPv6 without brackets). */
  host: string;
  port: number;
}

/** The target, or the reason it is not one (for the input box's validation message). */
export function parseHostPort(input: string, defaultPort = 25): { value: HostPort } | { error: string } {
  const text = input.trim();
  if (text === '') return { error: 'Type a host name or address, and a port if it is not 25: smtp.example.com:587' };
  let host: string;
  let port: string | undefined;
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2];
    if (!isIPv6(host)) return { error: `"[${host}]" is not an IPv6 address` };
  } else if ((text.match(/:/g) ?? []).length > 1) {
    if (!isIPv6(text)) return { error: 'Write an IPv6 address with a port as [address]:port' };
    host = text;
  } else {
    const colon = text.indexOf(':');
    host = colon === -1 ? text : text.slice(0, colon);
    port = colon === -1 ? undefined : text.slice(colon + 1);
  }
  if (host === '') return { error: 'The host is missing' };
  if (!bracket && !isIpLiteral(host) && !/^[^\s/\\@?#[\]<>"'`]+$/u.test(host)) return { error: `"${host}" is not a host name` };
  if (host.length > 253) return { error: 'A host name has at most 253 characters' };
  if (port === undefined) return { value: { host, port: defaultPort } };
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n >= 1 && n <= 65535)) return { error: `"${port}" is not a TCP port (1 to 65535)` };
  return { value: { host, port: n } };
}

export function isIpLiteral(host: string): boolean {
  return isIPv4(host) || isIPv6(host);
}

function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s) || s.length > 45) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/**
 * A host name as Postfix's valid_hostname() accepts it for $myhostname (Postfix stops with "bad
 * parameter value" on anything else): labels of ASCII letters, digits, "-" and "_", 1 to 63
 * characters, no "-" at either end of a label, no empty label (so no trailing dot), and not digits
 * and dots alone; at most 253 characters, DNS's limit. Internationalised names only as A-labels
 * (xn--…): valid_hostname() takes ASCII only, DNS, SNI and certificates carry A-labels, and a
 * Unicode label is where look-alike letters and direction marks would hide.
 */
export function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253 || /^[\d.]+$/.test(name)) return false;
  return name.split('.').every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

/** A host a probe may be offered for: an IP address or a host name (isHostName). */
export function isProbeHost(host: string): boolean {
  return isIpLiteral(host) || isHostName(host);
}
