// The postfix-lens command line: check, postconf, probe. Kept lean: only the
// command that runs is loaded, and nothing starts that the command does not need.

import { processIo, type Io } from './cli/io';
import { UsageError } from './cli/args';

declare const POSTFIX_LENS_VERSION: string;
declare const POSTFIX_LENS_BUNDLED: boolean;

/**
 * Load one command's code. Built, each command is its own file (dist/cli-check.js, ...), so that
 * `postfix-lens postconf` does not parse the probe's or the certificate checks' code at start-up;
 * from the sources (tests) it is the TypeScript module.
 */
function load<T>(name: 'check' | 'postconf' | 'probe'): T {
  const file = typeof POSTFIX_LENS_BUNDLED !== 'undefined' ? './cli-' + name + '.js' : './cli/' + name + '-command';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}
const version = typeof POSTFIX_LENS_VERSION === 'string' ? POSTFIX_LENS_VERSION : 'dev';

const USAGE = `usage: postfix-lens <command> [options]

commands:
  check [--json] [-c DIR | PATH]      diagnostics for main.cf and the master.cf beside it, certificates included
        [--hostname NAME]             a name clients connect to, besides $myhostname; repeatable
        [--ca-file FILE]              extra trusted CA certificates (PEM)
        [--now ISO-DATE]              check certificates as of this date
        [--expiry-days N]             warn N days before a certificate expires (default 30)
        [--postfix-version V]         Postfix version whose parameters apply (default: the installed one, else 3.7)
        [--severity CODE=LEVEL]       change or turn off (LEVEL=off) a finding by its code; repeatable
  postconf [-c DIR] [-d] [-n] [-x] [-P] [name ...]
                                      print what Postfix's postconf prints for these flags
  probe [--json] [--starttls | --tls] [--servername NAME] [--hostname NAME] [--ca-file FILE] [--timeout MS] HOST[:PORT]
                                      connect (port 25 by default; 465: TLS from the first byte), STARTTLS, and say
                                      whether a strict client (Gmail's "Send mail as") accepts the server
                                      (exit 0 yes, 1 no, 2 the probe could not finish)

exit status: 0 no errors, 1 errors found (or postconf failed), 2 usage or I/O problem
`;

function failure(command: string, e: unknown, io: Io): number {
  io.err(`postfix-lens ${command}: ${e instanceof UsageError ? '' : 'internal error: '}${(e as Error).message}\n`);
  return 2;
}

export function main(argv: string[], io: Io = processIo): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command && (rest.includes('--help') || rest.includes('-h')) && ['check', 'postconf', 'probe'].includes(command)) {
    io.out(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'check':
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return load<typeof import('./cli/check-command')>('check').checkCommand(rest, io).catch((e) => failure(command, e, io));
      case 'probe':
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return load<typeof import('./cli/probe-command')>('probe').probeCommand(rest, io).catch((e) => failure(command, e, io));
      case 'postconf':
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return load<typeof import('./cli/postconf-command')>('postconf').postconfCommand(rest, io);
      case '--version':
      case '-V':
        io.out(`postfix-lens ${version}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        (command === undefined ? io.err : io.out)(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`postfix-lens: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`postfix-lens ${command}: ${e.message}\n`);
      return 2;
    }
    io.err(`postfix-lens ${command}: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

/** Await a command's exit status; an exception that escapes becomes a one-line message and status 2. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (e) {
    io.err(`postfix-lens ${argv[0]}: ${e instanceof UsageError ? '' : 'internal error: '}${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((status) => (process.exitCode = status));
}
