// The finding shape of the certificate analysis and small helpers to write messages.

import type { Severity } from '../types.js';
import type { CertificateInfo } from './certificate-info.js';
import { nameForMessage } from '../config/quote.js';

export interface CertificateFinding {
  /** Stable kebab-case code; users turn findings off by it. */
  code: string;
  severity: Severity;
  message: string;
  /** Which configured file the finding is about: the certificate file or the key file. */
  target: 'cert' | 'key';
  /** The file the finding points into, when it points into one. */
  path?: string;
  /** 0-based line in `path` (the BEGIN line of the block concerned). */
  line?: number;
}

/** The certificate as a mail admin recognises it: its subject, or its SHA-256 if it has none. */
export function nameOf(info: CertificateInfo): string {
  return info.subject ? `"${nameForMessage(info.subject, 200)}"` : `with SHA-256 ${info.fingerprintSha256.slice(0, 23)}…`;
}

/** "file.pem line 12" (1-based for humans). */
export function where(path: string, line: number): string {
  return line >= 0 ? `${path} line ${line + 1}` : path;
}

/** At most `max` items, then "and N more". */
export function listSome(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}
