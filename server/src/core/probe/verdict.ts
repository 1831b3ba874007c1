// The verdict of a probe: the certificate rules judge the chain the server sent, exactly as the
// static checks judge a chain file (same codes), the probe rules (rules/probe/) what only a live
// dialogue can show (no STARTTLS, a refused greeting, a failed handshake, injected bytes; on a
// submission port, AUTH before TLS and no AUTH PLAIN or LOGIN inside it), and this
// file writes the one sentence: would Gmail's "Send mail as" accept this server, and if not, why and
// the fix. Pure; never throws (a failure inside the analysis becomes a cert-analysis-failed warning).

import { buildChain, isSelfSigned } from '../tls/chain.js';
import { evaluatePair } from '../tls/evaluate.js';
import { day, type CertificateFinding } from '../tls/findings.js';
import { certificateMatches, normalizeHostname } from '../tls/host-match.js';
import { describeCertificateKey, type LoadedCertificate } from '../tls/load.js';
import type { PemBlock } from '../tls/pem.js';
import { loadCertificates } from '../tls/read-blocks.js';
import { trustStoreFrom } from '../tls/trust-store.js';
import { judgeAll, judgeCertificate } from '../rules/certificates/judge';
import { judgeProbeEvidence } from '../rules/probe/judge';
import { certificateAdvice, cn, errorAdvice, type Advice, type AdviceContext } from './advice.js';
import { PASSWORD_MECHANISMS, type AuthOffer } from './auth.js';
import type { ChainEntry, Injection, ProbeError, ProbeMode, ProbeOutcome, ProbeProblem, ProbeVerdict, ProblemSeverity } from './types.js';

export interface JudgeInput {
  host: string;
  port: number;
  mode: ProbeMode;
  /** Names the certificate must cover (non-empty). */
  hostnames: readonly string[];
  /** DER certificates as the server sent them, leaf first; empty when no handshake completed. */
  chain: readonly Uint8Array[];
  tlsVersion: string | null;
  /** Trusted roots as PEM: tls.rootCertificates plus the --ca-file contents. */
  roots: readonly string[];
  now: Date;
  expiryWarningDays?: number;
  error: ProbeError | null;
  injection: Injection | null;
  /** Other bytes the server sent before it could have read the client's command. */
  unsolicited: readonly Injection[];
  /** Judge the path of a submission port: AUTH PLAIN or LOGIN inside TLS, no AUTH before it. */
  submission?: boolean;
  /** AUTH in the EHLO reply before STARTTLS and inside TLS; null: that reply was not reached. */
  authBeforeTls?: AuthOffer | null;
  authAfterTls?: AuthOffer | null;
}

export interface Judgement {
  chain: ChainEntry[];
  verdict: ProbeVerdict;
  outcome: ProbeOutcome;
  sentence: string;
}

/** Errors after which nothing is known about the server's TLS: the probe did not finish. */
const UNFINISHED = new Set(['connection-failed', 'timeout', 'cancelled', 'internal-error']);
const CHAIN_PATH = 'the chain the server sent';

export function judgeProbe(input: JudgeInput): Judgement {
  const problems: (ProbeProblem & { advice?: Advice })[] = [];
  const { entries, certProblems, trusted, nameMatches, rootName } = judgeChain(input);
  const ctx = { port: input.port, mode: input.mode, submission: input.submission === true };
  if (input.error) {
    const advice = errorAdvice(input.error, ctx);
    // A message that already carries a hint (probe with --tls…) is not followed by the same advice again.
    const hinted = /--tls\b|--starttls|sent only/.test(input.error.message);
    problems.push({ code: input.error.code, severity: 'error', message: hinted ? input.error.message : `${input.error.message} ${capital(advice.fix)}.`, advice });
  }
  problems.push(...certProblems);
  if (input.injection) problems.push(...judgeProbeEvidence({ kind: 'injection', injection: input.injection }));
  for (const data of input.unsolicited) problems.push(...judgeProbeEvidence({ kind: 'unsolicited', data }));
  if (input.submission) {
    // Logging in is what a submission port is for: no PLAIN or LOGIN inside TLS decides first.
    if (input.authAfterTls) problems.push(...judgeProbeEvidence({ kind: 'auth-after-tls', port: input.port, mode: input.mode, offer: input.authAfterTls }));
    if (input.authBeforeTls) problems.push(...judgeProbeEvidence({ kind: 'auth-before-tls', offer: input.authBeforeTls }));
  }
  const blocking = problems.find((p) => p.severity === 'error');
  const acceptable = !blocking && entries.length > 0;
  const certBlocking = certProblems.find((p) => p.severity === 'error');
  const outcome: ProbeOutcome = acceptable ? 'accept' : certBlocking || (input.error && !UNFINISHED.has(input.error.code)) ? 'refuse' : input.error ? 'unfinished' : 'refuse';
  const target = `${input.hostnames[0] ?? input.host} on port ${input.port}`;
  let sentence: string;
  if (outcome === 'accept') {
    const leaf = entries[0]!;
    const warning = problems.find((p) => p.severity === 'warning' && p.advice);
    // On a submission port an accepted server offered PLAIN or LOGIN inside TLS and no AUTH before it.
    const logins = input.submission ? (input.authAfterTls?.mechanisms ?? []).filter((m) => PASSWORD_MECHANISMS.includes(m)) : [];
    const auth = logins.length ? `, with AUTH ${logins.join(' ')} offered ${input.mode === 'tls' ? 'inside TLS' : 'only after STARTTLS'}` : '';
    sentence =
      `Yes: Gmail's "Send mail as" would accept ${target}: ${input.tlsVersion ?? 'TLS'}, a chain trusted${rootName ? ` by "${rootName}"` : ''} that covers ${input.hostnames.join(', ')} and is valid until ${day(leaf.notAfter)}${auth}` +
      (warning?.advice ? `, but ${warning.advice.because}: ${warning.advice.fix}.` : '.');
  } else if (outcome === 'refuse') {
    const why = (certBlocking ?? blocking)?.advice ?? (entries.length === 0 ? { because: 'no TLS session was established', fix: 'see the problems below' } : undefined);
    sentence = why?.unsafe
      ? `No: ${target} is not safe for submission, because ${why.because}: ${why.fix}.`
      : `No: Gmail's "Send mail as" would refuse ${target}, because ${why?.because ?? 'of the problems below'}: ${why?.fix ?? 'see them'}.`;
  } else {
    const advice = errorAdvice(input.error!, ctx);
    sentence = `Unknown: the probe could not finish (${input.error!.code}, ${input.error!.phase}), so it cannot tell whether Gmail's "Send mail as" would accept ${target}; ${advice.fix}.`;
  }
  const verdict: ProbeVerdict = { trusted, nameMatches, acceptable, problems: problems.map(({ code, severity, message }) => ({ code, severity, message })) };
  return { chain: entries, verdict, outcome, sentence };
}

