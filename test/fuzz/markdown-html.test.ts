// Hostile text shown to the user stays text. Certificate subjects, issuers and names, and main.cf /
// master.cf names and values, made of HTML tags, <script>, Markdown links and images, javascript:
// URLs, bare URLs, backticks, emphasis, entities, control characters and bidi overrides, go into
// (a) the hover Markdown (core/hover, core/markdown.ts) and (b) the probe's webview report
// (core/probe/html-report.ts). The output is parsed, not grepped: the hover Markdown is rendered by
// markdown-it with raw HTML and autolinks on (the most permissive renderer settings), and that HTML
// and the report are parsed by parse5 (the HTML5 parsing algorithm of browsers and webviews). Then:
// every element and attribute is one the code writes itself, every link is one of ours, nothing is
// invisible, and each hostile text is there in the visible text, whole (punctuation included:
// markup would have eaten some of it), with only control and bidi characters made visible escapes.
// Runs and seed: see test/helpers/fuzz-settings.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as parse5 from 'parse5';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { analyzeConfig } from '../../server/src/core/validate';
import { hoverAt } from '../../server/src/core/hover/index';
import { targetAt } from '../../server/src/core/navigation/at-position';
import { certificateTargets } from '../../server/src/core/tls/config-targets';
import { analyzeCertificate, type CertificateReport } from '../../server/src/core/tls/analyze';
import { probeReportHtml, RULES_DOC_URL } from '../../server/src/core/probe/html-report';
import { dnsReportHtml, type DnsCheckReport } from '../../server/src/core/dns/report-html';
import type { ChainEntry, ProbeReport } from '../../server/src/core/probe/types';
import { FUZZ_SEED, fuzzParams, preview, withSeed } from '../helpers/fuzz-settings';
import { utf8Certificate } from '../helpers/certificates';

// markdown-it renders the hover Markdown as a Markdown viewer would (raw HTML and autolinks on, the
// most permissive case); parse5 parses the result and the probe report as a browser would.
// (markdown-it ships no types: its constructor is typed here.)
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => { render(src: string): string };
const markdown = new MarkdownIt({ html: true, linkify: true });
const parse = (html: string) => parse5.parse(html);
const parseFragment = (html: string) => parse5.parseFragment(html);

// ---- Hostile text ------------------------------------------------------------------------------

const PIECES = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', "'", '"', '<', '>', '</p>', '<!--', '-->', '<![CDATA[',
  '[x](javascript:alert(1))', '![i](https://evil.example/t.png)', '[a]: https://evil.example', '[a]', '<https://evil.example>', 'https://evil.example/x',
  'www.evil.example', 'root@evil.example', 'javascript:alert(1)', 'data:text/html,x', '`', '``code``', '*', '**', '_', '__', '~~', '#', '##', '|', '-', '+', '1.',
  '>', '=', '\\', '\\*', '&amp;', '&lt;', '&#60;', '&#x3C;', '&', ';', '$(alert)', '${x}', '{', '}', '(', ')', '!', '@', ':', '.', '/',
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\u200b', '\u200e', '\u202e', '\u2066', '\u2069', '\u061c', '\u2028', '\u2029', '\ufeff', '\u00a0',
  'é', '😀', '\u0301', 'ǅ', ' ', '  ',
];
const WORD = fc.constantFrom(...'abcxyz019'.split(''));

/** Hostile text of at most `max` UTF-16 units; `blank` allows whitespace and line ends. */
function hostileArb(opts: { max: number; blank?: boolean; ascii?: boolean } = { max: 80 }): fc.Arbitrary<string> {
  let pieces = PIECES;
  if (!opts.blank) pieces = pieces.filter((p) => !/[\s\u0085\u2028\u2029]/.test(p));
  if (opts.ascii) pieces = pieces.filter((p) => /^[\x20-\x7e]*$/.test(p));
  const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 2, arbitrary: WORD }, ...(opts.ascii ? [] : [{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) }]));
  return fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => {
    let s = '';
    for (const x of p) if (s.length + x.length <= opts.max) s += x;
    return s || 'x';
  });
}

