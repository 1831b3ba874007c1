// core/probe/html-report.ts with hostile input: a server controls certificate subjects, names,
// issuers and reply lines; none of it may become markup, a link, or an invisible character, and the
// page keeps its strict Content-Security-Policy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, probeReportHtml, RULES_DOC_URL } from '../../server/src/core/probe/html-report';
import type { ChainEntry, ProbeReport } from '../../server/src/core/probe/types';

const NONCE = 'abcdefghijklmnop0123456789';
const EVIL = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", 'javascript:alert(1)', '[x](javascript:alert(1))', '\u0000\u001b[31m\u0007\u202egnp.exe\u2028\ufeff', '&lt;b&gt;', '`code`'].join(' ');

function entry(over: Partial<ChainEntry> = {}): ChainEntry {
  return {
    subject: `CN=${EVIL}`,
    issuer: `O=${EVIL}`,
    names: [`${EVIL}.example.com`, 'mail.example.com'],
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    fingerprint256: `AB:CD:${EVIL}`,
    selfSigned: true,
    key: `RSA 2048 ${EVIL}`,
    signatureAlgorithm: `sha256WithRSAEncryption ${EVIL}`,
    isCA: false,
    ...over,
  };
}

function report(over: Partial<ProbeReport> = {}): ProbeReport {
  return {
    host: 'mail.example.com',
    port: 587,
    mode: 'starttls',
    address: '192.0.2.1',
    servername: 'mail.example.com',
    hostnames: ['mail.example.com', EVIL],
    tlsVersion: 'TLSv1.3',
    cipher: `TLS_AES_256_GCM_SHA384 ${EVIL}`,
    keyExchange: 'X25519',
    chain: [entry(), entry({ subject: 'CN=Intermediate', isCA: true, selfSigned: false })],
    chainSource: 'wire',
    ehloKeywords: ['PIPELINING', `AUTH ${EVIL}`],
    auth: { beforeTls: ['LOGIN'], afterTls: ['PLAIN', 'LOGIN'], ignored: 3 },
    submission: true,
    injection: { phase: 'starttls', bytes: 10, preview: EVIL },
    verdict: {
      trusted: false,
      nameMatches: false,
      acceptable: false,
      problems: [
        { code: 'cert-self-signed', severity: 'error', message: `The certificate ${EVIL} is self-signed.` },
        { code: '"><script>alert(1)</script>', severity: 'warning', message: EVIL },
        { code: 'javascript:alert(1)', severity: 'hint', message: 'x' },
      ],
    },
    outcome: 'refuse',
    sentence: `No: Gmail's "Send mail as" would refuse mail.example.com on port 587, because ${EVIL}: fix it.`,
    transcript: [
      { from: 'server', line: `220 ${EVIL}`, ms: 3, tls: false },
      { from: 'client', line: 'EHLO [192.0.2.9]', ms: 4, tls: false },
      { from: 'client', line: 'STARTTLS', ms: 6, tls: false },
      { from: 'server', line: `250 ${EVIL}`, ms: 30, tls: true },
    ],
    timings: { connectMs: 1, greetingMs: 3, handshakeMs: 20, totalMs: 40 },
    error: { phase: 'ehlo-tls', code: 'connection-closed', message: `closed ${EVIL}` },
    ...over,
  };
}

/** Every tag name in the page (the <style> text has no "<"). */
function tags(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Every attribute value in the page. */
function attributes(html: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const a of tag[0].matchAll(/\s([a-zA-Z-]+)="([^"]*)"/g)) out.push({ name: a[1]!.toLowerCase(), value: a[2]! });
  }
  return out;
}

