// Random main.cf / master.cf texts that use every syntax form Postfix reads, for differential tests
// against the real postconf: continuation lines, comments and blank lines inside values, '#' after a
// value, CRLF, a first line with leading whitespace, duplicates, every $-expression form (also broken
// ones), relational and compatibility-level expressions (with good and bad levels), reference
// cycles and chains nested past Postfix's limit, {...} with and without their braces balanced,
// database-client names and tables whose client configuration files exist (with unknown names,
// duplicates, syntax errors) or not, read-only and legacy parameters, Latin-1, UTF-8 and control
// bytes, master.cf services with -o in all its spellings, and master.cf lines that stop postconf.
// Texts hold one character per byte (write them as Latin-1); "@DIR@" stands for the directory.

import fc from 'fast-check';

const BUILTIN = [
  'myhostname', 'mydomain', 'myorigin', 'smtpd_banner', 'relayhost', 'mynetworks', 'mynetworks_style', 'compatibility_level', 'smtpd_tls_security_level', 'smtpd_tls_cert_file', 'smtpd_tls_key_file',
  'alias_maps', 'virtual_alias_maps', 'virtual_mailbox_maps', 'smtpd_restriction_classes', 'smtpd_recipient_restrictions',
  'mailbox_command', 'queue_directory', 'message_size_limit', 'delay_warning_time', 'smtp_tls_security_level',
  'transport_maps', 'mail_name', 'smtpd_client_restrictions',
];
const LEGACY = ['virtual_maps', 'fallback_relay'];
const USER = ['foo', 'bar', 'baz', 'qux', 'tls_dir', 'my_class', 'other_class', 'vmail_hosts', 'vmail_user'];
// Read-only names (process_id, process_name) are left out: when one is assigned and also referred to,
// postconf's result depends on its randomly seeded hash-table order.
const ALL_NAMES = [...BUILTIN, ...LEGACY, ...USER, 'undefined_x', 'mail_version', 'config_directory', 'daemon_directory'];

const nameArb = fc.constantFrom(...ALL_NAMES);
const wordArb = fc.constantFrom('mail', 'example.com', 'hash:/etc/postfix/virtual', 'mysql:vmail', 'proxy:mysql:vmail',
  'permit_mynetworks', 'reject', '127.0.0.0/8', 'yes', 'no', '10', '3.6', '2', 'a,b', '{x}', '/etc/ssl/a.pem', '1h',
  // Tables with client configuration files (see TABLE_FILES), braces postconf warns about, bytes it prints as "?".
  'mysql:@DIR@/my.cf', 'proxy:pgsql:@DIR@/pg.cf', 'ldap:@DIR@/broken.cf', 'mysql:@DIR@/missing.cf', 'sqlite:@DIR@/adir', 'mysql:$config_directory/my.cf',
  '{a}b', '{unclosed', 'mysql:{x', 'caf\u00e9', 'caf\u00c3\u00a9', 'x\u0001y');