// ---- What the user sees ------------------------------------------------------------------------

/** Characters both outputs must show as escapes (the contract of markdown.ts and html-report.ts). */
 
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** The text as it must read on screen: tab as a space, invisible characters as \xHH / \u{HHHH}. */
function visible(text: string): string {
  return text.replace(/\t/g, ' ').replace(INVISIBLE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${n.toString(16).toUpperCase()}}`;
  });
}

/** Runs of blanks as one space: HTML shows them so, and both sides of a comparison get it. */
const squash = (s: string) => s.replace(/[ \t\n\r\f]+/g, ' ').trim();

interface Seen {
  elements: { tag: string; attrs: { name: string; value: string }[]; ours?: boolean }[];
  text: string;
}

type Parse5Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Parse5Node[]; value?: string; content?: Parse5Node };

function walk(node: Parse5Node, seen: Seen): void {
  if (node.nodeName === '#text') seen.text += node.value ?? '';
  else if (node.nodeName === '#comment') seen.elements.push({ tag: '#comment', attrs: [] });
  else if (node.tagName) seen.elements.push({ tag: node.tagName, attrs: node.attrs ?? [] });
  for (const c of node.childNodes ?? []) walk(c, seen);
  if (node.content) walk(node.content, seen); // <template>
}

function seenIn(root: Parse5Node): Seen {
  const seen: Seen = { elements: [], text: '' };
  walk(root, seen);
  return seen;
}

/** Everything in `seen` that is not text the code itself writes, or [] when all is well. */
function markupProblems(seen: Seen, allowed: { tags: ReadonlySet<string>; attrs: ReadonlySet<string>; href: (value: string) => boolean }): string[] {
  const out: string[] = [];
  for (const e of seen.elements) {
    if (e.ours) continue;
    if (!allowed.tags.has(e.tag)) out.push(`element <${e.tag}>`);
    for (const a of e.attrs) {
      if (!allowed.attrs.has(a.name)) out.push(`attribute ${a.name}="${a.value}" on <${e.tag}>`);
      if (/javascript:|data:|vbscript:/i.test(a.value) && a.name !== 'content') out.push(`URL in ${a.name}="${a.value}"`);
      if (a.name === 'href' && !allowed.href(a.value)) out.push(`link to ${a.value}`);
      if (a.name === 'src' || a.name.startsWith('on')) out.push(`${a.name} attribute`);
    }
  }
  // Line ends between elements are the HTML's own layout; data never has one (it would read \x0A).
  const hidden = seen.text.replace(/\n/g, ' ').match(INVISIBLE);
  if (hidden) out.push(`invisible characters in the text: ${JSON.stringify(hidden.join(''))}`);
  return out;
}

/** Each expected text that is not in the visible text, or []. */
function missing(seen: Seen, expected: readonly string[]): string[] {
  const text = squash(seen.text);
  return expected.filter((x) => !text.includes(squash(x))).map((x) => `missing ${JSON.stringify(x)}`);
}

// ---- (a) hover Markdown ------------------------------------------------------------------------

const HOVER_TAGS = new Set(['p', 'strong', 'em', 'ul', 'li', 'hr', 'a', 'h4']);
const POSTCONF = 'https://www.postfix.org/postconf.5.html#';

function renderHover(md: string): Seen {
  const seen = seenIn(parseFragment(markdown.render(md)) as unknown as Parse5Node);
  // Fuzzy autolinking makes our own words "main.cf" and "master.cf" links to the .cf top-level
  // domain (escaped text from files never is: the "\." splits it). Those two are not data.
  for (const e of seen.elements) if (e.tag === 'a' && e.attrs.length === 1 && /^http:\/\/(main|master)\.cf$/.test(e.attrs[0]!.value)) e.ours = true;
  return seen;
}

function hoverProblems(md: string, expected: readonly string[]): string[] {
  const seen = renderHover(md);
  return [
    ...markupProblems(seen, { tags: HOVER_TAGS, attrs: new Set(['href']), href: (v) => v.startsWith(POSTCONF) && /^[a-z0-9_]+$/.test(v.slice(POSTCONF.length)) }),
    ...missing(seen, expected),
  ];
}

function hoverOf(main: string, master: string | null, file: 'main.cf' | 'master.cf', line: number, character: number, checked?: Parameters<typeof hoverAt>[2]['checked']) {
  const a = analyzeConfig(main, master);
  const target = targetAt(a, file, { line, character });
  return { a, hover: target ? hoverAt(a, target, { checked, now: new Date() }) : null };
}

/** At most the first `max` UTF-16 units (every hover shows at least 200 of a text). */
const head = (s: string, max = 190) => s.slice(0, max);

test(`hover: hostile main.cf names and values are shown as text (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  withSeed(() =>
    fc.assert(
      fc.property(hostileArb({ max: 60 }), hostileArb({ max: 120, blank: true }), (rawName, rawValue) => {
        // A main.cf name has no blanks and no "=", and "#" first makes a comment; the core decides the rest.
        const name = `x${rawName.replace(/=/g, '')}`;
        const value = rawValue.replace(/[\n\r]/g, ' ');
        const main = `${name} = ${value}\nsmtpd_banner = $ref\nref = ${value}\n`;
        const { a, hover } = hoverOf(main, null, 'main.cf', 0, 0);
        const entry = a.main.entries[0];
        fc.pre(!!entry && !!hover);
        // Config values are shown with runs of whitespace as one space.
        const expected = [visible(head(entry!.name)), visible(head(entry!.value).replace(/\s+/g, ' '))];
        assert.deepEqual(hoverProblems(hover!.markdown, expected), [], `main=${preview(main)}\nmarkdown=${preview(hover!.markdown, 2000)}`);
        // The $reference's hover shows the value it expands to.
        const ref = hoverOf(main, null, 'main.cf', 1, 'smtpd_banner = $r'.length).hover;
        const refValue = a.main.entries[2]?.value ?? '';
        fc.pre(!!ref && !refValue.includes('$'));
        assert.deepEqual(hoverProblems(ref!.markdown, refValue ? [visible(head(refValue).replace(/\s+/g, ' '))] : []), [], `main=${preview(main)}\nmarkdown=${preview(ref!.markdown, 2000)}`);
      }),
      fuzzParams(300),
    ),
  );
});

