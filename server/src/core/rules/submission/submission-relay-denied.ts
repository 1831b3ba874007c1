// submission-relay-denied: a submission or port-465 service with SASL authentication on whose relay
// or recipient restrictions refuse a logged-in user's mail to other domains: smtpd evaluates
// smtpd_relay_restrictions, then smtpd_recipient_restrictions, each to its first permit or reject,
// and a mail program that logged in passes only where permit_sasl_authenticated (or permit) comes
// before the first element that rejects every relayed recipient. Judged only when the list is
// known and nothing before that element could let such a user through (a table lookup, a policy
// service, a restriction class): the rule must never call a working server broken.

import type { ConfigAnalysis } from '../../analysis';
import type { MasterScope } from '../../config/postconf-model';
import { nameForMessage, quoteForMessage, serviceForMessage } from '../../config/quote';
import { locate } from '../../tls/config-targets';
import { str, type Fixes } from '../fix';
import type { Rule } from '../rule';
import { knownExpansion, provenOn, submissionServices } from './services';
import { overrideEdits } from '../override-fix';

const CODE = 'submission-relay-denied';
const LISTS = ['smtpd_relay_restrictions', 'smtpd_recipient_restrictions'] as const;
const FIX_VALUE = 'permit_sasl_authenticated,reject';

/** Reject (or defer) every recipient in another domain, whoever the client is. */
const REJECTS_RELAY = new Set(['reject', 'defer', 'reject_unauth_destination', 'defer_unauth_destination']);
/** Let a logged-in user through. */
const PERMITS_USER = new Set(['permit', 'permit_sasl_authenticated']);
/**
 * Neither: they decide by the client's address or name, the HELO name, the sender or recipient
 * address, or a DNS list, never for every logged-in user; the rest of the list still decides.
 * Those followed by an argument (a DNS list domain, seconds) take it with them.
 */
const PASSES = new Set([
  'permit_mynetworks', 'permit_inet_interfaces', 'permit_auth_destination', 'permit_mx_backup', 'permit_naked_ip_address',
  'reject_unknown_client_hostname', 'reject_unknown_client', 'reject_unknown_reverse_client_hostname',
  'reject_invalid_helo_hostname', 'reject_invalid_hostname', 'reject_unknown_helo_hostname', 'reject_unknown_hostname',
  'reject_non_fqdn_helo_hostname', 'reject_non_fqdn_hostname', 'reject_unknown_sender_domain', 'reject_unknown_address',
  'reject_non_fqdn_sender', 'reject_unverified_sender', 'reject_unlisted_sender', 'reject_unknown_recipient_domain',
  'reject_non_fqdn_recipient', 'reject_unlisted_recipient', 'reject_unverified_recipient', 'reject_multi_recipient_bounce',
  'reject_unauth_pipelining', 'reject_plaintext_session', 'reject_sender_login_mismatch', 'reject_authenticated_sender_login_mismatch',
  'reject_known_sender_login_mismatch', 'reject_unauthenticated_sender_login_mismatch', 'reject_maps_rbl',
]);
const WITH_ARGUMENT = new Set([
  'reject_rbl_client', 'reject_rbl', 'reject_rhsbl_client', 'reject_rhsbl_reverse_client', 'reject_rhsbl_helo', 'reject_rhsbl_sender',
  'reject_rhsbl_recipient', 'permit_dnswl_client', 'permit_rhswl_client', 'sleep',
]);

export interface RelayDenial {
  param: (typeof LISTS)[number];
  /** The element that refuses, as written. */
  element: string;
  /** Whether permit_sasl_authenticated is in the list at all (after the element). */
  permitLater: boolean;
}

/**
 * The first element of a restriction list that refuses a logged-in user's relayed mail before anything
 * lets that user through; undefined when the list lets the user through, may do so, or is not known.
 * Words as smtpd_check.c splits and compares them: commas and white space, case-insensitive.
 */
