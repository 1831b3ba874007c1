// The timing notification (protocol.ts's TimingNotification) that bench/lsp.ts reads: sent after each
// publish only when initializationOptions.timing asks for it, with the version it is about.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';
import { TimingNotification, type TimingParams } from '../../server/src/protocol';

function mainCf(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-timing-'));
  return pathToFileURL(path.join(dir, 'main.cf')).toString();
}

test('with timing asked for, each publish is followed by its figures for that version', { timeout: 30_000 }, async () => {
  const uri = mainCf();
  const client = new LspClient();
  const timings: TimingParams[] = [];
  const waiting: { version: number; resolve: (t: TimingParams) => void }[] = [];
  client.conn.onNotification(TimingNotification.type, (t) => {
    timings.push(t);
    for (const w of waiting.filter((x) => x.version === t.version)) w.resolve(t);
  });
  // The settings the server pulls after opening may publish the same version again: wait by version.
  const timingOf = (version: number) => new Promise<TimingParams>((resolve) => waiting.push({ version, resolve }));
  try {
    await client.initialize({}, { timing: true });
    const firstTiming = timingOf(1);
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_tls_security_level = mayy\n');
    const first = await firstTiming;
    assert.equal(first.uri, uri);
    for (const k of ['analysisMs', 'certificatesMs', 'totalMs', 'cpuMs'] as const) assert.ok(first[k] >= 0 && Number.isFinite(first[k]), `${k}: ${first[k]}`);
    assert.ok(first.totalMs >= first.analysisMs);
    assert.equal(typeof first.certificateCache.misses, 'number');
    // The figures follow the diagnostics they are about.
    assert.deepEqual((await client.waitForDiagnostics(uri)).map((d) => d.code), ['invalid-value']);
    const secondTiming = timingOf(2);
    await client.change(uri, 2, 'myhostname = mail.example.com\n');
    assert.equal((await secondTiming).uri, uri);
  } finally {
    await client.shutdown();
  }
  const versions = timings.map((t) => t.version);
  assert.deepEqual([...new Set(versions)], [1, 2], `in the order of the edits: ${versions}`);
});

for (const [pulled, again] of [
  [{}, false],
  [{ severity: { 'invalid-value': 'hint' } }, true],
] as const) {
  test(`settings pulled after the first analysis ${again ? 'that change something analyse again' : 'equal to the defaults change nothing: no second analysis'}`, { timeout: 30_000 }, async () => {
    const uri = mainCf();
    const client = new LspClient();
    const timings: TimingParams[] = [];
    let next: ((t: TimingParams) => void) | undefined;
    client.conn.onNotification(TimingNotification.type, (t) => {
      timings.push(t);
      next?.(t);
    });
    const nextTiming = () => new Promise<TimingParams>((resolve) => (next = resolve));
    // The answer to the server's pull comes only once the first publish has been timed.
    let answer: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let pulls = 0;
    client.conn.onRequest('workspace/configuration', async () => {
      pulls++;
      await answered;
      return [pulled];
    });
    try {
      await client.initialize({}, { timing: true });
      const first = nextTiming();
      await client.open(uri, 'myhostname = mail.example.com\nsmtpd_tls_security_level = mayy\n');
      assert.equal((await first).analyses, 1);
      assert.equal(pulls, 1, 'the server has asked for its settings');
      const second = nextTiming();
      answer!();
      // After the settings, the server publishes every open document again.
      assert.equal((await second).analyses, again ? 2 : 1);
    } finally {
      await client.shutdown();
    }
  });
}

test('without timing asked for, none is sent', { timeout: 30_000 }, async () => {
  const uri = mainCf();
  const client = new LspClient();
  const timings: TimingParams[] = [];
  client.conn.onNotification(TimingNotification.type, (t) => void timings.push(t));
  try {
    await client.initialize();
    await client.open(uri, 'myhostname = mail.example.com\nsmtpd_tls_security_level = mayy\n');
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    // The server sends the figures right after the diagnostics; the answer to a later request comes
    // after anything it sent before, so by then a timing notification would have arrived.
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(timings, []);
  } finally {
    await client.shutdown();
  }
});