test(`hover: hostile master.cf service names and -o values are shown as text (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  withSeed(() =>
    fc.assert(
      fc.property(hostileArb({ max: 60 }), hostileArb({ max: 60 }), (rawService, rawValue) => {
        const service = `s${rawService}`;
        const master = `${service} inet n - n - - smtpd -o smtpd_banner=${rawValue.replace(/[{}]/g, '')}\n`;
        const a = analyzeConfig('', master);
        const s = a.master?.services[0];
        fc.pre(!!s);
        const field = hoverOf('', master, 'master.cf', 0, 0).hover;
        assert.ok(field, 'a hover on the service name');
        assert.deepEqual(hoverProblems(field.markdown, [visible(head(s!.id))]), [], `master=${preview(master)}\nmarkdown=${preview(field.markdown, 2000)}`);
        const o = s!.overrides[0];
        fc.pre(!!o);
        const at = o!.nameRange.start;
        const param = hoverOf('', master, 'master.cf', at.line, at.character + 1).hover;
        assert.ok(param, 'a hover on the -o name');
        assert.deepEqual(hoverProblems(param.markdown, [visible(head(s!.id)), visible(head(o!.value).replace(/\s+/g, ' '))]), [], `master=${preview(master)}\nmarkdown=${preview(param.markdown, 2000)}`);
      }),
      fuzzParams(300),
    ),
  );
});

// One RSA key signs every test certificate (making keys is slow).
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const nameArb = fc.record({ cn: hostileArb({ max: 50, blank: true }), o: hostileArb({ max: 50, blank: true }) });

test(`hover: hostile certificate subjects, issuers and names are shown as text (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  const main = 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/postfix/cert.pem\nsmtpd_tls_key_file = /etc/postfix/key.pem\n';
  const a = analyzeConfig(main, null);
  const { targets } = certificateTargets(a, []);
  assert.equal(targets.length, 1);
  const target = targetAt(a, 'main.cf', { line: 2, character: 3 });
  assert.ok(target);
  withSeed(() =>
    fc.assert(
      fc.property(nameArb, fc.option(nameArb, { nil: null }), fc.array(hostileArb({ max: 40, ascii: true }), { minLength: 1, maxLength: 4 }), (subject, issuer, sans) => {
        // A certificate holds UTF-8: no lone surrogates.
        fc.pre(![subject.cn, subject.o, issuer?.cn ?? '', issuer?.o ?? ''].some(hasLoneSurrogate));
        const pem = utf8Certificate(KEY, subject, issuer, sans);
        const now = new Date();
        const report: CertificateReport = analyzeCertificate({
          certFile: { path: '/etc/postfix/cert.pem', bytes: Buffer.from(pem) },
          keyFile: { path: '/etc/postfix/key.pem', bytes: Buffer.from(KEY) },
          role: 'server',
          hostnames: targets[0]!.hostnames,
          roots: [],
          now,
        });
        const info = report.certificates[0];
        assert.ok(info, `the certificate was read: ${report.findings.map((f) => f.message).join(' / ')}`);
        const hover = hoverAt(a, target, { checked: [{ target: targets[0]!, report, failures: [] }], now });
        assert.ok(hover);
        const expected = [info.subject, info.issuer, ...info.dnsNames.slice(0, 20)].filter(Boolean).map((x) => visible(head(x)));
        assert.deepEqual(hoverProblems(hover.markdown, expected), [], `subject=${JSON.stringify(subject)} issuer=${JSON.stringify(issuer)} sans=${JSON.stringify(sans)}\nmarkdown=${preview(hover.markdown, 3000)}`);
        // What the certificate holds is what the hover shows: each SAN as written, the CN in the subject.
        for (const san of sans) assert.ok(info.dnsNames.includes(san) || info.dnsNames.some((d) => d.includes(san)) || san.trim() === '', `SAN ${JSON.stringify(san)} read as ${JSON.stringify(info.dnsNames)}`);
      }),
      fuzzParams(60),
    ),
  );
});

