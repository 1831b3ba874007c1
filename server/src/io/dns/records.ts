// dns-packet's decoded records to the core's plain records (core/dns/types.ts): no Buffer, names in
// lower case without the trailing dot.

import type { Answer } from 'dns-packet';
import type { DnsRecord, DnsRecordType } from '../../core/dns/types';

export function wireName(name: string): string {
  const n = name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
  return n.toLowerCase();
}

/** The record as plain data when it is of a type the core reads and of class IN; else null. */
export function toDnsRecord(a: Answer): DnsRecord | null {
  if (a.type === 'OPT' || a.class !== 'IN') return null;
  const base = { name: wireName(a.name), ttl: a.ttl ?? 0 };
  switch (a.type as DnsRecordType) {
    case 'A':
    case 'AAAA':
      return { ...base, type: a.type as 'A' | 'AAAA', address: a.data as string };
    case 'CNAME':
      return { ...base, type: 'CNAME', target: wireName(a.data as string) };
    case 'MX': {
      const d = a.data as { preference?: number; exchange: string };
      return { ...base, type: 'MX', preference: d.preference ?? 0, exchange: wireName(d.exchange) };
    }
    case 'SRV': {
      const d = a.data as { priority?: number; weight?: number; port: number; target: string };
      return { ...base, type: 'SRV', priority: d.priority ?? 0, weight: d.weight ?? 0, port: d.port, target: wireName(d.target) };
    }
    case 'TLSA': {
      const d = a.data as { usage: number; selector: number; matchingType: number; certificate: Buffer };
      return { ...base, type: 'TLSA', usage: d.usage, selector: d.selector, matchingType: d.matchingType, data: d.certificate.toString('hex') };
    }
    case 'TXT': {
      const d = a.data as Buffer[];
      return { ...base, type: 'TXT', strings: d.map((s) => Buffer.from(s).toString('latin1')) };
    }
  }
  return null;
}
