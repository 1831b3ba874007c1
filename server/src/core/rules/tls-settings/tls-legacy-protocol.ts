// tls-legacy-protocol: an smtpd service whose protocol setting in effect (smtpd_tls_mandatory_protocols
// with mandatory TLS, smtpd_tls_protocols otherwise: tls/smtpd-tls.ts) allows SSLv3, TLS 1.0 or
// TLS 1.1. Postfix 3.7's default ">=TLSv1" does. A warning on a submission service, information on
// port 25 (judgement.ts says why). The fix, on submission services only, is -o ...=>=TLSv1.2.

import type { Finding } from '../../types';
import { LEGACY, describeProtocols, protocolName } from '../../tls/protocols';
import { remoteSmtpdTls, settingsFor } from '../../tls/smtpd-tls';
import { nameForMessage } from '../../config/quote';
import type { Fixes } from '../fix';
import { str } from '../fix';
import type { Rule } from '../rule';
import { listNames } from '../main-cf-readers';
import { TLS_LEGACY_PROTOCOL as J } from './judgement';
import { overrideEdits } from '../override-fix';
import { findingAt, who } from './place';

const FLOOR = '>=TLSv1.2';

const legacyIn = (value: import('../../tls/protocols').ProtocolList) => (value.ok ? value.enabled.filter((p) => LEGACY.includes(p)) : []);

const fixes: Fixes = (a, f) => {
  const id = str(f.data?.service);
  const scope = id ? a.model.scopes.find((s) => s.service.id === id) : undefined;
  if (!scope || f.data?.role !== 'submission') return [];
  // Both lists: the one in effect, and the other when it allows old protocols too (a later change
  // of security level then keeps the floor).
  const values: [string, string][] = [];
  for (const mandatory of [true, false]) {
    const s = settingsFor(a, scope, mandatory);
    if (legacyIn(s.protocols).length > 0) values.push([s.protocolsParam, FLOOR]);
  }
  if (values.length === 0) return [];
  return [{ title: `Allow only TLS 1.2 and later: ${values.map(([p]) => `-o ${p}=${FLOOR}`).join(' ')}`, isPreferred: true, edits: overrideEdits(a, scope, values) }];
};

export const tlsLegacyProtocolRule: Rule = {
  code: J.code,
  severity: J.severity,
  why: J.why,
  evidence: 'configuration',
  fixes,
  fixExamples: [
    {
      main: 'smtpd_tls_security_level = may\n',
      master: 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n',
      file: 'master.cf',
      at: 'submission',
      title: 'Allow only TLS 1.2 and later: -o smtpd_tls_mandatory_protocols=>=TLSv1.2 -o smtpd_tls_protocols=>=TLSv1.2',
      after: 'submission inet n - y - - smtpd\n  -o smtpd_tls_mandatory_protocols=>=TLSv1.2\n  -o smtpd_tls_protocols=>=TLSv1.2\n  -o smtpd_tls_security_level=encrypt\n',
    },
    {
      main: 'smtpd_tls_protocols = >=TLSv1.2\n',
      master: 'submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_mandatory_protocols=!SSLv2,!SSLv3\n',
      file: 'master.cf',
      at: '!SSLv2,!SSLv3',
      title: 'Allow only TLS 1.2 and later: -o smtpd_tls_mandatory_protocols=>=TLSv1.2',
      after: 'submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_mandatory_protocols=>=TLSv1.2\n',
    },
  ],
  check(a) {
    const out: Finding[] = [];
    for (const { settings: s, role } of remoteSmtpdTls(a)) {
      const legacy = legacyIn(s.protocols);
      if (legacy.length === 0) continue;
      const names = listNames(legacy.map(protocolName));
      const shownValue = s.protocolsValue === '' ? 'empty' : nameForMessage(s.protocolsValue);
      const advice =
        role === 'submission'
          ? `Mail programs all speak TLS 1.2: set -o ${s.protocolsParam}=${FLOOR} on this service.`
          : 'On a port where other servers deliver, Postfix keeps them on purpose (TLS_README): a sender that cannot use TLS 1.2 would otherwise send in plain text.';
      const message = `${who(s.scope)} allows ${names} (${s.protocolsParam} is ${shownValue}${s.mandatory ? ', in effect because TLS is mandatory there' : ''}: ${describeProtocols(s.protocols)}). ${advice}`;
      const f = findingAt(a, J, role, s.protocolsParam, s.scope, message, { param: s.protocolsParam });
      if (f) out.push(f);
    }
    return out;
  },
};
