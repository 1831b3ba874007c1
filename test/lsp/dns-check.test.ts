// postfixLens/dnsCheck over real JSON-RPC against the DNSSEC lab (test/helpers/dns-lab.ts): the
// certificate of the port-25 service does not name the MX host, so the editor shows the finding on
// the certificate line; the hover of that setting lists the TLSA record its key matches; a second
// run within the TTL asks the resolver nothing the first asked; cancel ends the lookups; an
// untrusted workspace sends no packet; postfixLens.dns.enabled runs it on open and after the
// certificate setting changes. Certificates are made with openssl and their TLSA data computed by
// openssl, as in test/cli/dns-command.test.ts.

import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { hasOpenssl, openssl } from '../helpers/certificates';
import { labAvailable, needDnsLab, startDnsLab, type DnsLab } from '../helpers/dns-lab';
import { startPolicyServer, type PolicyServer } from '../helpers/policy-server';
import { LspClient } from '../helpers/lsp-client';
import { unescapeMarkdown } from '../../server/src/core/markdown';
import type { DnsCheckReport } from '../../server/src/protocol';

let lab: DnsLab | undefined;
let policyServer: PolicyServer | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-lsp-dns-'));
let a311 = '';

function run(args: string[]): void {
  const r = openssl(args, dir);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

function certificate(name: string, names: string[]): void {
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`]);
}

function spkiSha256(name: string): string {
  run(['x509', '-in', `${name}.pem`, '-pubkey', '-noout', '-out', `${name}.pub`]);
  run(['pkey', '-pubin', '-in', `${name}.pub`, '-outform', 'DER', '-out', `${name}.der`]);
  return openssl(['dgst', '-sha256', '-r', `${name}.der`], dir).stdout.split(' ')[0]!;
}

before(async () => {
  if (!labAvailable() || !hasOpenssl()) return;
  // "a" names another host than the MX: the finding the editor must show on its line. Its key is
  // the one published, so the hover lists the record. "b" names the MX host; its key is not published.
  certificate('a', ['www.e1.good.test']);
  certificate('b', ['mx.e1.good.test']);
  a311 = spkiSha256('a');
  // e2 publishes an MTA-STS policy in testing mode (a finding says so once it is fetched) on a host
  // whose certificate is from a CA made for this run.
  policyServer = await startPolicyServer({
    'mta-sts.e2.good.test': { handler: (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('version: STSv1\r\nmode: testing\r\nmx: mx.e2.good.test\r\nmax_age: 86400\r\n') },
  });
  lab = await startDnsLab({
    'good.test': [
      'e1 3600 IN MX 10 mx.e1.good.test.',
      'mx.e1 3600 IN A 127.0.0.2',
      `_25._tcp.mx.e1 3600 IN TLSA 3 1 1 ${a311}`,
      'e2 3600 IN MX 10 mx.e2.good.test.',
      'mx.e2 3600 IN A 192.0.2.25',
      '_mta-sts.e2 3600 IN TXT "v=STSv1; id=20261205"',
      `mta-sts.e2 3600 IN A ${policyServer.address}`,
    ],
  });
});

after(async () => {
  await Promise.all([lab?.stop(), policyServer?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function need(t: TestContext): DnsLab | undefined {
  if (!hasOpenssl()) {
    t.skip('openssl is not installed');
    return undefined;
  }
  return needDnsLab(t) ? lab : undefined;
}

/** A main.cf in its own folder (line 2: the certificate setting), and its URI. */
function mainCf(cert: 'a' | 'b'): { uri: string; text: string } {
  const d = fs.mkdtempSync(path.join(dir, 'conf-'));
  const text = `myhostname = mx.e1.good.test\nmydomain = e1.good.test\nsmtpd_tls_cert_file = ${path.join(dir, `${cert}.pem`)}\nsmtpd_tls_key_file = ${path.join(dir, `${cert}.key`)}\nsmtpd_tls_security_level = may\n`;
  fs.writeFileSync(path.join(d, 'main.cf'), text);
  return { uri: pathToFileURL(path.join(d, 'main.cf')).toString(), text };
}

const resolverOf = (l: DnsLab) => `${l.validating.address}:${l.validating.port}`;
const CERT_LINE = 2;
const has = (code: string, line?: number) => (d: Diagnostic[]) => d.some((x) => x.code === code && (line === undefined || x.range.start.line === line));

/** A UDP socket that never answers: the resolver of the tests that must see a query start (or none). */
async function silentResolver(): Promise<{ socket: dgram.Socket; address: string; firstQuery: Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const firstQuery = new Promise<void>((resolve) => socket.once('message', () => resolve()));
  return { socket, address: `127.0.0.1:${socket.address().port}`, firstQuery };
}

test('the check: the certificate that lacks the MX name is flagged on its line, the hover lists the TLSA record its key matches, the second run is answered from the cache', { timeout: 60_000 }, async (t) => {
  const l = need(t);
  if (!l) return;
  const { uri, text } = mainCf('a');
  const client = new LspClient();
  try {
    await client.initialize({ dns: { resolver: resolverOf(l) } });
    await client.open(uri, text);
    const before = await client.waitForDiagnostics(uri);
    assert.ok(!before.some((d) => d.code === 'mx-name-not-covered'), 'no DNS finding before the check is run');

    const first = await client.request<DnsCheckReport>('postfixLens/dnsCheck', { uri });
    assert.deepEqual(first.domains.map((d) => d.domain), ['e1.good.test']);
    assert.deepEqual(first.domains[0]!.hosts.map((h) => [h.host, h.thisServer]), [['mx.e1.good.test', true]]);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['mx-name-not-covered']);
    assert.equal(first.domains[0]!.hosts[0]!.tlsa?.dnssec, true);

    const after = await client.waitForDiagnostics(uri, has('mx-name-not-covered', CERT_LINE));
    const d = after.find((x) => x.code === 'mx-name-not-covered')!;
    assert.match(String(d.message), /mx\.e1\.good\.test/);
    assert.equal(d.source, 'postfix-lens');

    const hover = await client.hover(uri, { line: CERT_LINE, character: 3 });
    const value = unescapeMarkdown((hover?.contents as { value: string }).value);
    assert.match(value, /TLSA records that match this certificate or its key/);
    assert.ok(value.includes(`_25._tcp.mx.e1.good.test: 3 1 1 ${a311.slice(0, 16)}`), value);
    assert.match(value, /DNSSEC validated/);

    const second = await client.request<DnsCheckReport>('postfixLens/dnsCheck', { uri });
    assert.ok(first.lookups.sent > 0);
    assert.ok(second.lookups.sent < first.lookups.sent, `second run sent ${second.lookups.sent}, first ${first.lookups.sent}`);
    assert.ok(second.lookups.cached > 0);
    assert.deepEqual(second.diagnostics.map((x) => x.code), ['mx-name-not-covered']);

    // An edit that moves the line moves the finding with it.
    await client.change(uri, 2, `# a comment\n${text}`);
    await client.waitForDiagnostics(uri, has('mx-name-not-covered', CERT_LINE + 1));

    // Trust withdrawn: the DNS findings go.
    await client.conn.sendNotification('postfixLens/workspaceTrust', { trusted: false });
    await client.waitForDiagnostics(uri, (x) => !x.some((y) => y.code === 'mx-name-not-covered'));
  } finally {
    await client.shutdown();
  }
});