interface ChainJudgement {
  entries: ChainEntry[];
  certProblems: (ProbeProblem & { advice?: Advice })[];
  trusted: boolean | null;
  nameMatches: boolean | null;
  rootName: string | null;
}

function judgeChain(input: JudgeInput): ChainJudgement {
  const none: ChainJudgement = { entries: [], certProblems: [], trusted: null, nameMatches: null, rootName: null };
  if (input.chain.length === 0) return none;
  try {
    // `line` carries the position in the chain, so that a finding's line names its certificate.
    const blocks = input.chain.map((der, index): { block: PemBlock; path: string } => ({ block: { label: 'CERTIFICATE', kind: 'certificate', index, line: index, headers: new Map(), der }, path: CHAIN_PATH }));
    const loaded = loadCertificates(blocks);
    const entries = loaded.certs.map(chainEntry);
    if (loaded.broken || loaded.certs.length === 0) {
      return { ...none, entries, certProblems: judgeAll(loaded.evidence).map((f) => ({ code: f.code, severity: sev(f), message: f.message })) };
    }
    const settings = { role: 'server' as const, hostnames: input.hostnames, roots: input.roots, now: input.now, expiryWarningDays: input.expiryWarningDays ?? 30 };
    const report = evaluatePair(loaded.certs, undefined, loaded.evidence, settings);
    const leaf = loaded.certs[0]!;
    // The path builder's explanation is needed only to word cert-untrusted (building it twice costs
    // up to tens of milliseconds when the issuer is unknown: every root is tried).
    const chainDetail = report.findings.some((f) => f.code === 'cert-untrusted') ? buildChain(leaf, loaded.certs.slice(1), trustStoreFrom(input.roots)).detail : '';
    const missingNames = input.hostnames.filter((h) => !certificateMatches(leaf.x509, normalizeHostname(h)));
    const base: Omit<AdviceContext, 'certIndex'> = { port: input.port, mode: input.mode, hostnames: input.hostnames, chain: entries, now: input.now, chainDetail, missingNames };
    const certProblems: ChainJudgement['certProblems'] = [];
    const seen = new Set<string>();
    for (const f of report.findings) {
      const certIndex = f.path === CHAIN_PATH && f.line !== undefined && f.line >= 0 && f.line < entries.length ? f.line : undefined;
      const advice = certificateAdvice(f.code, { ...base, certIndex });
      const message = advice ? `${capital(advice.because)}: ${advice.fix}.` : f.message;
      if (seen.has(`${f.code}\n${message}`)) continue;
      seen.add(`${f.code}\n${message}`);
      certProblems.push({ code: f.code, severity: sev(f), message, ...(advice ? { advice } : {}) });
    }
    const root = report.chain?.path.at(-1);
    return {
      entries,
      certProblems,
      trusted: report.chain?.status === 'trusted',
      nameMatches: missingNames.length === 0,
      rootName: root?.source === 'root' ? cn(root.subject) : null,
    };
  } catch (e) {
    const failed = judgeCertificate({ kind: 'analysis-failed', stage: 'sent-chain', path: CHAIN_PATH, error: e instanceof Error ? e.message : String(e) });
    return { ...none, certProblems: failed.map((f) => ({ code: f.code, severity: sev(f), message: f.message })) };
  }
}

function chainEntry(c: LoadedCertificate): ChainEntry {
  const i = c.info;
  return {
    subject: i.subject,
    issuer: i.issuer,
    names: [...i.dnsNames, ...i.ipAddresses],
    notBefore: i.notBefore,
    notAfter: i.notAfter,
    fingerprint256: i.fingerprintSha256,
    selfSigned: isSelfSigned(c.x509),
    key: describeCertificateKey(i),
    signatureAlgorithm: i.signatureAlgorithm,
    isCA: i.isCA,
  };
}

function sev(f: CertificateFinding): ProblemSeverity {
  return f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'hint';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The command line's exit status: 0 accept, 1 refuse, 2 the probe could not finish. */
export function exitStatusOf(outcome: ProbeOutcome): 0 | 1 | 2 {
  return outcome === 'accept' ? 0 : outcome === 'refuse' ? 1 : 2;
}
