// For each problem code: why a strict client stops ("because ...") and what the admin changes
// ("fix"), in the words of a Postfix configuration. The verdict sentence is built from the first
// blocking problem's advice; the problem list uses the same words, so the two never disagree.

import { day } from '../tls/findings.js';
import { phaseWords } from './phases.js';
import type { ChainEntry, ProbeError, ProbeMode } from './types.js';

export interface Advice {
  because: string;
  fix: string;
  /**
   * A strict client such as Gmail's "Send mail as" would go on, but the server is not safe to submit
   * mail to (it offers AUTH before TLS): the verdict says so instead of "would refuse".
   */
  unsafe?: true;
}

export interface AdviceContext {
  port: number;
  mode: ProbeMode;
  /** Judged as a submission port: smtpd there needs its SASL back end to answer at all. */
  submission?: boolean;
  hostnames: readonly string[];
  /** As sent, leaf first. */
  chain: readonly ChainEntry[];
  now: Date;
  /** The chain builder's explanation for cert-untrusted / cert-chain-incomplete. */
  chainDetail: string;
  /** Names to verify that the leaf does not cover. */
  missingNames: readonly string[];
  /** Position in `chain` of the certificate the finding is about, when it is about one. */
  certIndex: number | undefined;
}

const RELOAD = 'and run postfix reload';
const FULLCHAIN = `point smtpd_tls_cert_file at fullchain.pem (or list it in smtpd_tls_chain_files) ${RELOAD}`;