export function relayDenial(list: string): { element: string; permitLater: boolean } | undefined {
  const words = list.split(/[\s,]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (PERMITS_USER.has(w)) return undefined;
    if (REJECTS_RELAY.has(w)) {
      // warn_if_reject turns the next element's reject into a log line.
      if (words[i - 1]?.toLowerCase() === 'warn_if_reject') continue;
      return { element: words[i]!, permitLater: words.slice(i + 1).some((x) => x.toLowerCase() === 'permit_sasl_authenticated') };
    }
    if (w === 'warn_if_reject' || PASSES.has(w)) continue;
    if (WITH_ARGUMENT.has(w)) {
      i++;
      continue;
    }
    // A table lookup, a policy service, a restriction class, defer_if_permit, a client certificate,
    // or a word smtpd does not know: what it does to a logged-in user is not known here.
    return undefined;
  }
  return undefined;
}

/** The lists of a service that refuse its logged-in users, in the order smtpd evaluates them. */
export function relayDenials(a: ConfigAnalysis, s: MasterScope): RelayDenial[] {
  const out: RelayDenial[] = [];
  for (const param of LISTS) {
    const v = knownExpansion(a, param, s);
    if (v === undefined) continue;
    const d = relayDenial(v);
    if (d) out.push({ param, ...d });
  }
  return out;
}

function where(a: ConfigAnalysis, param: string, s: MasterScope): string {
  const at = locate(a, param, s);
  if (!at) return `${nameForMessage(param)} (its default)`;
  return at.file === 'master.cf' ? `${nameForMessage(param)} (this service's -o)` : `${nameForMessage(param)} (main.cf line ${at.range.start.line + 1})`;
}

function fixTitle(params: readonly string[]): string {
  return `Let logged-in users send: ${params.map((p) => `-o ${p}=${FIX_VALUE}`).join(' ')}`;
}

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? submissionServices(a).find((s) => s.service.id === id) : undefined;
  if (!scope || !provenOn(a, 'smtpd_sasl_auth_enable', scope)) return [];
  const params = relayDenials(a, scope).map((d) => d.param);
  if (params.length === 0) return [];
  return [{ title: fixTitle(params), isPreferred: true, edits: overrideEdits(a, scope, params.map((p) => [p, FIX_VALUE] as const)) }];
};

export const submissionRelayDeniedRule: Rule = {
  code: CODE,
  severity: 'error',
  why: 'Mail programs that log in on the submission port send to every domain; when the restrictions refuse them before permit_sasl_authenticated, their mail to other domains is refused ("Relay access denied").',
  evidence: 'configuration',
  fixes,
  fixExamples: [
    {
      main: 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n',
      master: 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n',
      file: 'master.cf',
      at: 'submission',
      title: fixTitle(['smtpd_relay_restrictions']),
      after: 'submission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n',
    },
    {
      main: 'mua_relay_restrictions = reject_unauth_destination, permit_sasl_authenticated\n',
      master: 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_relay_restrictions=$mua_relay_restrictions\n',
      file: 'master.cf',
      at: '$mua_relay_restrictions',
      title: fixTitle(['smtpd_relay_restrictions']),
      after: 'smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n',
    },
  ],
  check(a) {
    if (!a.master) return [];
    const out = [];
    for (const s of submissionServices(a)) {
      if (!provenOn(a, 'smtpd_sasl_auth_enable', s)) continue;
      const denials = relayDenials(a, s);
      const first = denials[0];
      if (!first) continue;
      const own = s.overrideOf.get(first.param);
      const relayWords = /unauth_destination$/i.test(first.element) ? ' ("Relay access denied")' : '';
      out.push({
        code: CODE,
        severity: 'error' as const,
        message:
          `${serviceForMessage(s.service.id)} lets mail programs log in, but ${where(a, first.param, s)} has "${quoteForMessage(first.element)}" ` +
          `${first.permitLater ? 'before permit_sasl_authenticated' : 'and no permit_sasl_authenticated'}: a logged-in user's mail to other domains is refused${relayWords}. ` +
          `Add -o ${denials.map((d) => `${d.param}=${FIX_VALUE}`).join(' -o ')} to this service, or put permit_sasl_authenticated first.`,
        range: own ? own.valueRange : s.service.fields[0]!.range,
        file: 'master.cf' as const,
        service: s.service.id,
        data: { service: s.service.id },
      });
    }
    return out;
  },
};