test('hover: a fixed hostile certificate reads back exactly, punctuation and all', () => {
  const subject = { cn: '<img src=x onerror=alert(1)>', o: '[x](javascript:alert(1)) `code` *b* _i_ &amp; <https://evil.example>' };
  const pem = utf8Certificate(KEY, subject, null, ['<script>x</script>.example.com', 'www.evil.example']);
  const main = 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/postfix/cert.pem\nsmtpd_tls_key_file = /etc/postfix/key.pem\n';
  const a = analyzeConfig(main, null);
  const { targets } = certificateTargets(a, []);
  const now = new Date();
  const report = analyzeCertificate({ certFile: { path: '/etc/postfix/cert.pem', bytes: Buffer.from(pem) }, keyFile: { path: '/etc/postfix/key.pem', bytes: Buffer.from(KEY) }, role: 'server', hostnames: targets[0]!.hostnames, roots: [], now });
  const hover = hoverAt(a, targetAt(a, 'main.cf', { line: 2, character: 3 })!, { checked: [{ target: targets[0]!, report, failures: [] }], now })!;
  assert.deepEqual(hoverProblems(hover.markdown, [subject.cn, subject.o, '<script>x</script>.example.com', 'www.evil.example']), []);
});

// ---- (b) the probe's webview report ------------------------------------------------------------

const PAGE_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'table', 'tbody', 'tr', 'th', 'td', 'span', 'code', 'a', 'ol', 'ul', 'li']);
const PAGE_ATTRS = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'nonce', 'class', 'id', 'scope', 'colspan', 'href']);
const NONCE = 'abcdefghijklmnop0123456789';

