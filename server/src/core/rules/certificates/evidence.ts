// What a certificate rule judges: one fact that reading and loading a setting's files established,
// as plain data (io/certificate-checks.ts reads the files, tls/ scans and loads them), or one
// certificate with the chain built from it (chain-evidence.ts). Nothing here is a judgement: which
// code, how severe and in what words is the rules' business. Paths are as the setting names them;
// lines are 0-based (the BEGIN line of the block concerned).

import type { FileFormat } from '../../tls/file-format';
import type { LoadedCertificate, LoadedKey } from '../../tls/load';
import type { PemBlock } from '../../tls/pem';
import type { ChainEvidence } from './chain-evidence';

/** Why io could not read a file (io/read-file-safely.ts). */
export type ReadFailureReason = 'missing' | 'unreadable' | 'loop' | 'not-regular' | 'too-large' | 'error';

/** A place in a file: its path and the 0-based line of a block. */
export interface BlockAt {
  path: string;
  line: number;
}

export type CertificateEvidence =
  | ChainEvidence
  /** io could not read a file a setting names; `message` is io's own sentence about it. */
  | { kind: 'read-failed'; file: 'cert' | 'key'; path: string; setting: string; role: 'server' | 'client'; reason: ReadFailureReason; message: string }
  /**
   * A file that should hold the certificate holds no CERTIFICATE block. `blocks` are its PEM blocks
   * (none: `format` says what the bytes are instead).
   */
  | { kind: 'no-certificate'; path: string; blocks: readonly PemBlock[]; format?: FileFormat }
  /** A CERTIFICATE block OpenSSL cannot read; `damage` completes "The certificate block at … ". */
  | { kind: 'damaged-certificate'; path: string; line: number; damage: string }
  /** More certificates in one chain than are loaded (`max`); `line` is the first one left. */
  | { kind: 'too-many-certificates'; path: string; line: number; count: number; max: number }
  /** More key and certificate groups in *_tls_chain_files than are examined; `next` is the first left. */
  | { kind: 'too-many-groups'; next: BlockAt; count: number; max: number }
  /**
   * No private key where Postfix looks for one: in the certificate file when no key file is set
   * (`in: 'cert-file'`), or in the key file (`blocks` and `format` as for no-certificate).
   */
  | { kind: 'no-key'; in: 'cert-file' | 'key-file'; path: string; keySetting: string; blocks: readonly PemBlock[]; format?: FileFormat }
  /** A certificate chain of *_tls_chain_files with no key right before it. */
  | { kind: 'chain-without-key'; first: BlockAt }
  /** A private key block OpenSSL cannot use; `damage` completes "The private key at … ". */
  | { kind: 'unusable-key'; path: string; line: number; damage: string; encrypted: boolean }
  /** The server certificate is not the first of its file; `keyOwned`: the key belongs to it. */
  | { kind: 'leaf-not-first'; first: LoadedCertificate; leaf: LoadedCertificate; keyOwned: boolean }
  /** The key belongs to no certificate of the file; `leaf` is the one Postfix would serve. */
  | { kind: 'key-not-matching'; key: LoadedKey; leaf: LoadedCertificate }
  /** *_tls_chain_files starts with a certificate, before any key. */
  | { kind: 'certificate-before-key'; first: BlockAt }
  /** Keys of *_tls_chain_files not followed by a certificate, in stream order. */
  | { kind: 'keys-without-certificate'; keys: readonly BlockAt[] }
  /**
   * Checking failed inside postfix-lens: while analysing a file's contents, around the reading of a
   * setting's files, or on the chain a server sent to the probe. `error` is what was thrown, in
   * words (its first line for 'file').
   */
  | { kind: 'analysis-failed'; stage: 'file' | 'setting' | 'sent-chain'; path: string; error: string };
