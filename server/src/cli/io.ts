// The command line's output, as an object so that tests can run commands in process. It is the one
// place text leaves for a terminal: out() and err() escape every hidden character on the way
// (core/escape.ts), so no certificate subject, path, parameter name or argument can act on the
// terminal, whichever command printed it. The escapes are JSON's own (\u001b), and the characters
// escaped occur in JSON text only inside strings (JSON.stringify() escapes C0 controls itself but
// leaves DEL, C1, bidi controls and U+2028 as they are), so --json output stays valid JSON that
// reads back to the same strings. outBytes() is for output that must be byte for byte what another
// program prints (postfix-lens postconf's standard output is Postfix's postconf's).

import { escapeForTerminal } from '../core/escape';

export interface Io {
  /** Text for standard output; hidden characters are escaped. */
  out(text: string): void;
  /** Bytes for standard output, exactly as given. */
  outBytes(bytes: Uint8Array): void;
  /** Text for standard error; hidden characters are escaped. */
  err(text: string): void;
}

/** Where an Io's output goes, unescaped. */
export interface Sink {
  stdout(chunk: string | Uint8Array): void;
  stderr(chunk: string): void;
}

/** An Io over `sink` that escapes text on its way out. */
export function terminalIo(sink: Sink): Io {
  return {
    out: (t) => sink.stdout(escapeForTerminal(t)),
    outBytes: (b) => sink.stdout(b),
    err: (t) => sink.stderr(escapeForTerminal(t)),
  };
}

export const processIo: Io = terminalIo({
  stdout: (c) => void process.stdout.write(c),
  stderr: (c) => void process.stderr.write(c),
});

