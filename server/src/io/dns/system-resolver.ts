// The machine's resolvers, from /etc/resolv.conf as glibc reads it (core/dns/resolv-conf.ts). A file
// that is missing or unreadable is read as empty: glibc then asks 127.0.0.1, and so does this.

import { parseResolvConf, type ResolvConf } from '../../core/dns/resolv-conf';
import { readFileSafely } from '../read-file-safely';

export const RESOLV_CONF = '/etc/resolv.conf';

export async function systemResolvConf(path = RESOLV_CONF): Promise<ResolvConf> {
  const r = await readFileSafely(path, { limit: 64 * 1024 });
  return parseResolvConf(r.ok ? Buffer.from(r.bytes).toString('latin1') : '');
}