/** One piece of a value: text or an expression. */
const fragmentArb: fc.Arbitrary<string> = fc.letrec<{ frag: string; inner: string }>((tie) => ({
  inner: fc.oneof(
    { depthSize: 'small' },
    wordArb,
    nameArb.map((n) => `$${n}`),
    fc.array(tie('frag'), { minLength: 1, maxLength: 3 }).map((a) => a.join(' ')),
  ),
  frag: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: wordArb, weight: 4 },
    { arbitrary: nameArb.map((n) => `$${n}`), weight: 4 },
    { arbitrary: nameArb.map((n) => `\${${n}}`), weight: 2 },
    { arbitrary: nameArb.map((n) => `$(${n})`), weight: 1 },
    { arbitrary: fc.constant('$$'), weight: 1 },
    { arbitrary: fc.tuple(nameArb, fc.constantFrom('?', ':'), tie('inner')).map(([n, op, v]) => `\${${n}${op}${v}}`), weight: 2 },
    { arbitrary: fc.tuple(nameArb, fc.constantFrom('?', ':'), tie('inner')).map(([n, op, v]) => `\${${n} ${op} {${v}}}`), weight: 2 },
    { arbitrary: fc.tuple(nameArb, tie('inner'), tie('inner')).map(([n, a, b]) => `\${${n}?{${a}}:{${b}}}`), weight: 2 },
    {
      arbitrary: fc
        .tuple(tie('inner'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '<level', '>=level'), tie('inner'), tie('inner'), tie('inner'))
        .map(([l, op, r, x, y]) => `\${{${l}} ${op} {${r}} ? {${x}} : {${y}}}`),
      weight: 2,
    },
    { arbitrary: fc.constantFrom('${{$compatibility_level} <level {2} ? {a} : {b}}', '${{10} < {9}}', '${{abc} == {abc}}', '${{3.x} <level {2}}'), weight: 1 },
    { arbitrary: fc.constantFrom('${foo', '$', '${a b}', '${}', '${{x} =~ {y}}', '${x?{a}junk}', '$(foo'), weight: 1 },
    { arbitrary: fc.constantFrom('# not a comment', 'a#b', '\t', '"quoted text"'), weight: 1 },
  ),
})).frag;

export const valueArb = fc.array(fragmentArb, { minLength: 0, maxLength: 5 }).map((a) => a.join(' '));

interface Line {
  name: string;
  value: string;
  /** Split the value over continuation lines at these word boundaries. */
  splits: number[];
  /** Comment or blank lines inserted inside the continuation. */
  interleave: string[];
  spaceAroundEq: [string, string];
}

const lineArb: fc.Arbitrary<Line> = fc.record({
  name: fc.oneof({ arbitrary: nameArb, weight: 9 }, { arbitrary: fc.constantFrom('vmail_password', 'smtpd_tls_cert_fiel', 'Foo'), weight: 1 }),
  value: valueArb,
  splits: fc.array(fc.nat(6), { maxLength: 2 }),
  interleave: fc.array(fc.constantFrom('# comment', '', '   ', '  # indented comment', '\t'), { maxLength: 2 }),
  spaceAroundEq: fc.tuple(fc.constantFrom(' ', '', '\t', '  '), fc.constantFrom(' ', '', '\t')),
});

function renderLine(l: Line, eol: string): string {
  const words = l.value.split(' ');
  const parts: string[] = [];
  let cur: string[] = [];
  words.forEach((w, i) => {
    if (l.splits.includes(i) && cur.length > 0) {
      parts.push(cur.join(' '));
      cur = [];
    }
    cur.push(w);
  });
  parts.push(cur.join(' '));
  let out = `${l.name}${l.spaceAroundEq[0]}=${l.spaceAroundEq[1]}${parts[0]}${eol}`;
  for (let i = 1; i < parts.length; i++) {
    if (l.interleave[i - 1] !== undefined) out += l.interleave[i - 1] + eol;
    out += `    ${parts[i]}${eol}`;
  }
  return out;
}

export interface RandomConfig {
  main: string;
  master: string;
  /** Files to create beside them (database client configuration files), by name: text or "dir". */
  files: Record<string, string>;
}

/** The database client configuration files random values name (mysql:@DIR@/missing.cf is not one). */
export const TABLE_FILES: Record<string, string> = {
  'my.cf': 'hosts = db\nuser = u\npassword = p\ndbname = d\nquery = SELECT 1\nhots = typo\n',
  'pg.cf': '  indented = 1\nhosts = a\nhosts = b\nbogus = caf\u00e9\n',
  'broken.cf': 'server_host = x\nno equals here\n',
  adir: 'dir',
};

const serviceArb = fc.record({
  name: fc.constantFrom('smtp', 'submission', 'smtps', 'relay', 'custom', 'spamfilter', 'vmail', '127.0.0.1:10025'),
  type: fc.constantFrom('inet', 'unix', 'unix', 'pass'),
  command: fc.constantFrom('smtpd', 'smtp', 'pipe', 'local', 'spawn', 'cleanup', 'lmtp', 'virtual'),
  overrides: fc.array(
    fc.tuple(fc.constantFrom(...BUILTIN, ...USER, 'syslog_name', 'smtpd_sasl_auth_enable'), valueArb, fc.constantFrom('short', 'braced', 'glued', 'spaced', 'bare')),
    { maxLength: 3 },
  ),
  trailing: fc.constantFrom('', ' flags=R user=vmail argv=/usr/bin/cmd ${recipient}', ' -v', ' {unclosed', ' x {a}b', ' -o { smtpd_banner = x }y', ' -o {a'),
});

