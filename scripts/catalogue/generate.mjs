#!/usr/bin/env node
// Generates the Postfix parameter catalogue data files:
//
//   server/src/core/catalogue/data/parameters.json          one entry per main.cf parameter
//   server/src/core/catalogue/data/service-parameters.json  per-service (master.cf) parameter suffixes
//   server/src/core/catalogue/data/dbms-parameters.json     ldap/mysql/pgsql/sqlite/memcache suffixes
//
// HOW TO RE-RUN
//
//   1. Get the Postfix 3.7.11 source tree, either the upstream tarball
//        curl -O https://ftp.porcupine.org/mirrors/postfix-release/official/postfix-3.7.11.tar.gz
//      or Debian's source package (then use the upstream tree *before* Debian's patches,
//      i.e. the contents of postfix_3.7.11.orig.tar.gz):
//        apt-get source --download-only postfix && tar xzf postfix_3.7.11.orig.tar.gz
//   2. Install the tools this script shells out to: awk, sh, m4 (optional: without it the
//      dbms suffix extraction falls back to a JavaScript re-implementation), a C compiler
//      (gcc or cc), the OpenSSL headers (libssl-dev; they decide the tls_eecdh_auto_curves
//      default) and, for the cross-check against a real installation, Debian's postfix
//      package (postconf + /usr/share/man/man5/postconf.5.gz).
//   3. From the repository root:
//        node scripts/catalogue/generate.mjs [/path/to/postfix-3.7.11]
//      Options:
//        --man FILE        postconf(5) page (default: installed page, else <src>/man/man5/postconf.5)
//        --postconf CMD    postconf binary (default: "postconf"; the run fails if it is missing
//                          unless --no-postconf is given, which drops debianDefault)
//        --no-postconf     do not consult an installed postconf
//        --check           do not write; exit 1 if the committed files differ from a fresh run
//
// WHAT IS WHERE
//
//   * Names, postconf table classes, upstream defaults and min/max come from the source tree,
//     exactly the way postconf(1) builds its own table: src/postconf/extract.awk is run over
//     src/*/*.c, and the VAR_/DEF_ macros in the generated tables are resolved by compiling and
//     running a small C program against src/global/mail_params.h (vanilla Linux build flags
//     plus -DUSE_TLS, i.e. no Debian CCARGS path overrides).
//   * The legacy table and the three read-only parameters are read from postconf_builtin.c.
//   * "debianDefault" is what the installed (Debian) postconf -d prints when it differs.
//   * "since", and the starting point for "type", come from the postconf(5) man page.
//   * Enumerations, list item sets, deprecations, post-3.7 parameters and type corrections
//     are hand-curated tables below (facts taken from the Postfix sources / release notes).
//
// SEMANTIC TYPES ("type") -- keep this set small:
//   boolean       yes/no
//   integer       decimal number (int, long and nint classes; nint may also hold ${...} expressions)
//   time          number with optional unit suffix s/m/h/d/w; "unit" gives the unit assumed
//                 when there is no suffix
//   enum          exactly one of "values"
//   list          comma/whitespace separated list; when "items" is present, every item must be
//                 one of them (after stripping a prefix listed in "itemPrefixes", if any)
//   maps          one or more type:table lookup tables
//   restrictions  an smtpd/postscreen access restriction list (permit_*, reject_*, check_*)
//   transport     transport[:nexthop] (a master.cf service name, optionally with nexthop)
//   address       an email address or local part
//   hostname      a host or domain name
//   path          a file or directory name
//   command       a shell command line
//   text          anything else (free-form text, reply templates, cipher strings, ...)
//
// OTHER FIELDS (one JSON object per line in parameters.json, sorted by name)
//   class          postconf's table: bool int long time str raw nint nbool str_fn, legacy (the
//                  backwards-compatibility names postconf_builtin.c registers with an empty value)
//                  or readonly (process_name, service_name, process_id)
//   default        what a vanilla upstream postconf -d prints (null when computed at run time)
//   debianDefault  only where Debian's postconf -d differs for non-machine reasons (paths)
//   computed       only for invocation/machine dependent values: hostname, interfaces, pid,
//                  invocation; these are excluded from the postconf -d comparison
//   min/max        numeric bounds from postconf's tables (int long nint time), when non-zero;
//                  for time parameters they are seconds
//   minLength/maxLength  the same table columns for string classes, where they bound the length
//   since + backports    a version v supports the parameter when v >= since, or when v is in the
//                  same major.minor series as one of "backports" and v >= that backport release
//   valuesSince    enum values that only later versions accept
//   deprecated     { since?, warnSince?, replacement (null: just leave it unset), note }
//   laterDefaults  { "3.x": default } where a release after 3.7 changed the default
//   postfix37      false for parameters that only exist in later releases (those entries come
//                  from the newer sources in the vdukhovni/postfix mirror: mail_params.h and
//                  postconf.proto; their class is inferred from the form of the DEF_ macro)
//   removed        version that no longer knows the parameter (none found for 3.8 - 3.11)
//
// This script must not depend on anything outside Node's standard library.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const OUT_DIR = join(REPO, 'server', 'src', 'core', 'catalogue', 'data');

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const opts = { src: '/tmp/pfsrc/postfix-3.7.11', man: null, postconf: 'postconf', usePostconf: true, check: false };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--man') opts.man = argv[++i];
  else if (a === '--postconf') opts.postconf = argv[++i];
  else if (a === '--no-postconf') opts.usePostconf = false;
  else if (a === '--check') opts.check = true;
  else if (a.startsWith('--')) die(`unknown option ${a}`);
  else opts.src = a;
}
const SRC = resolve(opts.src);
if (!existsSync(join(SRC, 'src', 'postconf', 'extract.awk'))) die(`${SRC} does not look like a Postfix source tree`);

function die(msg) {
  console.error(`generate.mjs: ${msg}`);
  process.exit(1);
}
function assert(cond, msg) {
  if (!cond) die(`assertion failed: ${msg}`);
}
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) die(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const version = /#define\s+MAIL_VERSION_NUMBER\s+"([^"]+)"/.exec(
  readFileSync(join(SRC, 'src', 'global', 'mail_version.h'), 'utf8'),
)?.[1];
assert(version, 'MAIL_VERSION_NUMBER not found');
if (version !== '3.7.11') console.warn(`warning: source tree is Postfix ${version}, the hand-curated tables assume 3.7.11`);

const work = mkdtempSync(join(tmpdir(), 'pfcat-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// 1. postconf's built-in tables, exactly as its Makefile builds them
// ---------------------------------------------------------------------------------------------

const TABLE_CLASSES = ['time', 'bool', 'int', 'str', 'str_fn', 'raw', 'nint', 'nbool', 'long'];
// Which classes carry min/max columns in the generated tables.
const HAS_MINMAX = new Set(['time', 'int', 'str', 'str_fn', 'raw', 'nint', 'long']);

function cFilesUnder(dir) {
  const out = [];
  for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(join(dir, sub)).sort()) if (f.endsWith('.c')) out.push(join(dir, sub, f));
  }
  return out;
}

