// The rules over the TLS protocol and cipher settings of smtpd services (tls/smtpd-tls.ts says
// which settings a service uses). The live probe has rules with the same codes (judgement.ts).

export { tlsLegacyProtocolRule } from './tls-legacy-protocol';
export { tlsWeakCipherRule } from './tls-weak-cipher';
export { tlsNoForwardSecrecyRule } from './tls-no-forward-secrecy';
export { TLS_LEGACY_PROTOCOL, TLS_WEAK_CIPHER, TLS_NO_FORWARD_SECRECY, type TlsCode } from './judgement';
