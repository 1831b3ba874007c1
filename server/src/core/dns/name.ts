// Which names the DNS client asks for. Pure.

/**
 * `name` as the client sends it (lower case, no trailing dot), or null when it is not a name a query
 * can carry safely: labels of ASCII letters, digits, "-" and "_" (TLSA and SRV owners start with
 * "_"), 1 to 63 characters each, at most 253 in all. Internationalised names only as A-labels
 * (xn--…), as DNS carries them. The wire encoder would otherwise turn a 64-character label or a
 * dot inside a label into a different name, silently.
 */
export function dnsQueryName(name: string): string | null {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n.length === 0 || n.length > 253) return null;
  for (const label of n.split('.')) if (!/^[A-Za-z0-9_-]{1,63}$/.test(label)) return null;
  return n.toLowerCase();
}

/** Two names from the wire or from the caller are the same DNS name (ASCII case-insensitive, RFC 4343). */
export function sameDnsName(a: string, b: string): boolean {
  const strip = (s: string) => (s.endsWith('.') && s.length > 1 ? s.slice(0, -1) : s);
  return strip(a).toLowerCase() === strip(b).toLowerCase();
}
