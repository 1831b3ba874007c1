// What the editor shows of a DNS check, from plain data: the report page (every DNS text escaped,
// the probe page's Content-Security-Policy), its summary sentence, and the hover section of a
// certificate setting that lists the TLSA records its key matches (escaped Markdown).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsReportHtml, dnsSummary, type DnsCheckReport, type DnsDomainView } from '../../../server/src/core/dns/report-html';
import { tlsaFindingsOf, tlsaHover } from '../../../server/src/core/hover/tlsa-hover';
import { port25Targets } from '../../../server/src/core/dns/port25';
import { unescapeMarkdown } from '../../../server/src/core/markdown';
import { targetAt, type Setting } from '../../../server/src/core/navigation/at-position';
import { certificateTargets } from '../../../server/src/core/tls/config-targets';
import { analyzeConfig } from '../../../server/src/core/validate';

const NONCE = 'abcdefghijklmnop0123';
const HOSTILE = '<script>alert(1)</script>\u202e`x`[link](command:evil)';

function domain(over: Partial<DnsDomainView> = {}): DnsDomainView {
  return {
    domain: 'example.org',
    from: 'mydomain',
    mx: { status: 'answered', dnssec: true, nullMx: false },
    hosts: [
      {
        host: 'mx.example.org',
        preference: 10,
        addresses: ['192.0.2.1'],
        thisServer: true,
        by: 'its name is mx.example.org',
        tlsa: { status: 'answered', dnssec: true, owner: '_25._tcp.mx.example.org', records: [{ record: '3 1 1 aabbcc', usable: true, matches: ['/etc/ssl/mx.pem'] }] },
      },
    ],
    mtaSts: { status: 'answered', dnssec: true, records: [`v=STSv1; id=${HOSTILE}`] },
    tlsRpt: { status: 'failed', dnssec: false, error: 'example.org TXT: timeout', records: [] },
    ...over,
  };
}

function report(over: Partial<DnsCheckReport> = {}): DnsCheckReport {
  return {
    domains: [domain()],
    diagnostics: [
      { code: 'dane-tlsa-mismatch', severity: 'error', message: `no record matches ${HOSTILE}`, domain: 'example.org', host: 'mx.example.org' },
      { code: '<b>not-a-code</b>', severity: 'warning', message: 'odd', domain: 'elsewhere.test', host: null },
    ],
    chains: ['/etc/ssl/mx.pem'],
    resolver: '127.0.0.1:5353',
    noAnswer: false,
    lookups: { sent: 5, cached: 2 },
    ms: 12.4,
    ...over,
  };
}

test('the report page: DNS text is text (no markup, no hidden characters), the probe page\'s policy, rule links only for codes', () => {
  const html = dnsReportHtml(report(), { nonce: NONCE });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abcdefghijklmnop0123'; img-src 'none';[^"]*script-src 'none'/);
  assert.doesNotMatch(html, /<script/i);
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;\\u{202E}&#96;x&#96;[link](command:evil)'), 'the TXT record and the message, escaped');
  assert.ok(!html.includes('\u202e'));
  assert.match(html, /<a href="https:\/\/github\.com\/postfix-lens\/postfix-lens\/blob\/main\/docs\/rules\.md#dane-tlsa-mismatch">dane-tlsa-mismatch<\/a>/);
  assert.ok(html.includes('<code>&lt;b&gt;not-a-code&lt;/b&gt;</code>'), 'a code of the wrong shape stays text, under "Other findings"');
  assert.match(html, /<h2>Other findings<\/h2>/);
  assert.match(html, /<code class="wrap">3 1 1 aabbcc<\/code>: matches \/etc\/ssl\/mx\.pem/);
  assert.match(html, /TLS-RPT<\/th><td><span class="bad">lookup failed<\/span>: <code>example\.org TXT: timeout<\/code>/);
  assert.match(html, /5 question\(s\) sent, 2 answered from the cache, 12 ms/);
  assert.throws(() => dnsReportHtml(report(), { nonce: 'short' }), /nonce/);
});

test('the summary says what a sender would meet, in words', () => {
  assert.equal(dnsSummary(report()), '1 domain checked: 1 error, 1 warning.');
  assert.equal(dnsSummary(report({ diagnostics: [] })), '1 domain checked: nothing a sender would stumble on.');
  assert.equal(dnsSummary(report({ noAnswer: true })), 'No resolver answered (127.0.0.1:5353): the DNS check could not run.');
  assert.match(dnsSummary(report({ domains: [] })), /^No domain to check/);
});

const MAIN = 'myhostname = mx.example.org\nsmtpd_tls_cert_file = /etc/ssl/mx.pem\nsmtpd_tls_key_file = /etc/ssl/mx.key\nsmtp_tls_cert_file = /etc/ssl/client.pem\n';
const a = analyzeConfig(MAIN, null, { configDir: '/etc/postfix', version: '3.7' });
const port25 = port25Targets(a, certificateTargets(a, []).targets);
const settingAt = (line: number) => (targetAt(a, 'main.cf', { line, character: 2 }) as { setting: Setting }).setting;

test('hover: the TLSA records the port-25 certificate matches, escaped; its key setting too; other settings nothing', () => {
  const hostile = domain({ hosts: [{ ...domain().hosts[0]!, tlsa: { status: 'answered', dnssec: false, owner: '_25._tcp.<img src=x>.example.org', records: [{ record: '3 1 1 *bold*', usable: true, matches: ['/etc/ssl/mx.pem'] }] } }] });
  const findings = tlsaFindingsOf([domain(), hostile], new Date('2026-12-05T10:20:00Z'));
  const md = tlsaHover(settingAt(1), port25, findings)!;
  assert.ok(md.startsWith('**DANE** (DNS check at 10:20 UTC): TLSA records that match this certificate or its key:\n'), md);
  assert.ok(md.includes('- \\_25\\.\\_tcp\\.mx\\.example\\.org: 3 1 1 aabbcc (DNSSEC validated)'), md);
  assert.ok(md.includes('\\<img src\\=x\\>'), 'an owner name from DNS is escaped');
  assert.ok(md.includes('3 1 1 \\*bold\\* (**not validated**: DANE senders ignore it)'), md);
  assert.equal(unescapeMarkdown(md).includes('_25._tcp.<img src=x>.example.org: 3 1 1 *bold*'), true);
  assert.equal(tlsaHover(settingAt(2), port25, findings), md, 'the key setting of the pair shows the same');
  assert.equal(tlsaHover(settingAt(3), port25, findings), null, 'the SMTP client certificate is not DANE for port 25');
  assert.equal(tlsaHover(settingAt(0), port25, findings), null);
});

test('hover: records were looked up but none matches this certificate; no TLSA looked up, no section', () => {
  const other = domain({ hosts: [{ ...domain().hosts[0]!, tlsa: { status: 'answered', dnssec: true, owner: '_25._tcp.mx.example.org', records: [{ record: '3 1 1 ddeeff', usable: true, matches: [] }] } }] });
  assert.equal(tlsaHover(settingAt(1), port25, tlsaFindingsOf([other], new Date('2026-12-05T10:20:00Z'))), '**DANE** (DNS check at 10:20 UTC): no TLSA record at \\_25\\.\\_tcp\\.mx\\.example\\.org matches this certificate or its key.');
  const none = domain({ hosts: [{ ...domain().hosts[0]!, tlsa: undefined }] });
  assert.equal(tlsaHover(settingAt(1), port25, tlsaFindingsOf([none], new Date())), null);
});