function extractTables() {
  const tdir = join(work, 'tables');
  mkdirSync(tdir);
  const awkOut = run('awk', ['-f', join(SRC, 'src', 'postconf', 'extract.awk'), ...cFilesUnder(join(SRC, 'src'))], { cwd: tdir });
  run('sh', [], { cwd: tdir, input: awkOut });
  const rows = [];
  const parseLine = (cls, line, file) => {
    const f = line.split(',').map((s) => s.trim());
    // VAR_X, DEF_X | fn, &var, [min, max,]
    assert(/^VAR_\w+$/.test(f[0]) && f[2]?.startsWith('&'), `unexpected line in ${file}: ${line}`);
    rows.push({ cls, varMacro: f[0], defExpr: f[1], min: HAS_MINMAX.has(cls) ? f[3] : '0', max: HAS_MINMAX.has(cls) ? f[4] : '0' });
  };
  for (const cls of TABLE_CLASSES) {
    const file = join(tdir, `${cls}_table.h`);
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) parseLine(cls, line, file);
  }
  // install_table.h is #included into the str table by postconf_builtin.c.
  const inst = readFileSync(join(SRC, 'src', 'postconf', 'install_table.h'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  for (const line of inst.split('\n')) if (line.trim()) parseLine('str', line, 'install_table.h');
  return rows;
}

function builtinSource() {
  return readFileSync(join(SRC, 'src', 'postconf', 'postconf_builtin.c'), 'utf8');
}

function legacyNames() {
  const m = /pcf_legacy_str_table\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(builtinSource());
  assert(m, 'legacy table not found in postconf_builtin.c');
  return [...m[1].matchAll(/\{\s*"([a-z0-9_]+)"\s*,\s*"([^"]*)"\s*\}/g)].map((x) => ({ name: x[1], def: x[2] }));
}

function readonlyMacros() {
  const out = [];
  for (const m of builtinSource().matchAll(/static\s+CONFIG_(STR|INT)_TABLE\s+pcf_adhoc_\w+\s*=\s*\{\s*(VAR_\w+)\s*\}/g)) out.push(m[2]);
  assert(out.length === 3, `expected 3 ad-hoc read-only parameters, found ${out.length}`);
  return out;
}

function findCompiler() {
  for (const cc of [process.env.CC, 'gcc', 'cc', 'clang'].filter(Boolean)) {
    if (!spawnSync(cc, ['--version'], { encoding: 'utf8' }).error) return cc;
  }
  die('no C compiler found (set CC)');
}

// Compile a tiny program that prints every table row with its macros resolved.
function resolveMacros(rows, roMacros) {
  const esc = (s) => JSON.stringify(s);
  const lines = [];
  for (const r of rows) {
    const args = `${esc(r.cls)}, ${r.varMacro}, (long) (${r.min}), (long) (${r.max})`;
    switch (r.cls) {
      case 'bool':
        lines.push(`    row(${args}, (${r.defExpr}) ? "yes" : "no");`);
        break;
      case 'int':
        lines.push(`    rowl(${args}, (long) (${r.defExpr}));`);
        break;
      case 'long':
        lines.push(`    rowl(${args}, (long) (${r.defExpr}));`);
        break;
      case 'str_fn':
        lines.push(`    row(${args}, (const char *) 0);`);
        break;
      default:
        lines.push(`    row(${args}, ${r.defExpr});`);
    }
  }
  for (const m of roMacros) lines.push(`    row("readonly", ${m}, 0L, 0L, (const char *) 0);`);
  // Use exactly the headers (and #ifdef structure) that postconf_builtin.c uses, minus its own.
  const src = builtinSource();
  const headers = src
    .slice(0, src.indexOf('Application-specific'))
    .split('\n')
    .filter((l) => /^#\s*(include|ifdef|ifndef|if|else|endif)\b/.test(l))
    .join('\n');
  const prog = `/* generated by scripts/catalogue/generate.mjs */
${headers}
#include <stdio.h>

static void put(const char *s)
{
    if (s == 0) { fputs("\\\\N", stdout); return; }
    for (; *s; s++) {
        if (*s == '\\\\') fputs("\\\\\\\\", stdout);
        else if (*s == '\\t') fputs("\\\\t", stdout);
        else if (*s == '\\n') fputs("\\\\n", stdout);
        else putchar(*s);
    }
}
static void row(const char *cls, const char *name, long min, long max, const char *def)
{
    fputs(cls, stdout); putchar('\\t'); put(name); putchar('\\t');
    printf("%ld\\t%ld\\t", min, max); put(def); putchar('\\n');
}
static void rowl(const char *cls, const char *name, long min, long max, long def)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%ld", def);
    row(cls, name, min, max, buf);
}
int main(void)
{
${lines.join('\n')}
    return 0;
}
`;
  const cfile = join(work, 'resolve.c');
  writeFileSync(cfile, prog);
  const exe = join(work, 'resolve');
  const srcdir = join(SRC, 'src');
  // A vanilla Linux build: sys_defs.h picks the Linux section, no Debian -DDEF_xxx overrides.
  run(findCompiler(), ['-w', '-DLINUX5', '-DUSE_TLS', `-I${join(srcdir, 'util')}`, `-I${join(srcdir, 'global')}`, '-o', exe, cfile]);
  const out = [];
  const unesc = (s) => (s === '\\N' ? null : s.replace(/\\(\\|t|n)/g, (_, c) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\')));
  for (const line of run(exe, []).split('\n')) {
    if (!line) continue;
    const [cls, name, min, max, def] = line.split('\t');
    out.push({ cls, name: unesc(name), min: Number(min), max: Number(max), def: unesc(def) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. The installed postconf -d (Debian), with an empty configuration directory
// ---------------------------------------------------------------------------------------------

function installedDefaults() {
  if (!opts.usePostconf) return null;
  const cdir = join(work, 'pc');
  mkdirSync(cdir);
  writeFileSync(join(cdir, 'main.cf'), '');
  writeFileSync(join(cdir, 'master.cf'), '');
  const probe = spawnSync(opts.postconf, ['-c', cdir, '-h', 'mail_version'], { encoding: 'utf8' });
  if (probe.error) die(`cannot run ${opts.postconf} (${probe.error.message}); install postfix or pass --no-postconf`);
  if (probe.stdout.trim() !== version) console.warn(`warning: installed postconf is ${probe.stdout.trim()}, source tree is ${version}`);
  const out = run(opts.postconf, ['-c', cdir, '-d']);
  const map = new Map();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const m = /^([A-Za-z0-9_]+) =(?: (.*))?$/.exec(line);
    assert(m, `cannot parse postconf -d line: ${line}`);
    map.set(m[1], m[2] ?? '');
  }
  return { map, configDir: cdir };
}


// ---------------------------------------------------------------------------------------------
// 3. postconf(5): per-parameter text, "since", hints for the semantic type
// ---------------------------------------------------------------------------------------------

function readManPage() {
  const candidates = opts.man ? [opts.man] : ['/usr/share/man/man5/postconf.5.gz', join(SRC, 'man', 'man5', 'postconf.5')];
  for (const f of candidates) {
    if (!existsSync(f)) continue;
    const buf = readFileSync(f);
    return { file: f, text: (f.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8') };
  }
  die(`postconf(5) not found (tried ${candidates.join(', ')})`);
}

// Strip the roff escapes postconf.5 uses.
function deroff(s) {
  return s
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\\(em/g, '--')
    .replace(/\\&/g, '')
    .replace(/\\e/g, '\\')
    .replace(/\s+/g, ' ')
    .trim();
}

const VERSION_RE = /[0-9]+\.[0-9]+(?:\.[0-9]+)?/g;

// Returns Map name -> { headerDefault, paras: [{req, text}], first, text, since, backports }
function parseManPage(text) {
  const out = new Map();
  for (const chunk of text.split(/^\.SH /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    const head = chunk.slice(0, nl);
    const m = /^([A-Za-z0-9_]+) \((?:default: (.*)|read\\-only)\)$/.exec(head);
    if (!m) continue;
    const paras = [];
    let cur = null;
    for (const line of chunk.slice(nl + 1).split('\n')) {
      if (line.startsWith('.')) {
        cur = { req: line, text: '' };
        paras.push(cur);
      } else {
        if (!cur) paras.push((cur = { req: '', text: '' }));
        cur.text += ' ' + line;
      }
    }
    for (const p of paras) p.text = deroff(p.text);
    const first = paras.find((p) => p.text)?.text ?? '';
    // "since": a paragraph of its own (after .PP) saying when the parameter appeared.
    let since = null;
    let backports;
    for (const p of paras) {
      if (p.req !== '' && !p.req.startsWith('.PP')) continue;
      const r =
        /^(?:This|The [a-z0-9_]+) (?:feature|parameter|setting)? ?(?:with settings \S+ and \S+ )?(?:is|was) (?:first )?(?:available|introduced) (?:in|with) Postfix (?:version )?(?:>= ?)?((?:[0-9]+\.[0-9]+(?:\.[0-9]+)?)(?:,? (?:and )?[0-9]+\.[0-9]+(?:\.[0-9]+)?)*)/i.exec(
          p.text,
        );
      if (!r) continue;
      // "available in 2.4.15, 2.5.11, 2.6.8, 2.7.2 and later": the newest is the mainline
      // release; the older ones are backports to their stable series.
      const versions = r[1].match(VERSION_RE).sort((a, b) => cmpVersion(b, a));
      since = versions[0];
      backports = versions.length > 1 ? versions.slice(1) : undefined;
      break;
    }
    out.set(m[1], {
      headerDefault: m[2] === undefined ? null : deroff(m[2]),
      paras,
      first,
      text: paras.map((p) => p.text).join(' '),
      since,
      backports,
    });
  }
  return out;
}


// ---------------------------------------------------------------------------------------------
// 4. Hand-curated knowledge (facts from the Postfix sources, postconf(5), RELEASE_NOTES and
//    DEPRECATION_README; wording is ours)
// ---------------------------------------------------------------------------------------------

const CLIENT_TLS_LEVELS = ['none', 'may', 'encrypt', 'dane', 'dane-only', 'fingerprint', 'verify', 'secure'];
const SERVER_TLS_LEVELS = ['none', 'may', 'encrypt'];
const CIPHER_GRADES = ['export', 'low', 'medium', 'high', 'null'];
const POSTSCREEN_ACTIONS = ['ignore', 'enforce', 'drop'];
const TEMPFAIL_ACTIONS = ['defer', 'defer_if_permit'];
const SASL_SECURITY_OPTIONS = ['noplaintext', 'noactive', 'nodictionary', 'noanonymous', 'forward_secrecy', 'mutual_auth'];
const TLS_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const ADDRESS_CLASSES = ['envelope_sender', 'envelope_recipient', 'header_sender', 'header_recipient'];
const EHLO_KEYWORDS = ['8bitmime', 'auth', 'chunking', 'dsn', 'enhancedstatuscodes', 'etrn', 'pipelining', 'size', 'smtputf8', 'starttls', 'verp', 'xclient', 'xforward', 'silent-discard'];
const SYSLOG_FACILITIES = ['auth', 'authpriv', 'cron', 'daemon', 'ftp', 'kern', 'lpr', 'mail', 'news', 'syslog', 'user', 'uucp', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const each = (names, v) => Object.fromEntries(names.map((n) => [n, v]));

// Parameters whose value is exactly one of a fixed set. An empty value is always allowed where
// the default is empty (it means "use the legacy/implicit behaviour").
const ENUMS = {
  ...each(['smtp_tls_security_level', 'lmtp_tls_security_level', 'tlsproxy_client_security_level', 'tlsproxy_client_level'], CLIENT_TLS_LEVELS),
  ...each(['smtpd_tls_security_level', 'postscreen_tls_security_level', 'tlsproxy_tls_security_level'], SERVER_TLS_LEVELS),
  ...each(
    ['smtp_tls_ciphers', 'smtp_tls_mandatory_ciphers', 'lmtp_tls_ciphers', 'lmtp_tls_mandatory_ciphers', 'smtpd_tls_ciphers', 'smtpd_tls_mandatory_ciphers', 'tlsproxy_tls_ciphers', 'tlsproxy_tls_mandatory_ciphers'],
    CIPHER_GRADES,
  ),
  ...each(['smtpd_tls_eecdh_grade', 'tlsproxy_tls_eecdh_grade'], ['auto', 'none', 'strong', 'ultra']),
  ...each(['smtp_dns_support_level', 'lmtp_dns_support_level'], ['disabled', 'enabled', 'dnssec']),
  ...each(['smtp_address_preference', 'lmtp_address_preference'], ['any', 'ipv4', 'ipv6']),
  ...each(['smtp_address_verify_target', 'lmtp_address_verify_target'], ['rcpt', 'data']),
  ...each(
    ['postscreen_dnsbl_action', 'postscreen_greet_action', 'postscreen_bare_newline_action', 'postscreen_non_smtp_command_action', 'postscreen_pipelining_action', 'postscreen_denylist_action', 'postscreen_blacklist_action'],
    POSTSCREEN_ACTIONS,
  ),
  ...each(['reject_tempfail_action', 'unknown_address_tempfail_action', 'unknown_helo_hostname_tempfail_action', 'unverified_recipient_tempfail_action', 'unverified_sender_tempfail_action'], TEMPFAIL_ACTIONS),
  ...each(['smtpd_upstream_proxy_protocol', 'postscreen_upstream_proxy_protocol'], ['haproxy']),
  smtpd_sasl_type: ['cyrus', 'dovecot'],
  smtp_sasl_type: ['cyrus'],
  lmtp_sasl_type: ['cyrus'],
  mynetworks_style: ['class', 'subnet', 'host'],
  milter_default_action: ['accept', 'reject', 'tempfail', 'quarantine'],
  header_from_format: ['standard', 'obsolete'],
  info_log_address_format: ['external', 'internal'],
  sendmail_fix_line_endings: ['always', 'strict', 'never'],
  smtp_tls_dane_insecure_mx_policy: ['dane', 'encrypt', 'may'],
  // "note" was added in 3.9; 3.7.10+ accept the other four.
  smtpd_forbid_bare_newline: ['no', 'yes', 'normalize', 'reject', 'note'],
  // Postfix accepts these levels; 3.7 warns about levels above its own version.
  compatibility_level: ['0', '1', '2', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11'],
  syslog_facility: SYSLOG_FACILITIES,
  default_database_type: ['btree', 'cdb', 'dbm', 'hash', 'lmdb', 'sdbm'],
};
// Enumeration values that only later Postfix versions accept.
const VALUES_SINCE = { smtpd_forbid_bare_newline: { note: '3.9' } };

// Lists whose items come from a fixed set (items may be separated by comma and/or whitespace).
const LIST_ITEMS = {
  notify_classes: { items: ['bounce', '2bounce', 'data', 'delay', 'policy', 'protocol', 'resource', 'software'] },
  inet_protocols: { items: ['all', 'ipv4', 'ipv6'] },
  smtputf8_autodetect_classes: { items: ['sendmail', 'smtpd', 'qmqpd', 'forward', 'bounce', 'notify', 'verify', 'all'] },
  internal_mail_filter_classes: { items: ['bounce', 'notify'] },
  receive_override_options: { items: ['no_unknown_recipient_checks', 'no_address_mappings', 'no_header_body_checks', 'no_milters'] },
  smtpd_proxy_options: { items: ['speed_adjust'] },
  ...each(['masquerade_classes', 'canonical_classes', 'sender_canonical_classes', 'recipient_canonical_classes'], { items: ADDRESS_CLASSES }),
  propagate_unmatched_extensions: { items: ['canonical', 'virtual', 'alias', 'forward', 'include', 'generic'] },
  ...each(['allow_mail_to_commands', 'allow_mail_to_files'], { items: ['alias', 'forward', 'include'] }),
  prepend_delivered_header: { items: ['command', 'file', 'forward'] },
  ...each(['mailbox_delivery_lock', 'virtual_mailbox_lock'], { items: ['flock', 'fcntl', 'dotlock'] }),
  ...each(['smtp_pix_workarounds', 'lmtp_pix_workarounds'], { items: ['delay_dotcrlf', 'disable_esmtp'] }),
  ...each(['smtp_host_lookup', 'lmtp_host_lookup'], { items: ['dns', 'native'] }),
  ...each(['smtp_dns_resolver_options', 'lmtp_dns_resolver_options'], { items: ['res_defnames', 'res_dnsrch'] }),
  ...each(
    ['smtp_sasl_security_options', 'smtp_sasl_tls_security_options', 'smtp_sasl_tls_verified_security_options', 'lmtp_sasl_security_options', 'lmtp_sasl_tls_security_options', 'lmtp_sasl_tls_verified_security_options', 'smtpd_sasl_security_options', 'smtpd_sasl_tls_security_options'],
    { items: SASL_SECURITY_OPTIONS },
  ),
  ...each(
    ['smtp_tls_protocols', 'smtp_tls_mandatory_protocols', 'lmtp_tls_protocols', 'lmtp_tls_mandatory_protocols', 'smtpd_tls_protocols', 'smtpd_tls_mandatory_protocols', 'tlsproxy_tls_protocols', 'tlsproxy_tls_mandatory_protocols'],
    { items: TLS_PROTOCOLS, itemPrefixes: ['!', '>=', '<='] },
  ),
  // Case-insensitive in Postfix; compare lowercased.
  ...each(['smtpd_discard_ehlo_keywords', 'smtp_discard_ehlo_keywords', 'lmtp_discard_lhlo_keywords', 'postscreen_discard_ehlo_keywords'], { items: EHLO_KEYWORDS }),
};

// Semantic type corrections where the rules in inferType() get it wrong or cannot decide.
const TYPE_OVERRIDES = {
  ...each(['smtp_tls_loglevel', 'lmtp_tls_loglevel', 'smtpd_tls_loglevel', 'tlsproxy_tls_loglevel', 'tlsproxy_client_loglevel'], 'integer'),
  ...each(['default_destination_concurrency_negative_feedback', 'default_destination_concurrency_positive_feedback', 'smtp_tcp_port', 'lmtp_tcp_port'], 'text'),
  ...each(['relayhost', 'address_verify_relayhost', 'smtp_fallback_relay', 'lmtp_fallback_relay', 'fallback_relay'], 'list'),
  ...each(['mydestination', 'relay_domains', 'mynetworks', 'virtual_alias_domains', 'virtual_mailbox_domains', 'forward_path'], 'list'),
  ...each(['inet_interfaces', 'proxy_interfaces', 'debug_peer_list', 'fast_flush_domains', 'permit_mx_backup_networks', 'qmqpd_authorized_clients'], 'list'),
  ...each(['smtpd_authorized_verp_clients', 'authorized_verp_clients', 'smtpd_authorized_xclient_hosts', 'smtpd_authorized_xforward_hosts'], 'list'),
  ...each(['smtpd_client_event_limit_exceptions', 'smtpd_client_connection_limit_exceptions', 'smtpd_sasl_exceptions_networks', 'smtpd_forbid_bare_newline_exclusions'], 'list'),
  ...each(['postscreen_access_list', 'postscreen_allowlist_interfaces', 'postscreen_whitelist_interfaces', 'local_header_rewrite_clients', 'smtpd_restriction_classes'], 'list'),
  ...each(['authorized_flush_users', 'authorized_mailq_users', 'authorized_submit_users', 'smtpd_log_access_permit_actions'], 'list'),
  ...each(['import_environment', 'export_environment', 'parent_domain_matches_subdomains', 'known_tcp_ports', 'maillog_file_prefixes'], 'list'),
  ...each(['smtpd_milters', 'non_smtpd_milters', 'milter_macro_defaults', 'hash_queue_names', 'defer_transports', 'master_service_disable'], 'list'),
  ...each(['alternate_config_directories', 'multi_instance_directories', 'postmulti_start_commands', 'postmulti_stop_commands', 'postmulti_control_commands'], 'list'),
  ...each(['smtpd_noop_commands', 'smtpd_forbidden_commands', 'postscreen_forbidden_commands', 'message_drop_headers', 'tls_eecdh_auto_curves', 'tls_dane_digests'], 'list'),
  ...each(['smtp_sasl_mechanism_filter', 'lmtp_sasl_mechanism_filter', 'smtpd_sasl_mechanism_filter', 'smtp_tls_trust_anchor_file', 'lmtp_tls_trust_anchor_file'], 'list'),
  ...each(['smtp_tls_fingerprint_cert_match', 'lmtp_tls_fingerprint_cert_match', 'smtp_tls_verify_cert_match', 'lmtp_tls_verify_cert_match', 'smtp_tls_secure_cert_match', 'lmtp_tls_secure_cert_match'], 'list'),
  ...each(['tls_disable_workarounds', 'tls_ssl_options', 'postscreen_dnsbl_sites', 'smtp_connection_cache_destinations', 'lmtp_connection_cache_destinations'], 'list'),
  ...each(['relay_clientcerts', 'alias_database', 'smtp_sasl_auth_cache_name', 'lmtp_sasl_auth_cache_name', 'tlsproxy_client_policy'], 'maps'),
  ...each(['luser_relay', 'always_bcc', 'double_bounce_sender', 'address_verify_sender'], 'address'),
  ...each(['myhostname', 'mydomain', 'myorigin', 'smtp_helo_name', 'lmtp_lhlo_name', 'smtpd_proxy_ehlo', 'remote_header_rewrite_domain'], 'hostname'),
  ...each(['mailbox_command', 'debugger_command', 'maillog_file_compressor', 'local_command_shell', 'multi_instance_wrapper'], 'command'),
  ...each(['smtp_sasl_path', 'lmtp_sasl_path', 'smtpd_sasl_path', 'tls_config_file', 'tls_random_source', 'milter_protocol', 'smtpd_proxy_filter'], 'text'),
  ...each(['milter_macro_daemon_name', 'milter_macro_v', 'postscreen_expansion_filter', 'default_rbl_reply'], 'text'),
  maps_rbl_domains: 'list',
  ...each(['home_mailbox', 'tls_random_exchange_name', 'openssl_path', 'cyrus_sasl_config_path', 'maillog_file', 'virtual_mailbox_base', 'command_execution_directory'], 'path'),
  content_filter: 'transport',
  // legacy names
  virtual_maps: 'maps',
  postscreen_dnsbl_ttl: 'time',
  postscreen_dnsbl_whitelist_threshold: 'integer',
  ...each(['lmtp_per_record_deadline', 'smtp_per_record_deadline', 'smtpd_per_record_deadline'], 'boolean'),
  // read-only
  process_id: 'integer',
};

// Defaults that depend on the machine or on how postconf was invoked.
const COMPUTED = {
  myhostname: 'hostname',
  mydomain: 'hostname',
  mynetworks: 'interfaces',
  process_id: 'pid',
  process_name: 'invocation',
  config_directory: 'invocation',
};

// "since" where postconf(5) has no parseable sentence.
const SINCE_OVERRIDES = { anvil_rate_time_unit: '2.2' };
// Minimum lengths that only postconf's install_table.h gives: the program that reads the parameter
// has none (debug_process.c reads debugger_command with no minimum, and only under -D).
const NO_MIN_LENGTH = new Set(['debugger_command']);

// Deprecations. since: version from which the parameter is superseded; warnSince: first version
// whose postconf(1) logs a deprecation warning; replacement: parameter to use instead (null: just
// leave the parameter unset). When since is omitted it is taken from the replacement's "since".
const RENAMED = 'Renamed; the old name still works as the default of the new one.';
const TLS_LEGACY = 'Superseded by the TLS security level.';
const DEPRECATED = {
  virtual_maps: { since: '2.0', warnSince: '3.11', replacement: 'virtual_alias_maps', note: 'Split into virtual_alias_maps and virtual_alias_domains.' },
  fallback_relay: { since: '2.3', warnSince: '3.11', replacement: 'smtp_fallback_relay', note: RENAMED },
  authorized_verp_clients: { warnSince: '3.11', replacement: 'smtpd_authorized_verp_clients', note: RENAMED },
  smtpd_client_connection_limit_exceptions: { warnSince: '3.11', replacement: 'smtpd_client_event_limit_exceptions', note: RENAMED },
  postscreen_dnsbl_ttl: { warnSince: '3.11', replacement: 'postscreen_dnsbl_max_ttl', note: RENAMED },
  postscreen_blacklist_action: { warnSince: '3.11', replacement: 'postscreen_denylist_action', note: RENAMED },
  postscreen_dnsbl_whitelist_threshold: { warnSince: '3.11', replacement: 'postscreen_dnsbl_allowlist_threshold', note: RENAMED },
  postscreen_whitelist_interfaces: { warnSince: '3.11', replacement: 'postscreen_allowlist_interfaces', note: RENAMED },
  lmtp_per_record_deadline: { warnSince: '3.11', replacement: 'lmtp_per_request_deadline', note: RENAMED },
  smtp_per_record_deadline: { warnSince: '3.11', replacement: 'smtp_per_request_deadline', note: RENAMED },
  smtpd_per_record_deadline: { warnSince: '3.11', replacement: 'smtpd_per_request_deadline', note: RENAMED },
  tlsproxy_client_level: { warnSince: '3.11', replacement: 'tlsproxy_client_security_level', note: RENAMED },
  tlsproxy_client_policy: { warnSince: '3.11', replacement: 'tlsproxy_client_policy_maps', note: RENAMED },
  smtp_cname_overrides_servername: { since: '3.11', warnSince: '3.11', replacement: null, note: 'Leave unset; the CNAME override no longer solves a real problem.' },
  lmtp_cname_overrides_servername: { since: '3.11', warnSince: '3.11', replacement: null, note: 'Leave unset; the CNAME override no longer solves a real problem.' },
  smtp_tls_enforce_peername: { since: '2.3', warnSince: '3.11', replacement: 'smtp_tls_security_level', note: 'Use security level verify/secure (or may/encrypt) instead.' },
  lmtp_tls_enforce_peername: { since: '2.3', warnSince: '3.11', replacement: 'lmtp_tls_security_level', note: 'Use security level verify/secure (or may/encrypt) instead.' },
  disable_dns_lookups: { since: '2.11', warnSince: '3.9', replacement: 'smtp_dns_support_level', note: 'Set smtp_dns_support_level = disabled instead.' },
  smtp_use_tls: { since: '2.3', warnSince: '3.9', replacement: 'smtp_tls_security_level', note: TLS_LEGACY },
  lmtp_use_tls: { since: '2.3', warnSince: '3.9', replacement: 'lmtp_tls_security_level', note: TLS_LEGACY },
  smtpd_use_tls: { since: '2.3', warnSince: '3.9', replacement: 'smtpd_tls_security_level', note: TLS_LEGACY },
  postscreen_use_tls: { since: '2.8', warnSince: '3.9', replacement: 'postscreen_tls_security_level', note: TLS_LEGACY },
  tlsproxy_use_tls: { since: '2.8', warnSince: '3.9', replacement: 'tlsproxy_tls_security_level', note: TLS_LEGACY },
  tlsproxy_client_use_tls: { since: '3.4', warnSince: '3.9', replacement: 'tlsproxy_client_security_level', note: TLS_LEGACY },
  smtp_enforce_tls: { since: '2.3', warnSince: '3.9', replacement: 'smtp_tls_security_level', note: TLS_LEGACY },
  lmtp_enforce_tls: { since: '2.3', warnSince: '3.9', replacement: 'lmtp_tls_security_level', note: TLS_LEGACY },
  smtpd_enforce_tls: { since: '2.3', warnSince: '3.9', replacement: 'smtpd_tls_security_level', note: TLS_LEGACY },
  postscreen_enforce_tls: { since: '2.8', warnSince: '3.9', replacement: 'postscreen_tls_security_level', note: TLS_LEGACY },
  tlsproxy_enforce_tls: { since: '2.8', warnSince: '3.9', replacement: 'tlsproxy_tls_security_level', note: TLS_LEGACY },
  tlsproxy_client_enforce_tls: { since: '3.4', warnSince: '3.9', replacement: 'tlsproxy_client_security_level', note: TLS_LEGACY },
  smtp_tls_per_site: { since: '2.3', warnSince: '3.9', replacement: 'smtp_tls_policy_maps', note: 'Superseded by the TLS policy table.' },
  lmtp_tls_per_site: { since: '2.3', warnSince: '3.9', replacement: 'lmtp_tls_policy_maps', note: 'Superseded by the TLS policy table.' },
  tlsproxy_client_per_site: { since: '3.4', warnSince: '3.9', replacement: 'tlsproxy_client_policy_maps', note: 'Superseded by the TLS policy table.' },
  smtpd_tls_dh1024_param_file: { since: '3.9', warnSince: '3.9', replacement: null, note: 'Leave unset; the built-in FFDHE groups are preferred.' },
  smtpd_tls_eecdh_grade: { since: '3.6', warnSince: '3.9', replacement: null, note: 'Ignored since 3.6 with OpenSSL 1.1.1+; leave unset.' },
  tlsproxy_tls_eecdh_grade: { since: '3.6', replacement: null, note: 'Ignored since 3.6 with OpenSSL 1.1.1+; leave unset.' },
  tls_eecdh_strong_curve: { since: '3.6', replacement: null, note: 'Only used by the ignored smtpd_tls_eecdh_grade; leave unset.' },
  tls_eecdh_ultra_curve: { since: '3.6', replacement: null, note: 'Only used by the ignored smtpd_tls_eecdh_grade; leave unset.' },
  smtpd_tls_dh512_param_file: { since: '3.6', replacement: null, note: 'Export-grade DH is gone; the setting is silently ignored.' },
  tlsproxy_tls_dh512_param_file: { since: '3.6', replacement: null, note: 'Export-grade DH is gone; the setting is silently ignored.' },
  tls_low_cipherlist: { since: '3.8', replacement: null, note: 'Ignored from 3.8 on; the low grade is treated as medium.' },
  tls_export_cipherlist: { since: '3.8', replacement: null, note: 'Ignored from 3.8 on; the export grade is treated as medium.' },
  maps_rbl_domains: { since: '2.1', replacement: null, note: 'Belongs to reject_maps_rbl; use reject_rbl_client domain instead.' },
  maps_rbl_reject_code: { since: '2.1', replacement: null, note: 'Belongs to reject_maps_rbl, which was removed in 3.9.' },
  qmgr_fudge_factor: { replacement: null, note: 'Only used by the old queue manager scheduler.' },
  sun_mailtool_compatibility: { replacement: 'mailbox_delivery_lock', note: 'Use mailbox_delivery_lock = dotlock instead.' },
};

// Defaults that changed in releases after 3.7 (value as a vanilla postconf -d prints it there).
const TLS_EXCL = ':!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5';
const LATER_DEFAULTS = {
  tls_high_cipherlist: { '3.8': `aNULL:-aNULL:HIGH${TLS_EXCL}:@STRENGTH` },
  tls_medium_cipherlist: { '3.8': `aNULL:-aNULL:HIGH:MEDIUM${TLS_EXCL}:+RC4:@STRENGTH` },
  tls_null_cipherlist: { '3.8': 'eNULL:!kDH:!kECDH:!aDSS:!MD5:!aNULL' },
  tls_low_cipherlist: { '3.8': '' },
  tls_export_cipherlist: { '3.8': '' },
  smtpd_forbid_bare_newline: { '3.9': 'normalize' },
  smtpd_forbid_unauth_pipelining: { '3.9': 'yes' },
  smtp_tls_security_level: { '3.11': '${{$compatibility_level} <level {3.11} ? {} : {may}}' },
  lmtp_tls_security_level: { '3.11': '${{$compatibility_level} <level {3.11} ? {} : {may}}' },
};

// Parameters added after 3.7 (names, defaults and first version from the vdukhovni/postfix
// mirror: src/global/mail_params.h, proto/postconf.proto, HISTORY). "class" is inferred from the
// form of the DEF_ macro (0/1 -> bool, "yes"/"no" string -> nbool, number -> int, else str).
const POST_37 = [
  ['use_srv_lookup', 'str', '', '3.8', 'list'],
  ['ignore_srv_lookup_error', 'bool', 'no', '3.8'],
  ['allow_srv_lookup_fallback', 'bool', 'no', '3.8'],
  ['smtpd_client_ipv4_prefix_length', 'int', '32', '3.8', 'integer', { max: 32 }],
  ['smtpd_client_ipv6_prefix_length', 'int', '84', '3.8', 'integer', { max: 128 }],
  ['tls_ffdhe_auto_groups', 'str', 'ffdhe2048 ffdhe3072', '3.8', 'list'],
  ['smtpd_tls_enable_rpk', 'bool', 'no', '3.9'],
  ['smtp_tls_enable_rpk', 'bool', 'no', '3.9'],
  ['lmtp_tls_enable_rpk', 'bool', 'no', '3.9'],
  ['tlsproxy_tls_enable_rpk', 'nbool', '$smtpd_tls_enable_rpk', '3.9'],
  ['force_mime_input_conversion', 'bool', 'no', '3.9'],
  ['maillog_file_permissions', 'str', '0600', '3.9', 'text'],
  ['smtp_sasl_password_result_delimiter', 'str', ':', '3.9', 'text'],
  ['lmtp_sasl_password_result_delimiter', 'str', ':', '3.9', 'text'],
  ['smtp_tlsrpt_enable', 'nbool', 'no', '3.10'],
  ['lmtp_tlsrpt_enable', 'nbool', 'no', '3.10'],
  ['smtp_tlsrpt_socket_name', 'str', '', '3.10', 'path'],
  ['lmtp_tlsrpt_socket_name', 'str', '', '3.10', 'path'],
  ['smtp_tlsrpt_skip_reused_handshakes', 'nbool', 'no', '3.10', 'boolean', { note: 'The default was yes in 3.10 and is no from 3.11 on.' }],
  ['lmtp_tlsrpt_skip_reused_handshakes', 'nbool', 'no', '3.10', 'boolean', { note: 'The default was yes in 3.10 and is no from 3.11 on.' }],
  ['smtp_tls_enforce_sts_mx_patterns', 'nbool', 'yes', '3.10.5'],
  ['lmtp_tls_enforce_sts_mx_patterns', 'nbool', 'yes', '3.10.5'],
  ['full_name_encoding_charset', 'str', 'utf-8', '3.10', 'text'],
  ['socketmap_max_reply_size', 'int', '100000', '3.10'],
  ['tls_required_enable', 'nbool', 'yes', '3.10'],
  ['smtpd_hide_client_session', 'nbool', 'no', '3.10'],
  ['requiretls_enable', 'nbool', 'yes', '3.11'],
  ['requiretls_redact_dsn', 'nbool', 'yes', '3.11'],
  ['smtp_requiretls_policy', 'str', 'inline:{{.$mydomain=opportunistic}, {localhost=opportunistic}}, opportunistic+starttls', '3.11', 'list'],
  ['lmtp_requiretls_policy', 'str', 'opportunistic', '3.11', 'list'],
  ['smtp_log_tls_feature_status', 'nbool', 'yes', '3.11'],
  ['lmtp_log_tls_feature_status', 'nbool', 'yes', '3.11'],
  ['smtpd_reject_filter_maps', 'str', '', '3.11', 'maps'],
  ['relocated_prefix_enable', 'nbool', 'yes', '3.11'],
];
// Parameters that a later Postfix version no longer knows. None found for 3.8 - 3.11.
const REMOVED = {};

// ---------------------------------------------------------------------------------------------
// 5. Semantic type inference
// ---------------------------------------------------------------------------------------------

const TYPES = new Set(['boolean', 'integer', 'time', 'enum', 'list', 'maps', 'restrictions', 'transport', 'address', 'hostname', 'path', 'command', 'text']);
const RESTRICTION_LISTS = /^smtpd_(client|helo|sender|recipient|relay|data|end_of_data|etrn)_restrictions$/;

// lookup(name) -> { cls, def, man } for any known parameter (used to follow aliases).
function inferType(name, lookup, seen = new Set()) {
  const { cls, def, man } = lookup(name) ?? {};
  if (TYPE_OVERRIDES[name]) return TYPE_OVERRIDES[name];
  if (ENUMS[name]) return 'enum';
  if (LIST_ITEMS[name]) return 'list';
  if (cls === 'bool' || cls === 'nbool') return 'boolean';
  if (cls === 'int' || cls === 'long' || cls === 'nint') return 'integer';
  if (cls === 'time') return 'time';
  if (RESTRICTION_LISTS.test(name)) return 'restrictions';
  const first = man?.first ?? '';
  // "The LMTP-specific version of the smtp_xxx configuration parameter", or a default that is
  // just "$other_parameter": same type as the parameter it stands in for.
  const alias = /^The LMTP-specific version of the (\w+) configuration parameter/.exec(first)?.[1] ?? /^\$\{?(\w+)\}?$/.exec(def ?? '')?.[1];
  if (alias && !seen.has(alias) && lookup(alias)) return inferType(alias, lookup, new Set([...seen, name]));
  if (/_(delivery_status|reply|command|dns_reply)_filter$/.test(name)) return 'maps';
  if (/_(maps|map|checks|database)$/.test(name)) return 'maps';
  if (/_transport$/.test(name)) return 'transport';
  if (/_files$/.test(name)) return 'list';
  if (/(_directory|_file|_path|_CApath|_CAfile)$/.test(name)) return 'path';
  if (/_(recipient)$/.test(name)) return 'address';
  if (/\blookup tables?\b|type:table/i.test(first) && !/\blist of\b/i.test(first)) return 'maps';
  if (/\blist of\b|separated by comma|zero or more|one or more/i.test(first)) return 'list';
  return 'text';
}

// ---------------------------------------------------------------------------------------------
// 6. service-parameters.json and dbms-parameters.json
// ---------------------------------------------------------------------------------------------

function serviceParameters(macros) {
  const src = readFileSync(join(SRC, 'src', 'postconf', 'postconf_service.c'), 'utf8');
  const programs = Object.fromEntries([...src.matchAll(/#define\s+(MAIL_PROGRAM_\w+)\s+"([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const table = (id) => {
    const m = new RegExp(`PCF_STRING_NV ${id}\\[\\]\\s*=\\s*\\{([\\s\\S]*?)\\n\\s*\\};`).exec(src);
    assert(m, `${id} not found in postconf_service.c`);
    return [...m[1].matchAll(/^\s*(_\w+),\s*(VAR_\w+),/gm)].map((x) => [macros.get(x[1]), macros.get(x[2])]);
  };
  const pipe = table('pipe_params');
  const spawn = table('spawn_params');
  // "#define service_params (pipe_params + 1)": everything after the first pipe entry.
  assert(/#define service_params \(pipe_params \+ 1\)/.test(src), 'service_params definition changed');
  const shared = pipe.slice(1);
  const defs = /service_defs\[\]\s*=\s*\{([\s\S]*?)\n\s*\};/.exec(src)[1];
  const out = {};
  for (const m of defs.matchAll(/(MAIL_PROGRAM_\w+),\s*(\w+),/g)) {
    const list = m[2] === 'service_params' ? shared : m[2] === 'pipe_params' ? pipe : m[2] === 'spawn_params' ? spawn : null;
    assert(list && programs[m[1]], `unknown service definition ${m[0]}`);
    for (const [a, b] of list) assert(a && b, `unresolved service parameter macro in ${m[2]}`);
    out[programs[m[1]]] = list;
  }
  return out;
}

// Re-implementation of extract_cfg.sh, used when m4 is missing and to cross-check it otherwise.
function extractCfgJs(file, addDomain, addLegacySql) {
  const text = readFileSync(file, 'utf8');
  const defs = new Map([...text.matchAll(/^#define[ \t]*([A-Za-z0-9_]*)[ \t]*("[^"]*")/gm)].map((m) => [m[1], m[2]]));
  const names = new Set();
  for (const m of text.matchAll(/cfg_get_(?:str|int|bool)\s*\(/g)) {
    let i = m.index + m[0].length;
    let depth = 0;
    const args = [''];
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) {
        args.push('');
        continue;
      }
      args[args.length - 1] += c;
    }
    let arg = args[1].trim();
    while (defs.has(arg)) arg = defs.get(arg);
    names.add(arg);
  }
  if (addDomain) names.add('"domain"');
  if (addLegacySql) for (const n of ['table', 'select_field', 'where_field', 'additional_conditions']) names.add(`"${n}"`);
  return [...names].map((s) => JSON.parse(s)).sort(byName);
}

function dbmsParameters() {
  const makefile = readFileSync(join(SRC, 'src', 'postconf', 'Makefile.in'), 'utf8');
  const haveM4 = !spawnSync('m4', [], { input: '' }).error;
  if (!haveM4) console.warn('warning: m4 not found; using the JavaScript re-implementation of extract_cfg.sh');
  const out = {};
  for (const m of makefile.matchAll(/^pcf_(\w+)_suffixes\.h:.*\n\tsh extract_cfg\.sh ((?:-\w )*)\.\.\/global\/(dict_\w+\.c)/gm)) {
    const [, type, flags, file] = m;
    const path = join(SRC, 'src', 'global', file);
    const js = extractCfgJs(path, flags.includes('-d'), flags.includes('-s'));
    if (haveM4) {
      const sh = run('sh', [join(SRC, 'src', 'postconf', 'extract_cfg.sh'), ...flags.trim().split(/\s+/).filter(Boolean), path], {
        env: { ...process.env, LC_ALL: 'C' },
      })
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l.replace(/,$/, '')))
        .sort(byName);
      assert(JSON.stringify(sh) === JSON.stringify(js), `extract_cfg.sh and the JS re-implementation disagree for ${type}`);
    }
    out[type] = js;
  }
  assert(Object.keys(out).sort().join() === 'ldap,memcache,mysql,pgsql,sqlite', `unexpected dbms set ${Object.keys(out)}`);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => byName(a, b)));
}

// Resolve the simple string macros (VAR_xxx "name", _SUFFIX "text") of mail_params.h.
function stringMacros() {
  const text = readFileSync(join(SRC, 'src', 'global', 'mail_params.h'), 'utf8');
  const raw = new Map([...text.matchAll(/^#define\s+(\w+)\s+((?:"[^"\n]*"|\w+)(?:\s+(?:"[^"\n]*"|\w+))*)\s*(?:\/\*.*)?$/gm)].map((m) => [m[1], m[2]]));
  const resolve = (name, depth = 0) => {
    const v = raw.get(name);
    if (v === undefined || depth > 10) return undefined;
    let s = '';
    for (const tok of v.match(/"[^"]*"|\w+/g)) {
      if (tok.startsWith('"')) s += JSON.parse(tok);
      else {
        const r = resolve(tok, depth + 1);
        if (r === undefined) return undefined;
        s += r;
      }
    }
    return s;
  };
  return { get: (n) => resolve(n) };
}

// ---------------------------------------------------------------------------------------------
// 7. Assemble, check, write
// ---------------------------------------------------------------------------------------------

// { key: [item, ...] } with one item per line.
function compactJson(obj) {
  const keys = Object.keys(obj);
  const body = keys.map((k) => `  ${JSON.stringify(k)}: [\n` + obj[k].map((x) => `    ${JSON.stringify(x)}`).join(',\n') + '\n  ]');
  return '{\n' + body.join(',\n') + '\n}\n';
}

function parseVersion(v) {
  return v.split('.').map(Number);
}
function cmpVersion(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function main() {
  const rows = resolveMacros(extractTables(), readonlyMacros());
  const legacy = legacyNames();
  const installed = installedDefaults();
  const manPage = readManPage();
  const man = parseManPage(manPage.text);

  const entries = new Map();
  const add = (e) => {
    assert(!entries.has(e.name), `duplicate parameter ${e.name}`);
    entries.set(e.name, e);
  };
  for (const r of rows) add({ name: r.name, class: r.cls, default: r.def, min: r.min, max: r.max, postfix37: true });
  for (const l of legacy) add({ name: l.name, class: 'legacy', default: l.def, min: 0, max: 0, postfix37: true });

  // The built-in (non-legacy) set must be exactly what Debian's postconf -d prints.
  if (installed) {
    const ours = [...entries.values()].filter((e) => e.class !== 'legacy').map((e) => e.name).sort(byName);
    const theirs = [...installed.map.keys()].sort(byName);
    const missing = theirs.filter((n) => !entries.has(n));
    const extra = ours.filter((n) => !installed.map.has(n));
    assert(missing.length === 0 && extra.length === 0, `postconf -d mismatch; missing ${missing.join(' ')}; extra ${extra.join(' ')}`);
  }
  const builtins = [...entries.values()].filter((e) => e.class !== 'legacy').length;
  if (version === '3.7.11') assert(builtins === 831, `expected 831 built-in parameters in 3.7.11, got ${builtins}`);

  // Per-entry details.
  const lookup = (n) => (entries.has(n) ? { cls: entries.get(n).class, def: entries.get(n).default, man: man.get(n) } : undefined);
  const out = [];
  for (const e of entries.values()) {
    const m = man.get(e.name);
    const o = { name: e.name, class: e.class, default: e.default };
    if (e.class === 'readonly' && e.name === 'service_name') o.default = '';
    if (installed && e.class !== 'legacy') {
      const deb = installed.map.get(e.name);
      if (COMPUTED[e.name] === undefined && deb !== o.default) o.debianDefault = deb;
    }
    if (COMPUTED[e.name]) o.computed = COMPUTED[e.name];
    o.type = inferType(e.name, lookup);
    if (ENUMS[e.name]) {
      o.values = ENUMS[e.name];
      if (VALUES_SINCE[e.name]) o.valuesSince = VALUES_SINCE[e.name];
    }
    if (LIST_ITEMS[e.name]) Object.assign(o, LIST_ITEMS[e.name]);
    if (o.type === 'time') {
      const ref = e.class === 'legacy' ? (m?.headerDefault ?? '') : (o.default ?? '');
      const u = /([smhdw])$/.exec(ref)?.[1];
      o.unit = u ?? 's';
    }
    const numeric = ['int', 'long', 'nint', 'time'].includes(e.class);
    if (numeric) {
      if (e.min) o.min = e.min;
      if (e.max) o.max = e.max;
    } else if (['str', 'raw', 'str_fn'].includes(e.class)) {
      // For string classes the table bounds are value lengths.
      if (e.min && !NO_MIN_LENGTH.has(e.name)) o.minLength = e.min;
      if (e.max) o.maxLength = e.max;
    }
    const since = SINCE_OVERRIDES[e.name] ?? m?.since;
    if (since) o.since = since;
    if (m?.backports && !SINCE_OVERRIDES[e.name]) o.backports = m.backports;
    if (LATER_DEFAULTS[e.name]) o.laterDefaults = LATER_DEFAULTS[e.name];
    o.postfix37 = true;
    out.push(o);
  }
  for (const [name, cls, def, since, type, extra = {}] of POST_37) {
    assert(!entries.has(name), `${name} is listed as post-3.7 but exists in 3.7`);
    const o = { name, class: cls, default: def, type: type ?? (cls === 'bool' || cls === 'nbool' ? 'boolean' : cls === 'int' ? 'integer' : 'text') };
    if (extra.max) o.max = extra.max;
    o.since = since;
    if (extra.note) o.note = extra.note;
    o.postfix37 = false;
    out.push(o);
  }
  const byNameMap = new Map(out.map((o) => [o.name, o]));
  for (const [name, d] of Object.entries(DEPRECATED)) {
    const o = byNameMap.get(name);
    assert(o, `deprecated parameter ${name} unknown`);
    assert(d.replacement === null || d.replacement === undefined || byNameMap.has(d.replacement), `replacement ${d.replacement} unknown`);
    const since = d.since ?? (d.replacement ? byNameMap.get(d.replacement).since : undefined);
    o.deprecated = { ...(since ? { since } : {}), ...(d.warnSince ? { warnSince: d.warnSince } : {}), replacement: d.replacement ?? null, note: d.note };
  }
  for (const [name, v] of Object.entries(REMOVED)) byNameMap.get(name).removed = v;

  // Key order and sanity.
  const KEY_ORDER = ['name', 'class', 'default', 'debianDefault', 'computed', 'type', 'values', 'valuesSince', 'items', 'itemPrefixes', 'unit', 'min', 'max', 'minLength', 'maxLength', 'since', 'backports', 'deprecated', 'removed', 'laterDefaults', 'note', 'postfix37'];
  const final = out
    .sort((a, b) => byName(a.name, b.name))
    .map((o) => {
      for (const k of Object.keys(o)) assert(KEY_ORDER.includes(k), `unexpected key ${k}`);
      assert(TYPES.has(o.type), `${o.name}: unknown type ${o.type}`);
      for (const v of [o.since, o.deprecated?.since, o.deprecated?.warnSince, o.removed, ...(o.backports ?? [])]) {
        if (v !== undefined) assert(/^\d+\.\d+(\.\d+)?$/.test(v), `${o.name}: bad version ${v}`);
      }
      if (o.postfix37 && o.since) assert(cmpVersion(o.since, '3.7.11') <= 0 || o.backports?.some((b) => b.startsWith('3.7.')), `${o.name}: since ${o.since} but present in 3.7`);
      return Object.fromEntries(KEY_ORDER.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    });

  const macros = stringMacros();
  const services = serviceParameters(macros);
  for (const list of Object.values(services)) for (const [, def] of list) assert(byNameMap.get(def)?.postfix37, `service default ${def} unknown`);
  const files = {
    'parameters.json': '[\n' + final.map((o) => JSON.stringify(o)).join(',\n') + '\n]\n',
    'service-parameters.json': compactJson(services),
    'dbms-parameters.json': compactJson(dbmsParameters()),
  };
  if (opts.check) {
    let stale = false;
    for (const [f, text] of Object.entries(files)) {
      const p = join(OUT_DIR, f);
      if (!existsSync(p) || readFileSync(p, 'utf8') !== text) {
        console.error(`${p} is out of date`);
        stale = true;
      }
    }
    process.exit(stale ? 1 : 0);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(OUT_DIR, f), text);

  const count = (f) => final.reduce((acc, o) => ((acc[f(o)] = (acc[f(o)] ?? 0) + 1), acc), {});
  console.log(`wrote ${final.length} parameters (man page: ${manPage.file}${installed ? '' : '; no postconf'})`);
  console.log('by class:', JSON.stringify(count((o) => o.class)));
  console.log('by type:', JSON.stringify(count((o) => o.type)));
  console.log(
    `enums: ${final.filter((o) => o.type === 'enum').length}, lists with items: ${final.filter((o) => o.items).length}, since: ${final.filter((o) => o.since).length}, deprecated: ${final.filter((o) => o.deprecated).length}, post-3.7: ${final.filter((o) => !o.postfix37).length}, debianDefault: ${final.filter((o) => o.debianDefault !== undefined).length}`,
  );
}

main();
