// The command line's usage texts: one per command (COMMAND --help, and after a usage error of that
// command) and the overview (--help). Text only, so the dispatcher loads no command to print them;
// test/cli/usage.test.ts checks that each names every option its command's parser accepts.

export type Command = 'check' | 'postconf' | 'probe' | 'dns';
export const COMMANDS: readonly Command[] = ['check', 'postconf', 'probe', 'dns'];

interface Help {
  synopsis: string;
  /** One or two lines (\n between them). */
  summary: string;
  options: [string, string][];
  exit: string;
}

const HELP: Record<Command, Help> = {
  check: {
    synopsis: 'check [options] [-c DIR | PATH]',
    summary: 'findings for main.cf and the master.cf beside it (default /etc/postfix), certificates included',
    options: [
      ['-c DIR', 'the configuration directory; or PATH: a directory, a main.cf, or a master.cf'],
      ['--json', 'print the findings as JSON'],
      ['--hostname NAME', 'a name clients connect to, besides $myhostname; repeatable'],
      ['--ca-file FILE', 'extra trusted CA certificates (PEM), with --dns also for the MTA-STS policy hosts; repeatable'],
      ['--now ISO-DATE', 'check certificates as of this date'],
      ['--expiry-days N', 'warn N days before a certificate expires (default 30)'],
      ['--severity CODE=LEVEL', 'change a finding to error, warning, information or hint, or turn it off; repeatable'],
      ['--postfix-version V', 'Postfix version whose parameters apply (default: the installed one, else 3.7)'],
      ['--postconf PATH', "the postconf that supplies the installation's defaults (default: found on $PATH)"],
      ['--no-certificates', 'configuration checks only'],
      ['--dns', 'also look up the MX, TLSA, MTA-STS, TLS-RPT and SRV records (as postfix-lens dns)'],
      ['--resolver ADDR[:PORT]', 'with --dns: the resolver to ask (default: /etc/resolv.conf)'],
      ['--domain D', 'with --dns: a domain to check besides those of the configuration; repeatable'],
    ],
    exit: '0 no errors (warnings allowed), 1 errors found, 2 usage or I/O problem',
  },
  postconf: {
    synopsis: 'postconf [-c DIR] [-d] [-n] [-x] [-P] [name ...]',
    summary: "print what Postfix 3.7's postconf prints for these flags, byte for byte",
    options: [
      ['-c DIR', 'the configuration directory (default $MAIL_CONFIG, else /etc/postfix)'],
      ['-d', 'the built-in defaults'],
      ['-n', 'only the parameters main.cf sets'],
      ['-x', 'expand $name references'],
      ['-P', 'the -o parameters of master.cf'],
      ['-v', 'accepted, as postconf takes it; prints nothing more'],
      ['--postfix-version V', 'Postfix version whose parameters apply (default: the installed one, else 3.7)'],
      ['--postconf PATH', "the postconf that supplies the installation's defaults (default: found on $PATH)"],
    ],
    exit: "as Postfix's postconf (0, or 1 when it fails), 2 usage or I/O problem",
  },
  probe: {
    synopsis: 'probe [options] HOST[:PORT] | probe --protocols [options] HOST[:PORT] | probe --mx DOMAIN [options]',
    summary: 'connect (port 25 by default; [IPv6]:PORT), STARTTLS, and say whether a strict client\n(Gmail\'s "Send mail as") accepts the server; with --mx, every MX host of DOMAIN on port 25,\njudged as a DANE sender and an MTA-STS sender in enforce mode would judge it',
    options: [
      ['--starttls', 'plain SMTP, then STARTTLS (the default but on port 465)'],
      ['--tls', 'TLS from the first byte (the default on port 465)'],
      ['--submission', 'judge it as a submission port (the default on 587 and 465): AUTH PLAIN or LOGIN\n                          after TLS, no AUTH before it (the probe never sends AUTH); with --protocols,\n                          TLS 1.0/1.1 and anonymous suites are warnings there'],
      ['--servername NAME', 'the SNI name to send (default: the host name)'],
      ['--hostname NAME', 'a name the certificate must match (default: the host); repeatable'],
      ['--ca-file FILE', 'extra trusted CA certificates (PEM); repeatable'],
      ['--timeout MS', 'give up after this long in all (with --mx: lookups and probes, default 60000)'],
      ['--json', 'print the report as JSON'],
      ['--mx DOMAIN', 'probe every MX host of DOMAIN (STARTTLS on port 25) as DANE and MTA-STS senders'],
      ['--resolver ADDR[:PORT]', 'with --mx: the resolver for every lookup (default: /etc/resolv.conf)'],
      ['--protocols', 'list the TLS versions, cipher suites and groups the server accepts, and whether it imposes its order'],
    ],
    exit: '0 a strict client would accept the server (--mx: every MX host is acceptable; --protocols: nothing weak), 1 it would not (--protocols: a weak protocol or suite), 2 the probe could not finish or a usage problem',
  },
  dns: {
    synopsis: 'dns [options] [-c DIR | PATH]',
    summary: 'look up the MX, DANE TLSA, MTA-STS (record and policy), TLS-RPT and submission SRV records\nof the domains the configuration receives mail for, and compare them with the certificates on disk',
    options: [
      ['-c DIR', 'the configuration directory; or PATH: a directory, a main.cf, or a master.cf'],
      ['--domain D', 'a domain to check besides those of the configuration; repeatable'],
      ['--resolver ADDR[:PORT]', 'the resolver to ask (default: /etc/resolv.conf); [IPv6]:PORT'],
      ['--hostname NAME', 'a name of this server, besides $myhostname; repeatable'],
      ['--ca-file FILE', 'extra trusted CA certificates (PEM) for the MTA-STS policy hosts; repeatable'],
      ['--timeout MS', 'give up on the lookups and policy fetches after this long in all (default 15000)'],
      ['--json', 'print the report as JSON'],
      ['--postconf PATH', "the postconf that supplies the installation's defaults (default: found on $PATH)"],
    ],
    exit: '0 no errors (warnings allowed), 1 errors found, 2 no resolver answered, or a usage or I/O problem',
  },
};

/** `postfix-lens COMMAND`'s usage: synopsis, what it does, its options, its exit status. */
export function commandUsage(command: Command): string {
  const h = HELP[command];
  const options = h.options.map(([o, what]) => `  ${o.padEnd(24)}${what}\n`).join('');
  return `usage: postfix-lens ${h.synopsis}\n  ${h.summary.replace(/\n/g, '\n  ')}\n\n${options}\nexit status: ${h.exit}\n`;
}

/** The overview: every command in a line or two. */
export const USAGE =
  'usage: postfix-lens <command> [options]\n\ncommands:\n' +
  COMMANDS.map((c) => `  ${HELP[c].synopsis}\n      ${HELP[c].summary.replace(/\n/g, '\n      ')}\n`).join('') +
  '\npostfix-lens <command> --help lists its options. postfix-lens --version prints the version.\n' +
  'exit status: 0 no errors, 1 errors found (or postconf failed), 2 usage or I/O problem\n';