test('cancel: $/cancelRequest ends the lookups at once, the answer is RequestCancelled', { timeout: 30_000 }, async () => {
  const silent = await silentResolver();
  const { uri, text } = mainCf('a');
  const client = new LspClient();
  try {
    await client.initialize({ dns: { resolver: silent.address } });
    await client.open(uri, text);
    const source = new CancellationTokenSource();
    const answer = client.conn.sendRequest('postfixLens/dnsCheck', { uri }, source.token);
    await silent.firstQuery;
    const t0 = Date.now();
    source.cancel();
    const e = await answer.then(
      () => assert.fail('the cancelled check answered with a result'),
      (x: unknown) => x,
    );
    assert.ok(e instanceof ResponseError, String(e));
    assert.equal(e.code, -32800);
    assert.ok(Date.now() - t0 < 3000, `cancellation took ${Date.now() - t0} ms (the lookups' own timeouts are 2 s per try, 15 s in all)`);
  } finally {
    await client.shutdown();
    silent.socket.close();
  }
});

test('untrusted: the check is refused before any query, and there is no DNS lens', { timeout: 30_000 }, async () => {
  const silent = await silentResolver();
  let queried = false;
  silent.socket.on('message', () => (queried = true));
  const { uri, text } = mainCf('a');
  const client = new LspClient();
  try {
    await client.initialize({ dns: { resolver: silent.address, enabled: true } }, { trusted: false });
    await client.open(uri, text);
    const refused = await client.request('postfixLens/dnsCheck', { uri }).catch((e: unknown) => e);
    assert.ok(refused instanceof ResponseError, String(refused));
    assert.equal(refused.code, -32001);
    assert.match(refused.message, /untrusted workspace/);
    assert.equal(queried, false, 'a query left before the refusal');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(!lenses.some((x) => x.command?.command === 'postfixLens.checkDns'), JSON.stringify(lenses));

    await client.conn.sendNotification('postfixLens/workspaceTrust', { trusted: true });
    const trusted = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lens = trusted.find((x) => x.command?.command === 'postfixLens.checkDns');
    assert.equal(lens?.command?.title, 'Check DNS of e1.good.test (MX, DANE, MTA-STS)');
    assert.equal(lens?.range.start.line, 1);
    assert.deepEqual(lens?.command?.arguments, [uri]);
  } finally {
    await client.shutdown();
    silent.socket.close();
  }
});

