// MX hosts on loopback for `probe --mx`: a real Postfix listening on port 25 of five loopback
// addresses (MX records name no port), each serving its own chain from a CA made for the run, the
// DNSSEC lab (dns-lab.ts) publishing their MX, A and TLSA records (signed, and one domain in the
// unsigned zone), and the HTTPS policy server (policy-server.ts) for two MTA-STS domains.
// The test, the posttls-finger cross-check (in a network namespace) and the benchmark share it.
//
//   host                 address   serves                        TLSA at _25._tcp.<host>
//   mx1.dane.good.test   base+0    leaf + CA                     3 1 1 of its key
//   mx2.dane.good.test   base+1    leaf + CA                     3 1 1 of another key (mismatch)
//   mx3.ta.good.test     base+2    leaf + CA                     2 1 1 of the CA's key
//   mx4.ta.good.test     base+3    leaf for other.good.test + CA 2 1 1 of the CA's key (name fails)
//   mx5.sts.good.test    base+4    expired leaf + CA             3 1 1 of its key

import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDnsLab, type DnsLab } from './dns-lab';
import { testCa } from './certificates';
import { startLoopbackPostfix, type LoopbackPostfix } from './postfix-loopback';
import { startPolicyServer, type PolicyServer } from './policy-server';

export interface MxLab {
  lab: DnsLab;
  postfix: LoopbackPostfix;
  /** Null when started without the MTA-STS domains. */
  policy: PolicyServer | null;
  /** The CA of the MX hosts' certificates (and the policy server's, when there is one), as files for --ca-file. */
  caFiles: string[];
  /** MX host name -> its address. */
  addresses: Record<string, string>;
  stop(): Promise<void>;
}

/** Each domain with the verdict `probe --mx` must give it, and why (for the tests and the figures). */
export const MX_DOMAINS = {
  'one.good.test': 0, // mx1: DANE-EE matches
  'dane.good.test': 1, // mx1 matches, mx2 does not
  'ta.good.test': 1, // mx3: DANE-TA and the name; mx4: DANE-TA matches, the name does not
  'sts.good.test': 1, // policy lists both; mx5's certificate expired (DANE-EE does not mind, MTA-STS does)
  'sts2.good.test': 1, // policy in enforce mode lists another host
  'mxp.insecure.test': 1, // MX in an unsigned zone: mx2's signed TLSA still applies (Postfix >= 3.6), and does not match
  'nullmx.good.test': 0, // Null MX: nothing to probe
} as const;

const spkiSha256 = (pem: string): string => createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

/** `base`: the last byte of the first of five loopback addresses whose port 25 is free (127.0.0.<base>..<base+4>). */
export async function startMxLab(o: { base: number; policy: boolean; validatingPort?: number }): Promise<MxLab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-mxlab-'));
  const ca = testCa('postfix-lens MX Test CA');
  const other = testCa('postfix-lens other key');
  const at = (i: number) => `127.0.0.${o.base + i}`;
  const hosts = {
    'mx1.dane.good.test': ca.issue(['mx1.dane.good.test']),
    'mx2.dane.good.test': ca.issue(['mx2.dane.good.test']),
    'mx3.ta.good.test': ca.issue(['mx3.ta.good.test']),
    'mx4.ta.good.test': ca.issue(['other.good.test']),
    'mx5.sts.good.test': ca.issue(['mx5.sts.good.test'], { from: -60, to: -2 }),
  };
  const names = Object.keys(hosts) as (keyof typeof hosts)[];
  const addresses = Object.fromEntries(names.map((n, i) => [n, at(i)]));
  const caFile = path.join(dir, 'mx-ca.pem');
  fs.writeFileSync(caFile, ca.cert);

  let policy: PolicyServer | null = null;
  try {
    if (o.policy) {
      const serve = (mx: string[]) => ({ handler: (_: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`version: STSv1\nmode: enforce\n${mx.map((m) => `mx: ${m}\n`).join('')}max_age: 86400\n`) });
      policy = await startPolicyServer({ 'mta-sts.sts.good.test': serve(['mx1.dane.good.test', '*.sts.good.test']), 'mta-sts.sts2.good.test': serve(['mail.elsewhere.test']) });
      if (!policy.onPort443) throw new Error(`mx-lab: the policy server could not listen on port 443 (got ${policy.address}:${policy.port}): run as root`);
    }
    const good = [
      'one 3600 IN MX 10 mx1.dane.good.test.',
      'dane 3600 IN MX 10 mx1.dane.good.test.',
      'dane 3600 IN MX 20 mx2.dane.good.test.',
      'ta 3600 IN MX 10 mx3.ta.good.test.',
      'ta 3600 IN MX 20 mx4.ta.good.test.',
      'sts 3600 IN MX 10 mx1.dane.good.test.',
      'sts 3600 IN MX 20 mx5.sts.good.test.',
      'sts2 3600 IN MX 10 mx1.dane.good.test.',
      'nullmx 3600 IN MX 0 .',
      ...names.map((n) => `${n.replace(/\.good\.test$/, '')} 3600 IN A ${addresses[n]}`),
      `_25._tcp.mx1.dane 3600 IN TLSA 3 1 1 ${spkiSha256(hosts['mx1.dane.good.test'].cert)}`,
      `_25._tcp.mx2.dane 3600 IN TLSA 3 1 1 ${spkiSha256(other.issue(['mx2.dane.good.test']).cert)}`,
      `_25._tcp.mx3.ta 3600 IN TLSA 2 1 1 ${spkiSha256(ca.cert)}`,
      `_25._tcp.mx4.ta 3600 IN TLSA 2 1 1 ${spkiSha256(ca.cert)}`,
      `_25._tcp.mx5.sts 3600 IN TLSA 3 1 1 ${spkiSha256(hosts['mx5.sts.good.test'].cert)}`,
      ...(policy
        ? ['_mta-sts.sts 3600 IN TXT "v=STSv1; id=1"', `mta-sts.sts 3600 IN A ${policy.address}`, '_mta-sts.sts2 3600 IN TXT "v=STSv1; id=1"', `mta-sts.sts2 3600 IN A ${policy.address}`]
        : []),
    ];
    const lab = await startDnsLab({ 'good.test': good, 'insecure.test': ['mxp 3600 IN MX 10 mx2.dane.good.test.'] }, o.validatingPort ? { validatingPort: o.validatingPort } : {});
    let postfix: LoopbackPostfix;
    try {
      postfix = await startLoopbackPostfix(
        names.map((n, i) => ({ name: n.split('.')[0]!, chainPem: `${hosts[n].key}${hosts[n].cert}${ca.cert}`, listen: { address: at(i), port: 25 } })),
        ['myhostname = mx1.dane.good.test'],
      );
    } catch (e) {
      await lab.stop();
      throw e;
    }
    const pf = postfix;
    const pol = policy;
    return {
      lab,
      postfix: pf,
      policy: pol,
      caFiles: [caFile, ...(pol ? [pol.caFile] : [])],
      addresses,
      stop: async () => {
        await Promise.all([pf.stop(), lab.stop(), pol?.close()]);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await policy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
