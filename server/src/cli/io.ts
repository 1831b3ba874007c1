// The command line's output, as an object so that tests can run commands in process.

export interface Io {
  out(text: string): void;
  outBytes(bytes: Uint8Array): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  outBytes: (b) => void process.stdout.write(b),
  err: (t) => void process.stderr.write(t),
};