const textArb = hostileArb({ max: 80, blank: true });
const chainEntryArb: fc.Arbitrary<ChainEntry> = fc.record({
  subject: textArb,
  issuer: textArb,
  names: fc.array(hostileArb({ max: 40 }), { maxLength: 4 }),
  notBefore: fc.constantFrom('2025-01-01T00:00:00.000Z', '<script>', ''),
  notAfter: fc.constantFrom('2026-01-01T00:00:00.000Z', '"><img src=x>', ''),
  fingerprint256: textArb,
  selfSigned: fc.boolean(),
  key: textArb,
  signatureAlgorithm: textArb,
  isCA: fc.boolean(),
});

const reportArb = fc.record({
  host: hostileArb({ max: 40 }),
  address: textArb,
  servername: textArb,
  hostnames: fc.array(textArb, { minLength: 1, maxLength: 3 }),
  cipher: textArb,
  keyExchange: textArb,
  chain: fc.array(chainEntryArb, { maxLength: 3 }),
  ehlo: fc.array(textArb, { maxLength: 4 }),
  preview: textArb,
  problems: fc.array(fc.record({ code: fc.oneof(fc.constantFrom('cert-self-signed', 'cert-name-mismatch'), hostileArb({ max: 30 })), message: textArb }), { maxLength: 3 }),
  sentence: textArb,
  lines: fc.array(textArb, { maxLength: 4 }),
  error: textArb,
});

type ReportCase = typeof reportArb extends fc.Arbitrary<infer T> ? T : never;

function probeReport(c: ReportCase): ProbeReport {
  return {
    host: c.host,
    port: 587,
    mode: 'starttls',
    address: c.address,
    servername: c.servername,
    hostnames: c.hostnames,
    tlsVersion: 'TLSv1.3',
    cipher: c.cipher,
    keyExchange: c.keyExchange,
    chain: c.chain,
    chainSource: 'wire',
    ehloKeywords: c.ehlo,
    auth: { beforeTls: [], afterTls: ['PLAIN', 'LOGIN'], ignored: 0 },
    submission: true,
    injection: { phase: 'starttls', bytes: 10, preview: c.preview },
    verdict: { trusted: false, nameMatches: false, acceptable: false, problems: c.problems.map((p) => ({ ...p, severity: 'error' as const })) },
    outcome: 'refuse',
    sentence: c.sentence,
    transcript: c.lines.map((line, i) => ({ from: i % 2 ? 'client' : 'server', line, ms: i, tls: i > 1 })),
    timings: { connectMs: 1, greetingMs: 2, handshakeMs: 3, totalMs: 4 },
    error: { phase: 'ehlo-tls', code: 'connection-closed', message: c.error },
  };
}

/** The page's own form of a text: tab as space, invisible characters and lone surrogates as escapes. */
function visibleInPage(text: string): string {
  return visible(text).replace(LONE_SURROGATE, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

test(`probe report: hostile certificate fields, names and replies are shown as text (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  withSeed(() =>
    fc.assert(
      fc.property(reportArb, (c) => {
        const html = probeReportHtml(probeReport(c), { nonce: NONCE, now: new Date('2025-06-01T00:00:00Z') });
        const doc = parse(html) as unknown as Parse5Node;
        const seen = seenIn(doc);
        // The style sheet is ours: its text is not data.
        const style = seen.elements.filter((e) => e.tag === 'style');
        assert.equal(style.length, 1);
        const texts = [
          c.host, c.address, c.servername, ...c.hostnames, c.cipher, c.keyExchange, c.preview, c.sentence, c.error, ...c.lines, ...c.ehlo,
          ...c.problems.flatMap((p) => [p.code, p.message]),
          ...c.chain.flatMap((e) => [e.subject, e.issuer, ...e.names, e.fingerprint256, e.key, e.signatureAlgorithm]),
        ].filter((x) => x.trim() !== '');
        const problems = [
          ...markupProblems(seen, { tags: PAGE_TAGS, attrs: PAGE_ATTRS, href: (v) => v.startsWith(`${RULES_DOC_URL}#`) && /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(v.slice(RULES_DOC_URL.length + 1)) }),
          ...missing(seen, texts.map(visibleInPage)),
        ];
        // A link's text is the code it links to, nothing else.
        for (const a of linksOf(doc)) if (a.href !== `${RULES_DOC_URL}#${a.text}`) problems.push(`link ${a.href} reads ${JSON.stringify(a.text)}`);
        assert.deepEqual(problems, [], `report=${preview(JSON.stringify(c), 2000)}`);
      }),
      fuzzParams(300),
    ),
  );
});

