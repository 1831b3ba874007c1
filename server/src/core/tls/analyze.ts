// Certificate analysis for one certificate setting (smtpd_tls_cert_file + smtpd_tls_key_file, or
// the smtp_ client pair): a pure function over the bytes of the files.
//
// Contract
// - Input: the bytes of the certificate file and, when the configuration names a different file,
//   of the key file; the names clients connect to; trusted roots as PEM strings; "now".
//   No I/O happens here; the caller reads files (server/src/io/read-file-safely.ts).
// - Loading follows Postfix (tls_certkey.c): without a separate key file the first private key
//   anywhere in the certificate file is used; with one, the first key of the key file. The FIRST
//   certificate is what Postfix serves; the others are its chain.
// - Output: the certificates read, the key type, findings (stable codes; one finding per root
//   cause) and, for role 'server', one verdict per host name: would a strict client such as
//   Gmail's "Send mail as" accept this certificate for that name.
// - role 'client': only readability, parsing and the key match are checked (no names, no chain).
// - Loading gathers evidence (rules/certificates/evidence.ts); the certificate rules judge it.
// - Never throws: a failure inside a check becomes a cert-analysis-failed warning. Bounded in
//   time and memory for any input (1 MiB of garbage, 10,000 PEM blocks, 5,000 SANs).
// - Codes: cert-not-pem, cert-self-signed, cert-name-mismatch, cert-untrusted,
//   cert-chain-incomplete, cert-chain-order, cert-chain-extra, cert-expired, cert-not-yet-valid,
//   cert-expiring-soon, cert-weak-key, cert-weak-signature, cert-not-for-server, cert-too-many,
//   key-mismatch, key-not-pem, key-encrypted, cert-analysis-failed.
// - Lines in findings are 0-based (the BEGIN line of the block concerned).

import { analysisFailed, evaluatePair, refusedByAll, type CertificateReport } from './evaluate.js';
import type { LoadedKey } from './load.js';
import { scanPem, type PemScan } from './pem.js';
import { isKeyBlock, loadCertificates, loadKeyOrEvidence, noCertificate, noKeyInKeyFile } from './read-blocks.js';
import type { CertificateEvidence } from '../rules/certificates/evidence';
import { judgeAll } from '../rules/certificates/judge';

export type { CertificateReport, HostVerdict, ChainSummary } from './evaluate.js';
export type { CertificateFinding } from './findings.js';
export type { CertificateInfo } from './certificate-info.js';

export interface SourceFile {
  /** Shown in messages; not opened here. */
  path: string;
  bytes: Uint8Array;
}

export interface CertificateCheckInput {
  /** The file the certificate setting names (may also hold the key and the chain). */
  certFile: SourceFile;
  /** A separate key file when the configuration names one; absent = the key is expected in certFile. */
  keyFile?: SourceFile;
  /** 'client' (smtp_tls_cert_file): only readability, parsing and the key match. */
  role: 'server' | 'client';
  /** Names clients connect to (mail.example.com); Unicode, trailing dots and IP literals allowed. */
  hostnames: string[];
  /** Trusted roots as PEM (tls.rootCertificates plus the contents of extra CA files). */
  roots: readonly string[];
  now: Date;
  /** cert-expiring-soon when fewer days than this remain (default 30). */
  expiryWarningDays?: number;
  /**
   * The key file exists but could not be read (often root-only, which is right for a key): check
   * the certificate without it, and say nothing about the key.
   */
  keyUnavailable?: boolean;
}

export function analyzeCertificate(input: CertificateCheckInput): CertificateReport {
  try {
    return analyze(input);
  } catch (e) {
    return { certificates: [], findings: analysisFailed(e, input.certFile.path), verdicts: [] };
  }
}

function analyze(input: CertificateCheckInput): CertificateReport {
  const { certFile, keyFile, role } = input;
  const settings = { role, hostnames: role === 'server' ? input.hostnames : [], roots: input.roots, now: input.now, expiryWarningDays: input.expiryWarningDays ?? 30 };
  const scan = scanPem(certFile.bytes);
  const certBlocks = scan.blocks.filter((b) => b.kind === 'certificate').map((block) => ({ block, path: certFile.path }));
  if (certBlocks.length === 0) {
    const findings = judgeAll([noCertificate(certFile.path, certFile.bytes, scan)]);
    return { certificates: [], findings, verdicts: refusedByAll(settings.hostnames, findings[0]!) };
  }
  const loaded = loadCertificates(certBlocks);
  if (loaded.broken) {
    const findings = judgeAll(loaded.evidence);
    return { certificates: loaded.certs.map((c) => c.info), findings, verdicts: refusedByAll(settings.hostnames, findings[findings.length - 1]!) };
  }
  const keySetting = role === 'server' ? 'smtpd_tls_key_file' : 'smtp_tls_key_file';
  const evidence = [...loaded.evidence];
  const key = input.keyUnavailable
    ? undefined
    : keyFile
      ? keyFrom(keyFile, scanPem(keyFile.bytes), keySetting, evidence)
      : keyFrom(certFile, scan, keySetting, evidence, true);
  return evaluatePair(loaded.certs, key, evidence, settings);
}

/** The first private key of the file (what OpenSSL loads), or undefined with the evidence of why not. */
function keyFrom(file: SourceFile, scan: PemScan, keySetting: string, evidence: CertificateEvidence[], inCertFile = false): LoadedKey | undefined {
  const block = scan.blocks.find(isKeyBlock);
  if (!block) {
    evidence.push(inCertFile ? { kind: 'no-key', in: 'cert-file', path: file.path, keySetting, blocks: scan.blocks } : noKeyInKeyFile(file.path, file.bytes, scan, keySetting));
    return undefined;
  }
  const key = loadKeyOrEvidence(block, file.path);
  if ('kind' in key) {
    evidence.push(key);
    return undefined;
  }
  return key;
}
