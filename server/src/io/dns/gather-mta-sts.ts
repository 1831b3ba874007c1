// A domain's MTA-STS policy for the DNS check: fetched as senders fetch it (io/mta-sts-fetch.ts,
// with the check's resolver, --ca-file's roots, its signal and what is left of its deadline) and
// read by the core's parser. Never throws.

import { mtaStsPolicyFacts, type MtaStsPolicyFacts } from '../../core/dns/mta-sts-policy-facts';
import { fetchMtaStsPolicy, type PolicyFetchOptions } from '../mta-sts-fetch';

export async function gatherMtaStsPolicy(domain: string, options: Omit<PolicyFetchOptions, 'port'>): Promise<MtaStsPolicyFacts> {
  return mtaStsPolicyFacts(await fetchMtaStsPolicy(domain, options));
}
