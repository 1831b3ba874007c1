// The resolver a person names (--resolver, postfixLens.dns.resolver): ADDR, ADDR:PORT, [IPv6]:PORT or
// a bare IPv6 address; port 53 when none. An address only: a resolver's name would need a resolver.

import { isIpLiteral, parseHostPort } from '../probe/target';
import type { ResolverAddress } from './types';

export function parseResolverAddress(input: string): { value: ResolverAddress } | { error: string } {
  const r = parseHostPort(input, 53);
  if ('error' in r) return r;
  if (!isIpLiteral(r.value.host)) return { error: `"${r.value.host}" is not an IP address: name the resolver by its address, such as 127.0.0.1 or [::1]:5353` };
  return { value: { address: r.value.host, port: r.value.port } };
}