function linksOf(node: Parse5Node, out: { href: string; text: string }[] = []): { href: string; text: string }[] {
  if (node.tagName === 'a') out.push({ href: node.attrs?.find((x) => x.name === 'href')?.value ?? '', text: seenIn({ nodeName: '#fragment', childNodes: node.childNodes }).text });
  for (const c of node.childNodes ?? []) linksOf(c, out);
  return out;
}

const dnsArb = fc.record({
  domain: hostileArb({ max: 40 }),
  from: hostileArb({ max: 30 }),
  host: hostileArb({ max: 40 }),
  addresses: fc.array(hostileArb({ max: 30 }), { maxLength: 2 }),
  by: hostileArb({ max: 40 }),
  owner: hostileArb({ max: 40 }),
  record: hostileArb({ max: 60 }),
  matches: fc.array(hostileArb({ max: 40 }), { maxLength: 2 }),
  txt: fc.array(hostileArb({ max: 80 }), { maxLength: 2 }),
  error: hostileArb({ max: 60 }),
  chains: fc.array(hostileArb({ max: 40 }), { maxLength: 2 }),
  findings: fc.array(fc.record({ code: fc.oneof(fc.constantFrom('mx-name-not-covered', 'dane-tlsa-mismatch'), hostileArb({ max: 30 })), message: hostileArb({ max: 80 }), host: hostileArb({ max: 30 }) }), { maxLength: 3 }),
});

test(`DNS report: hostile names, TXT and TLSA text, files and messages are shown as text (seed ${FUZZ_SEED})`, { timeout: 120_000 }, () => {
  withSeed(() =>
    fc.assert(
      fc.property(dnsArb, (c) => {
        const r: DnsCheckReport = {
          domains: [
            {
              domain: c.domain,
              from: c.from,
              mx: { status: 'answered', dnssec: true, nullMx: false },
              hosts: [{ host: c.host, preference: 10, addresses: c.addresses, thisServer: true, by: c.by, tlsa: { status: 'answered', dnssec: true, owner: c.owner, records: [{ record: c.record, usable: true, matches: c.matches }] } }],
              mtaSts: { status: 'answered', dnssec: false, records: c.txt },
              tlsRpt: { status: 'failed', dnssec: false, error: c.error, records: [] },
            },
          ],
          diagnostics: c.findings.map((f) => ({ code: f.code, severity: 'error', message: f.message, domain: c.domain, host: f.host })),
          chains: c.chains,
          resolver: '127.0.0.1:53',
          noAnswer: false,
          lookups: { sent: 1, cached: 0 },
          ms: 1,
        };
        const doc = parse(dnsReportHtml(r, { nonce: NONCE })) as unknown as Parse5Node;
        const seen = seenIn(doc);
        assert.equal(seen.elements.filter((e) => e.tag === 'style').length, 1);
        const texts = [c.domain, c.from, c.host, ...c.addresses, c.by, c.owner, c.record, ...c.matches, ...c.txt, c.error, ...c.chains, ...c.findings.flatMap((f) => [f.code, f.message, f.host])].filter((x) => x.trim() !== '');
        const problems = [
          ...markupProblems(seen, { tags: PAGE_TAGS, attrs: PAGE_ATTRS, href: (v) => v.startsWith(`${RULES_DOC_URL}#`) && /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(v.slice(RULES_DOC_URL.length + 1)) }),
          ...missing(seen, texts.map(visibleInPage)),
        ];
        for (const a of linksOf(doc)) if (a.href !== `${RULES_DOC_URL}#${a.text}`) problems.push(`link ${a.href} reads ${JSON.stringify(a.text)}`);
        assert.deepEqual(problems, [], `report=${preview(JSON.stringify(c), 2000)}`);
      }),
      fuzzParams(200),
    ),
  );
});
