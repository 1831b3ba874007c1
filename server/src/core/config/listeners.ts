// Whether a master.cf service can be reached from other machines, decided as master(8) decides its
// MASTER_FLAG_LOCAL_ONLY (master_ent.c): unix, unix-dgram and fifo services are local; an inet
// service is local when every address it listens on is a loopback address (127.0.0.0/8 or ::1,
// sock_addr_in_loopback()). Its addresses are the host of "host:port" or "[host]:port", else
// main.cf's $inet_interfaces: "all" listens on every address, "loopback-only" on the loopback ones,
// anything else on the listed addresses and names. master(8) reads main.cf alone: a service's -o
// inet_interfaces changes nothing about where it listens. A pass service gets its connections from
// postscreen, so remote clients are likely.
//
// Names are resolved from the installation's /etc/hosts; "localhost" is loopback when the hosts
// file does not say otherwise (RFC 6761). Any other name, which DNS may resolve to anything, counts
// as reachable from other machines.

import type { MasterService } from './master-cf';
import type { Installation } from './defaults';

export interface ListenerInfo {
  local: boolean;
  /** How it listens, for messages: "127.0.0.1", "inet_interfaces = loopback-only", "all addresses". */
  where: string;
}

const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** sock_addr_in_loopback() for an address literal (brackets and an "ipv6:" prefix allowed); null when not a literal. */
export function isLoopbackAddress(text: string): boolean | null {
  const a = text.replace(/^\[(.*)\]$/, '$1').replace(/^ipv6:/i, '');
  const m = v4.exec(a);
  if (m) return m.slice(1).every((x) => Number(x) <= 255) ? Number(m[1]) === 127 : null;
  if (!a.includes(':') || !/^[0-9a-f:.]+$/i.test(a)) return null;
  // IN6_IS_ADDR_LOOPBACK: ::1 only (not the IPv4-mapped ::ffff:127.0.0.1).
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s ? s.split(':') : []);
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head.concat(tail).some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  const all = [...head, ...Array(8 - count).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return all.slice(0, 7).every((g) => g === 0) && all[7] === 1;
}

/** Is every address a host (literal or name) stands for a loopback address? */
function hostIsLoopback(host: string, installation: Installation | undefined): boolean {
  const lit = isLoopbackAddress(host);
  if (lit !== null) return lit;
  const name = host.toLowerCase().replace(/\.$/, '');
  const addresses = installation?.hosts?.get(name);
  if (addresses && addresses.length > 0) return addresses.every((x) => isLoopbackAddress(x) === true);
  return name === 'localhost';
}

/** The host part of an inet service name as host_port() splits it ("" when there is none). */
export function serviceHost(name: string): string {
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    return end === -1 ? name.slice(1) : name.slice(1, end);
  }
  const colon = name.lastIndexOf(':');
  return colon === -1 ? '' : name.slice(0, colon);
}

/** Where the services without a host of their own listen, from main.cf's expanded $inet_interfaces. */
export function interfacesInfo(inetInterfaces: string, installation: Installation | undefined): ListenerInfo {
  const words = inetInterfaces.split(/[\s,]+/).filter(Boolean);
  const lower = words.map((w) => w.toLowerCase());
  if (lower.length === 1 && lower[0] === 'loopback-only') return { local: true, where: 'inet_interfaces = loopback-only' };
  // master(8) compares "all" case-insensitively; an empty list is refused by master(8) at start.
  if (lower.length === 0 || lower.includes('all')) return { local: false, where: 'all addresses' };
  const local = words.every((w) => hostIsLoopback(w, installation));
  return { local, where: `inet_interfaces = ${words.join(', ')}` };
}

/**
 * How a service listens. `service` null: main.cf without master.cf, where Postfix's stock smtp
 * service listens on $inet_interfaces. `inetInterfaces`: main.cf's value, expanded.
 */
export function listenerInfo(service: MasterService | null, inetInterfaces: string, installation: Installation | undefined): ListenerInfo {
  if (service && ['unix', 'unix-dgram', 'fifo'].includes(service.type)) return { local: true, where: `a ${service.type} socket` };
  if (service && service.type === 'pass') return { local: false, where: 'connections handed over by postscreen' };
  const host = service ? serviceHost(service.name) : '';
  if (!host) return interfacesInfo(inetInterfaces, installation);
  return { local: hostIsLoopback(host, installation), where: host };
}