test('an invalid postfixLens.dns.resolver is refused with a visible warning', { timeout: 30_000 }, async () => {
  const client = new LspClient();
  try {
    await client.initialize({ dns: { resolver: 'resolver.example.com' } });
    const shown = client.shownMessages.find((m) => m.message.startsWith('postfixLens.dns.resolver'));
    assert.ok(shown, JSON.stringify(client.shownMessages));
    assert.match(shown.message, /not an IP address.*using the default/);
    assert.equal(shown.type, 2);
  } finally {
    await client.shutdown();
  }
});

test('postfixLens.dns.enabled: the check runs on open, and again after the certificate setting changes', { timeout: 60_000 }, async (t) => {
  const l = need(t);
  if (!l) return;
  const { uri, text } = mainCf('a');
  const client = new LspClient();
  try {
    await client.initialize({ dns: { resolver: resolverOf(l), enabled: true } });
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, has('mx-name-not-covered', CERT_LINE), 20_000);
    // Certificate b names the MX host, but its key is not the one published.
    await client.change(uri, 2, text.replaceAll(`${path.sep}a.`, `${path.sep}b.`));
    const d = await client.waitForDiagnostics(uri, (x) => has('dane-tlsa-mismatch', CERT_LINE)(x) && !has('mx-name-not-covered')(x), 20_000);
    assert.ok(d.some((x) => x.code === 'dane-tlsa-mismatch'));
  } finally {
    await client.shutdown();
  }
});

test('postfixLens.extraCaFile is trusted for the MTA-STS policy host too: the policy is fetched with it, and not without it', { timeout: 60_000 }, async (t) => {
  const l = need(t);
  if (!l || !policyServer) return;
  if (!policyServer.onPort443) return void t.skip('cannot listen on port 443 of a loopback address, where the policy is fetched');
  const d = fs.mkdtempSync(path.join(dir, 'conf-'));
  const text = 'myhostname = host.example.invalid\nmydomain = e2.good.test\n';
  fs.writeFileSync(path.join(d, 'main.cf'), text);
  const uri = pathToFileURL(path.join(d, 'main.cf')).toString();
  const policyOf = async (settings: Record<string, unknown>) => {
    const client = new LspClient();
    try {
      await client.initialize({ dns: { resolver: resolverOf(l) }, ...settings });
      await client.open(uri, text);
      const report = await client.request<DnsCheckReport>('postfixLens/dnsCheck', { uri });
      return report.diagnostics.filter((x) => x.domain === 'e2.good.test' && x.code.startsWith('mta-sts')).map((x) => `${x.code} ${x.severity}`);
    } finally {
      await client.shutdown();
    }
  };
  assert.deepEqual(await policyOf({ extraCaFile: policyServer.caFile }), ['mta-sts-testing information'], 'the policy was fetched and read');
  assert.deepEqual(await policyOf({}), ['mta-sts-policy-unavailable warning'], 'without the CA the policy host is not trusted');
});
