// $mynetworks when main.cf does not set it: Postfix computes it from the machine's own interface
// addresses (those $inet_interfaces selects, of the families $inet_protocols allows) and
// $mynetworks_style (host: each address alone; subnet: its network; class: the old class A/B/C
// network, subnet for IPv6). Same order and duplicate removal as Postfix's mynetworks().

export interface InterfaceAddress {
  address: string;
  netmask: string;
  family: 'IPv4' | 'IPv6';
}

function v4ToInt(a: string): number {
  return a.split('.').reduce((n, p) => ((n << 8) | (parseInt(p, 10) & 255)) >>> 0, 0);
}

function intToV4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function prefixLength4(mask: number): number {
  let bits = 0;
  for (let m = mask; m !== 0; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** Expand an IPv6 text address to 16 bytes. */
function v6ToBytes(a: string): number[] {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const parse = (s: string) => (s ? s.split(':') : []).flatMap((g) => {
    if (g.includes('.')) {
      const n = v4ToInt(g);
      return [(n >>> 16) & 0xffff, n & 0xffff];
    }
    return [parseInt(g, 16)];
  });
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const groups = [...h, ...new Array(Math.max(0, 8 - h.length - t.length)).fill(0), ...t];
  return groups.flatMap((g) => [(g >> 8) & 255, g & 255]);
}

/** RFC 5952 text form, as inet_ntop prints it. */
function bytesToV6(b: number[]): string {
  const g = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart === -1) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

function prefixLength6(mask: number[]): number {
  let bits = 0;
  for (const byte of mask) {
    if (byte === 255) {
      bits += 8;
      continue;
    }
    for (let c = byte; c & 0xff; c = (c << 1) & 0xff) bits++;
    break;
  }
  return bits;
}

export function computeMynetworks(style: string, addresses: InterfaceAddress[]): string | null {
  const s = style.trim().toLowerCase();
  if (s !== 'host' && s !== 'subnet' && s !== 'class') return null;
  const out: string[] = [];
  for (const a of addresses) {
    if (a.family === 'IPv4') {
      const addr = v4ToInt(a.address);
      let mask: number;
      if (s === 'host') mask = 0xffffffff;
      else if (s === 'subnet') mask = v4ToInt(a.netmask);
      else if (addr >>> 31 === 0) mask = 0xff000000;
      else if (addr >>> 30 === 2) mask = 0xffff0000;
      else if (addr >>> 29 === 6) mask = 0xffffff00;
      else mask = 0xf0000000;
      out.push(`${intToV4((addr & mask) >>> 0)}/${prefixLength4(mask)}`);
    } else {
      const bytes = v6ToBytes(a.address.split('%')[0]);
      const bits = s === 'host' ? 128 : prefixLength6(v6ToBytes(a.netmask));
      const net = bytes.map((b, i) => (i * 8 >= bits ? 0 : i * 8 + 8 <= bits ? b : b & (0xff << (8 - (bits - i * 8))) & 0xff));
      out.push(`[${bytesToV6(net)}]/${bits}`);
    }
  }
  return [...new Set(out)].map((x) => x + ' ').join('');
}

/**
 * The addresses Postfix takes as its own: all interface addresses for inet_interfaces = all, the
 * loopback ones for loopback-only, else the listed literal addresses (with the netmask of the
 * interface that has them). Null when a name would need DNS: the caller falls back.
 * IPv4 addresses come first, as Postfix lists them.
 */
export function ownAddresses(
  inetInterfaces: string,
  inetProtocols: string,
  all: InterfaceAddress[],
  resolve: (name: string) => string[] | undefined = () => undefined,
): InterfaceAddress[] | null {
  const protos = inetProtocols.toLowerCase().split(/[\s,]+/).filter(Boolean);
  const v4 = protos.includes('all') || protos.includes('ipv4');
  const v6 = protos.includes('all') || protos.includes('ipv6');
  const allowed = (a: InterfaceAddress) => (a.family === 'IPv4' ? v4 : v6);
  const words = inetInterfaces.toLowerCase().split(/[\s,]+/).filter(Boolean);
  let picked: InterfaceAddress[];
  if (words.length === 1 && words[0] === 'all') picked = all.filter(allowed);
  else if (words.length === 1 && words[0] === 'loopback-only') {
    picked = [];
    if (v4) picked.push({ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' });
    if (v6) picked.push({ address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6' });
  } else {
    picked = [];
    for (const w of words) {
      const lit = w.replace(/^\[|\]$/g, '');
      const family = (x: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(x) ? 'IPv4' : x.includes(':') ? 'IPv6' : null);
      const literals = family(lit) ? [lit] : resolve(lit);
      if (!literals) return null;
      for (const l of literals) {
        const fam = family(l);
        if (!fam) return null;
        const hit = all.find((a) => a.family === fam && a.address.toLowerCase() === l.toLowerCase());
        const addr: InterfaceAddress = hit ?? { address: l, netmask: fam === 'IPv4' ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: fam };
        if (allowed(addr)) picked.push(addr);
      }
    }
  }
  return [...picked.filter((a) => a.family === 'IPv4'), ...picked.filter((a) => a.family === 'IPv6')];
}
