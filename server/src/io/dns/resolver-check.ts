// The resolver check (core/dns/resolver-check.ts): ". SOA" asked of the resolver the lookups use,
// and, for /etc/resolv.conf's resolvers, whether glibc passes the AD bit on (options trust-ad).

import { ROOT, type ResolverFacts } from '../../core/dns/resolver-check';
import { lookup, type LookupOptions } from './lookup';
import { systemResolvConf } from './system-resolver';

export async function checkResolver(base: LookupOptions, daneClients: string[]): Promise<ResolverFacts> {
  const system = base.resolver === undefined;
  const [root, conf] = await Promise.all([lookup(ROOT, 'SOA', base), system ? systemResolvConf() : null]);
  return { root, system, trustAd: conf?.trustAd ?? false, daneClients };
}