test('hostile values are text: no script, no img, no svg, no javascript: in attributes, only our links', () => {
  const html = probeReportHtml(report(), { nonce: NONCE, now: new Date('2025-06-01T00:00:00Z') });
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<svg/i);
  assert.deepEqual([...tags(html)].filter((t) => !['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'table', 'tr', 'th', 'td', 'span', 'code', 'a', 'ol', 'ul', 'li', '!doctype'].includes(t)), []);
  for (const a of attributes(html)) {
    assert.doesNotMatch(a.value, /javascript:/i, `${a.name}="${a.value}"`);
    assert.ok(!a.name.startsWith('on'), `event handler attribute ${a.name}`);
    if (a.name === 'href') assert.ok(a.value.startsWith(`${RULES_DOC_URL}#`), a.value);
  }
  // The hostile codes are shown, not linked; the real one is linked to its section.
  assert.ok(html.includes(`<a href="${RULES_DOC_URL}#cert-self-signed">cert-self-signed</a>`));
  assert.ok(html.includes(`<a href="${RULES_DOC_URL}#connection-closed">connection-closed</a>`));
  assert.equal((html.match(/<a /g) ?? []).length, 2);
  assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&amp;lt;b&amp;gt;'));
});

test('control, bidi and separator characters are shown as visible escapes', () => {
  const html = probeReportHtml(report(), { nonce: NONCE });
   
  assert.doesNotMatch(html, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029\ufeff]/);
  assert.ok(html.includes('\\x00\\x1B[31m\\x07\\u{202E}gnp.exe\\u{2028}\\u{FEFF}'));
  assert.equal(escapeHtml('a\ud800b'), 'a\\u{D800}b');
  assert.equal(escapeHtml('😀'), '😀');
});

test('a strict Content-Security-Policy: nothing loads, no script, the style only by its nonce', () => {
  const html = probeReportHtml(report(), { nonce: NONCE });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta present');
  assert.match(csp!, /^default-src 'none'; /);
  assert.match(csp!, /style-src 'nonce-abcdefghijklmnop0123456789';/);
  assert.match(csp!, /script-src 'none'/);
  assert.doesNotMatch(csp!, /unsafe|\*|https?:/);
  assert.ok(html.indexOf('http-equiv="Content-Security-Policy"') < html.indexOf('<style'), 'the policy comes before the style');
  assert.equal((html.match(/<style nonce="abcdefghijklmnop0123456789">/g) ?? []).length, 1);
  assert.throws(() => probeReportHtml(report(), { nonce: '"><script>' }), /nonce/);
  // Characters outside letters and digits never reach the policy or the attribute.
  const odd = probeReportHtml(report(), { nonce: 'abc"def ghij\'klmnopqrstu' });
  assert.match(odd, /'nonce-abcdefghijklmnopqrstu'/);
});

test('order: the verdict sentence first, then TLS, the chain, the problems, the dialogue with timings', () => {
  const html = probeReportHtml(report({ injection: null, error: null }), { nonce: NONCE, now: new Date('2025-06-01T00:00:00Z') });
  const at = (s: string) => {
    const i = html.indexOf(s);
    assert.ok(i >= 0, `missing ${s}`);
    return i;
  };
  const order = [at('class="verdict refuse"'), at('<h2>TLS</h2>'), at('<h2>Chain as sent</h2>'), at('<h2>Problems</h2>'), at('<h2>Dialogue</h2>')];
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.match(html, /<th scope="row">TLS version<\/th><td>TLSv1\.3<\/td>/);
  assert.match(html, /<th scope="row">Key exchange<\/th><td>X25519<\/td>/);
  assert.match(html, /2026-01-01 00:00:00 UTC \(214 days left\)/);
  assert.match(html, /<td class="ms">30 ms<\/td><td>TLS<\/td><td>S:<\/td>/);
  assert.match(html, /TLS handshake: TLSv1\.3/);
});

test('odd values from a broken report never become markup', () => {
  const r = report({ outcome: 'x" onclick="alert(1)' as never, port: '25"><script>' as never, transcript: [{ from: 'x" onclick="y' as never, line: 'a', ms: '<b>' as never, tls: false }], chain: [] });
  const html = probeReportHtml(r, { nonce: NONCE });
  assert.doesNotMatch(html, /<script|onclick|<b>/i);
  assert.match(html, /class="verdict unfinished"/);
  assert.match(html, /The server sent no certificate/);
});