export const configArb: fc.Arbitrary<RandomConfig> = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
    crlf: fc.boolean(),
    leadingWs: fc.boolean(),
    header: fc.constantFrom('', '# main.cf\n', '\n\n'),
    services: fc.array(serviceArb, { maxLength: 4 }),
    cycle: fc.constantFrom('', 'foo = $bar\nbar = $foo\n', 'foo = ${{$foo} == {x}}\n', 'bar = $bar\n', 'smtpd_banner = $smtpd_banner\n'),
    // Only forms that need no DNS: postconf resolves names in inet_interfaces (and stalls offline).
    net: fc.constantFrom('', 'inet_interfaces = loopback-only\n', 'inet_interfaces = all\n', 'inet_interfaces = 127.0.0.1\n', 'inet_interfaces = localhost\ninet_protocols = ipv4\n', 'inet_protocols = ipv6\n', 'inet_protocols = all\nmynetworks_style = host\n', 'mynetworks_style = class\n'),
    compat: fc.constantFrom('', '', 'compatibility_level = 2\n', 'compatibility_level = 3.6\n', 'compatibility_level = abc\n', 'compatibility_level = 3.6.1.2\n', 'compatibility_level = 03.07\n'),
    // Read-only names, assigned but never referred to (when referred to as well, postconf's result
    // depends on its hash order); a chain of names nested past Postfix's limit of 100.
    extra: fc.constantFrom('', '', '', 'process_name = x\n', 'process_id = 1\nservice_name = s\n', chain(105, 'relayhost'), chain(98, 'relayhost'), 'this line has no equals sign\n'),
    leadingWsText: fc.constantFrom('  ignored_line = 1\n', '\t\u00e9 indented and rather longer than thirty bytes\n', ' x\u0000y\n'),
    badMaster: fc.constantFrom('', '', '', ' indented x\n', 'bad line\n', 'smtp tcp n - n - - smtpd\n'),
  })
  .map(({ lines, crlf, leadingWs, header, services, cycle, net, compat, extra, leadingWsText, badMaster }) => {
    const eol = crlf ? '\r\n' : '\n';
    let main = header + (leadingWs ? leadingWsText : '') + lines.map((l) => renderLine(l, eol)).join('') + cycle + net + compat + extra;
    // Values that contain a broken expression sometimes end with a stray "$".
    if (main.length % 7 === 0) main += 'trailing_dollar = abc$\n';
    const master = services
      .map((s) => {
        const opts = s.overrides
          .map(([n, v, how]) => {
            const val = v.replace(/\s+/g, '_') || 'x';
            switch (how) {
              case 'braced':
                return ` -o { ${n} = ${v || 'x'} }`;
              case 'glued':
                return ` -o${n}=${val}`;
              case 'spaced':
                return ` -o ${n} = ${val}`;
              case 'bare':
                return ` -o ${n}`;
              default:
                return ` -o ${n}=${val}`;
            }
          })
          .join('\n ');
        return `${s.name}  ${s.type}  n  -  n  -  -  ${s.command}${opts ? '\n ' + opts : ''}${s.trailing}\n`;
      })
      .join('');
    return { main, master: badMaster.startsWith(' ') ? badMaster + master : master + badMaster, files: TABLE_FILES };
  });

/** n0 = $n1, ..., the last one a word, and `name` = $n0: nested `depth` levels deep. */
function chain(depth: number, name: string): string {
  let out = '';
  for (let i = 0; i < depth; i++) out += `n${i} = $n${i + 1}\n`;
  return out + `n${depth} = end\n${name} = $n0\n`;
}