export function certificateAdvice(code: string, c: AdviceContext): Advice | undefined {
  const leaf = c.chain[0];
  if (!leaf) return undefined;
  const names = leaf.names.length ? leaf.names.join(', ') : `no name at all (only the CN "${cn(leaf.subject)}", which clients ignore)`;
  switch (code) {
    case 'cert-chain-incomplete':
      return c.chain.length === 1
        ? { because: `the server sent only the leaf certificate, without the intermediate "${cn(leaf.issuer)}" that issued it`, fix: FULLCHAIN }
        : { because: `the chain the server sent lacks "${cn(leaf.issuer)}", the intermediate that issued its certificate`, fix: FULLCHAIN };
    case 'cert-self-signed':
      return { because: 'its certificate is self-signed', fix: `install a certificate from a public CA such as Let's Encrypt for ${c.hostnames.join(', ')} (smtpd_tls_chain_files = privkey.pem, fullchain.pem) ${RELOAD}` };
    case 'cert-untrusted':
      return { because: `its certificate does not lead to a trusted root (${c.chainDetail || 'unknown issuer'})`, fix: `use a certificate from a public CA such as Let's Encrypt (a private CA is trusted only by clients that were given it, here with --ca-file)` };
    case 'cert-name-mismatch':
      if (c.missingNames.every((n) => /^[\d.]+$|:/.test(n)) && leaf.names.length) {
        return { because: `its certificate is for ${names}, not the address ${c.missingNames.join(', ')}`, fix: `connect by a name the certificate has (probe with --hostname ${leaf.names[0]})` };
      }
      return { because: `its certificate is for ${names}, not ${c.missingNames.join(', ')}`, fix: `get a certificate that lists ${c.missingNames.join(' and ')} as Subject Alternative Name${c.missingNames.length > 1 ? 's' : ''} (certbot -d ${c.missingNames[0]}), or connect to a name the certificate has` };
    case 'cert-expired': {
      const e = c.certIndex !== undefined ? c.chain[c.certIndex]! : undefined;
      if (!e) return { because: 'the root its chain leads to has expired', fix: 'get a current chain from your CA (fullchain.pem of a fresh certificate)' };
      if (e === leaf) return { because: `its certificate expired on ${day(leaf.notAfter)}`, fix: `renew it (certbot renew) ${RELOAD}` };
      return { because: `the intermediate certificate "${cn(e.subject)}" it sends expired on ${day(e.notAfter)}`, fix: `serve your CA's current intermediate (fullchain.pem of a fresh certificate) ${RELOAD}` };
    }
    case 'cert-not-yet-valid': {
      const e = (c.certIndex !== undefined ? c.chain[c.certIndex] : undefined) ?? leaf;
      return { because: `${e === leaf ? 'its certificate' : `the certificate "${cn(e.subject)}" it sends`} is not valid before ${e.notBefore}`, fix: "check the server's clock and the certificate's dates, or wait" };
    }
    case 'cert-expiring-soon': {
      const e = (c.certIndex !== undefined ? c.chain[c.certIndex] : undefined) ?? leaf;
      const days = Math.ceil((Date.parse(e.notAfter) - c.now.getTime()) / 86_400_000);
      const when = `on ${day(e.notAfter)}, in ${days} day${days === 1 ? '' : 's'}`;
      return e === leaf
        ? { because: `its certificate expires ${when}`, fix: `renew it (certbot renew) ${RELOAD}` }
        : { because: `the intermediate certificate "${cn(e.subject)}" it sends expires ${when}`, fix: `renew the certificate, so that fullchain.pem brings your CA's current intermediate, ${RELOAD}` };
    }
    case 'cert-weak-key': {
      const e = (c.certIndex !== undefined ? c.chain[c.certIndex] : undefined) ?? leaf;
      return { because: `${e === leaf ? 'its certificate' : `the certificate "${cn(e.subject)}" it sends`} has a weak key (${e.key})`, fix: 'reissue it with a 2048-bit (or larger) RSA key or a P-256 key' };
    }
    case 'cert-weak-signature':
      return { because: 'a certificate it sends is signed with SHA-1 or MD5, which clients treat as forgeable', fix: 'have it reissued (with SHA-256)' };
    case 'cert-not-for-server':
      return { because: "its certificate's Extended Key Usage does not allow a TLS server", fix: 'reissue it with Extended Key Usage serverAuth' };
    case 'cert-chain-order':
      return leaf.isCA
        ? { because: `the first certificate it sends is the CA certificate "${cn(leaf.subject)}", not its own`, fix: `list the server certificate first, then its intermediates (the order of fullchain.pem) ${RELOAD}` }
        : { because: 'the intermediate certificates it sends are out of order', fix: `send each certificate followed by its issuer (the order of fullchain.pem) ${RELOAD}` };
    case 'cert-chain-extra':
      return { because: 'it sends certificates that are not part of its chain (or the root, which clients already have)', fix: 'remove them from the chain file; they only make every handshake bigger' };
    default:
      return undefined;
  }
}

/** For the dialogue and connection errors. `firstLine` is the server's refusing reply, when there is one. */
export function errorAdvice(error: ProbeError, c: Pick<AdviceContext, 'port' | 'mode' | 'submission'>): Advice {
  const advice = dialogueAdvice(error, c);
  const sasl = c.submission ? saslHint(error) : undefined;
  return sasl ? { ...advice, fix: `${advice.fix}; ${sasl}` } : advice;
}

/**
 * On a submission port smtpd starts its SASL back end when a session begins (or, with
 * smtpd_tls_auth_only = yes, after STARTTLS); when it cannot reach it, it logs "fatal: no SASL
 * authentication mechanisms" and dies: the client sees the connection close, and while master(8)
 * throttles the service ("bad command startup -- throttling") no greeting comes at all.
 */
function saslHint(error: ProbeError): string | undefined {
  const closed = error.code === 'connection-closed' && ['greeting', 'ehlo', 'ehlo-tls'].includes(error.phase);
  const silent = error.code === 'timeout' && error.phase === 'greeting';
  const refused = (error.code === 'greeting-refused' || error.code === 'ehlo-refused') && /"421[ -]/.test(error.message);
  if (!closed && !silent && !refused) return undefined;
  const died = 'if the mail log shows "fatal: no SASL authentication mechanisms" (after "warning: SASL: Connect to ... failed"), smtpd died because it cannot reach its SASL back end: start Dovecot, or check smtpd_sasl_type and smtpd_sasl_path';
  return silent ? `${died}; master then holds the service back for a while ("bad command startup -- throttling"), so no greeting comes` : died;
}

