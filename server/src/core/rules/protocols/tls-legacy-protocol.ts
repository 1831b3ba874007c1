// tls-legacy-protocol (live): the server accepted TLS 1.0 or TLS 1.1.

import type { ProtocolsRule } from '../rule';
import { TLS_LEGACY_PROTOCOL } from '../tls-codes';
import { VERSION_WORDS } from './evidence';

export const tlsLegacyProtocolProtocolsRule: ProtocolsRule = {
  ...TLS_LEGACY_PROTOCOL,
  evidence: 'protocols',
  check(e) {
    const legacy = e.accepted.filter((a) => a.version === 'TLSv1' || a.version === 'TLSv1.1').map((a) => VERSION_WORDS[a.version]);
    if (legacy.length === 0) return [];
    const list = legacy.join(' and ');
    if (e.role === 'submission') {
      return [{ code: TLS_LEGACY_PROTOCOL.code, severity: 'warning', message: `This submission port accepts ${list}: clients that log in here should get TLS 1.2 or later only (smtpd_tls_protocols = >=TLSv1.2 on this service).` }];
    }
    return [{ code: TLS_LEGACY_PROTOCOL.code, severity: 'information', message: `This MX port accepts ${list}. Postfix allows ${legacy.length === 1 ? 'it' : 'them'} on port 25 on purpose (for opportunistic TLS any encryption beats plain text), so this is for information.` }];
  },
};
