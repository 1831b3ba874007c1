// `postfix-lens check` in a real process on inputs built to exhaust memory: a tiny main.cf naming a
// file of almost 1 MiB a thousand times, many different large certificate files, and main.cf or
// master.cf files of 4 MiB in several shapes. Each must end with the findings a user can act on (one
// finding for what was not read, not a thousand) and a peak resident set size far below what the
// input took before (up to 1 GiB, and a line of split option words never finished). The bounds are
// generous, about 1.5 times what was measured (a check of a one-line main.cf takes about 50 MiB);
// times are not asserted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtures } from '../helpers/certificates';
import { runCliMeasured } from '../helpers/cli';
import { bigMainCf, bigMasterCf, type MainShape, type MasterShape } from '../helpers/big-config';

interface Diag {
  code: string;
  severity: string;
  line: number;
  name: string | null;
  file: string;
  message: string;
}

const MIB = 1024 * 1024;
/** Peak memory allowed for a check of the certificate cases, MiB (they took 0.5 to 1 GiB). */
const CERTIFICATE_BOUND_MIB = 160;

/**
 * Peak memory allowed for a check of 4 MiB of each shape, MiB, and what it took before. The dense
 * shapes hold, for every 10 bytes or so of input ("-o p1=v"), a parameter with its override, its
 * entries in the service's dictionaries and an unused-parameter warning.
 */
const MASTER_BOUNDS: Record<MasterShape, number> = {
  services: 224, // was 260
  pipes: 224, // was 389
  'one-line': 400, // was 817
  continued: 320, // was 473
  'split-words': 400, // never finished (quadratic)
};
const MAIN_BOUNDS: Partial<Record<MainShape, number>> = {
  lines: 256, // was 288
  'one-line': 128, // was 158
  references: 320, // was 609
};

/** Codes with their counts, for a failure message that stays short. */
function summary(diags: readonly { code: string }[]): string {
  const counts = new Map<string, number>();
  for (const d of diags) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(', ');
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pl-memory-'));
}

function check(dir: string): { diags: Diag[]; peakMiB: number; status: number } {
  const r = runCliMeasured(['check', '--json', dir]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return { diags: (JSON.parse(r.stdout.toString()) as { diagnostics: Diag[] }).diagnostics, peakMiB: r.peakMiB, status: r.status };
}

/** A PEM file of just under 1 MiB: a key, its certificate and intermediate, then a CA bundle's worth of certificates. */
function almostOneMiB(dir: string): string {
  const f = fixtures();
  let text = f.leaf.key + f.leaf.cert + f.intermediate.cert;
  while (text.length + f.root.cert.length < MIB - 4096) text += f.root.cert;
  const file = path.join(dir, 'big-chain.pem');
  fs.writeFileSync(file, text);
  return file;
}

test('smtpd_tls_chain_files naming one file of almost 1 MiB a thousand times: one finding for what was not read, bounded memory', { timeout: 120_000 }, () => {
  const dir = tempDir();
  try {
    const file = almostOneMiB(dir);
    fs.writeFileSync(path.join(dir, 'main.cf'), `smtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${Array(1000).fill(file).join(', ')}\n`);
    const { diags, peakMiB } = check(dir);
    const notRead = diags.filter((d) => d.code === 'cert-not-checked');
    assert.equal(notRead.length, 1, summary(diags));
    assert.equal(notRead[0]!.line, 2);
    assert.equal(notRead[0]!.name, 'smtpd_tls_chain_files');
    assert.match(notRead[0]!.message, /^smtpd_tls_chain_files lists 1000 files, 999 of them repeats; postfix-lens read the first 16 and not the other 984\. /);
    assert.ok(diags.length < 20, summary(diags));
    assert.ok(peakMiB < CERTIFICATE_BOUND_MIB, `peak ${peakMiB.toFixed(0)} MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('forty services of master.cf naming forty different files of almost 1 MiB: one finding where reading stopped, bounded memory', { timeout: 120_000 }, () => {
  const dir = tempDir();
  try {
    const first = almostOneMiB(dir);
    const bytes = fs.readFileSync(first);
    const services: string[] = [];
    for (let i = 0; i < 40; i++) {
      const file = path.join(dir, `chain-${i}.pem`);
      fs.writeFileSync(file, bytes);
      services.push(`s${i} inet n - y - - smtpd\n  -o smtpd_tls_chain_files=${file}\n`);
    }
    fs.writeFileSync(path.join(dir, 'main.cf'), 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\n');
    fs.writeFileSync(path.join(dir, 'master.cf'), services.join(''));
    const { diags, peakMiB } = check(dir);
    const notRead = diags.filter((d) => d.code === 'cert-not-checked');
    assert.equal(notRead.length, 1, summary(diags));
    assert.equal(notRead[0]!.file, path.join(dir, 'master.cf'));
    assert.match(notRead[0]!.message, /^postfix-lens stopped reading certificate files here: .* \d+ more settings? naming \d+ files? (was|were) not checked/);
    assert.ok(peakMiB < CERTIFICATE_BOUND_MIB, `peak ${peakMiB.toFixed(0)} MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const shape of Object.keys(MASTER_BOUNDS) as MasterShape[]) {
  test(`a 4 MiB master.cf (${shape}) beside a one-line main.cf: checked, with bounded memory`, { timeout: 180_000 }, () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'main.cf'), 'myhostname = mail.example.com\n');
      fs.writeFileSync(path.join(dir, 'master.cf'), bigMasterCf(4 * MIB, shape));
      const { diags, peakMiB } = check(dir);
      // Whatever the shape, the findings are listed at most 1000 to a code and file.
      const counts = new Map<string, number>();
      for (const d of diags) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
      for (const [code, n] of counts) assert.ok(n <= 1001, `${n} ${code} findings`);
      assert.ok(peakMiB < MASTER_BOUNDS[shape], `peak ${peakMiB.toFixed(0)} MiB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const shape of Object.keys(MAIN_BOUNDS) as MainShape[]) {
  test(`a 4 MiB main.cf (${shape}): checked, with bounded memory`, { timeout: 180_000 }, () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'main.cf'), bigMainCf(4 * MIB, shape));
      const { diags, peakMiB } = check(dir);
      const counts = new Map<string, number>();
      for (const d of diags) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
      for (const [code, n] of counts) assert.ok(n <= 1001, `${n} ${code} findings`);
      assert.ok(peakMiB < MAIN_BOUNDS[shape]!, `peak ${peakMiB.toFixed(0)} MiB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
