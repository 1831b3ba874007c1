// The postfix-lens command line: check, postconf, probe, dns. Kept lean: only the
// command that runs is loaded, and nothing starts that the command does not need.

import { processIo, type Io } from './cli/io';
import { isUsageError } from './cli/args';
import { COMMANDS, commandUsage, USAGE, type Command } from './cli/usage';

declare const POSTFIX_LENS_VERSION: string;
declare const POSTFIX_LENS_BUNDLED: boolean;

/**
 * Load one command's code. Built, each command is its own file (dist/cli-check.js, ...), so that
 * `postfix-lens postconf` does not parse the probe's or the certificate checks' code at start-up;
 * from the sources (tests) it is the TypeScript module.
 */
function load<T>(name: Command): T {
  const file = typeof POSTFIX_LENS_BUNDLED !== 'undefined' ? './cli-' + name + '.js' : './cli/' + name + '-command';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}
const version = typeof POSTFIX_LENS_VERSION === 'string' ? POSTFIX_LENS_VERSION : 'dev';

/**
 * What an exception that escapes a command prints: a usage error, its message and the command's
 * usage; anything else is a bug of ours, one line that says so (never a stack trace). Exit status 2.
 */
function failure(command: string | undefined, e: unknown, io: Io): number {
  const message = e instanceof Error ? e.message : String(e);
  if (isUsageError(e) && isCommand(command)) {
    io.err(`postfix-lens ${command}: ${message}\n${commandUsage(command)}`);
  } else {
    io.err(`postfix-lens${command ? ` ${command}` : ''}: internal error (a bug in postfix-lens): ${message}\n`);
  }
  return 2;
}

const isCommand = (c: string | undefined): c is Command => (COMMANDS as readonly (string | undefined)[]).includes(c);

function dispatch(command: string | undefined, rest: string[], io: Io): number | Promise<number> {
  if (isCommand(command) && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(commandUsage(command));
    return 0;
  }
  switch (command) {
    case 'check':
      return load<typeof import('./cli/check-command')>('check').checkCommand(rest, io);
    case 'probe':
      return load<typeof import('./cli/probe-command')>('probe').probeCommand(rest, io);
    case 'dns':
      return load<typeof import('./cli/dns-command')>('dns').dnsCommand(rest, io);
    case 'postconf':
      return load<typeof import('./cli/postconf-command')>('postconf').postconfCommand(rest, io);
    case '--version':
    case '-V':
      io.out(`postfix-lens ${version}\n`);
      return 0;
    case undefined:
      io.err(USAGE);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`postfix-lens: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

/** Run a command; whatever it throws, at once or later, ends as failure() says. */
export function main(argv: string[], io: Io = processIo): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    const status = dispatch(command, rest, io);
    return typeof status === 'number' ? status : status.catch((e: unknown) => failure(command, e, io));
  } catch (e) {
    return failure(command, e, io);
  }
}

/** Await a command's exit status. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  return main(argv, io);
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((status) => (process.exitCode = status));
}