function dialogueAdvice(error: ProbeError, c: Pick<AdviceContext, 'port' | 'mode'>): Advice {
  const quoted = /"([^"]*)"/.exec(error.message)?.[1];
  switch (error.code) {
    case 'connection-failed':
      return error.phase === 'dns'
        ? { because: 'its name cannot be resolved', fix: 'check the spelling of the host name and its DNS records (A/AAAA)' }
        : { because: `nothing answers on port ${c.port}`, fix: 'check that Postfix runs, that master.cf has a service on that port, and that no firewall is in the way' };
    case 'timeout':
      return {
        because: `it did not answer in time (${phaseWords(error.phase)})`,
        fix: /--tls\b/.test(error.message)
          ? 'if this port expects TLS from the first byte (like 465), probe it with --tls; otherwise check that the service answers'
          : /--starttls/.test(error.message)
            ? 'if this port speaks plain SMTP first (like 25 or 587), probe it with --starttls'
            : 'check the firewall and the mail log; a slow DNS lookup of the client (smtpd_peername_lookup) also delays the greeting',
      };
    case 'cancelled':
      return { because: 'the probe was cancelled', fix: 'run it again' };
    case 'greeting-refused':
      return { because: `it greets with "${quoted ?? 'an error'}" instead of 220`, fix: 'check that this client address is not blocked (postscreen, smtpd_client_restrictions) and that the service is not overloaded (process limits in master.cf)' };
    case 'ehlo-refused':
      return { because: `it refuses EHLO ("${quoted ?? 'an error'}")`, fix: 'check smtpd_helo_restrictions and smtpd_helo_required' };
    case 'starttls-not-offered':
      return { because: 'it does not offer STARTTLS', fix: `set smtpd_tls_security_level = may (encrypt on the submission port) and smtpd_tls_chain_files = privkey.pem, fullchain.pem in main.cf ${RELOAD}` };
    case 'starttls-refused':
      return { because: `it answers STARTTLS with "${quoted ?? 'an error'}"`, fix: 'fix its TLS setup: the mail log says why, usually a certificate or key file Postfix cannot read (warning: cannot get RSA certificate from file)' };
    case 'tls-handshake-failed':
      return /plain text/.test(error.message)
        ? { because: 'this port speaks plain SMTP, not TLS from the first byte', fix: 'probe it with --starttls, or make the service implicit TLS with -o smtpd_tls_wrappermode=yes in master.cf' }
        : { because: error.message.replace(/^The TLS handshake failed: /, 'the TLS handshake fails: ').replace(/\.$/, ''), fix: 'look for "SSL_accept error" in the mail log and check smtpd_tls_protocols, smtpd_tls_mandatory_protocols and smtpd_tls_ciphers' };
    case 'connection-closed':
      return { because: `it closes the connection (${phaseWords(error.phase)})`, fix: 'look in the mail log for the reason (a crash, a restriction, a "lost connection" warning)' };
    case 'internal-error':
      return { because: 'postfix-lens failed', fix: 'report this bug with the transcript' };
    case 'reply-too-long':
    case 'bad-reply':
      return { because: `it sends something that is not SMTP (${phaseWords(error.phase)})`, fix: `check what listens on port ${c.port}: it is not Postfix speaking SMTP${c.mode === 'tls' ? ' inside TLS' : ''}` };
  }
}

/** "CN=mail.example.com, O=Example" -> "mail.example.com"; the whole name when it has no CN. */
export function cn(name: string): string {
  return /(?:^|, )CN=([^,]+)/.exec(name)?.[1] ?? name;
}
