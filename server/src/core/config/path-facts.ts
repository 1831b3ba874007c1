// Facts about paths on this machine that a rule needs and the pure core cannot see: what stat()
// said about each (io/path-facts.ts gathers them, never opening a path, so a FIFO cannot hang it),
// and which Cyrus SASL search path the installed smtpd was built with. Plain data.

export type PathFact =
  /** stat() succeeded (symbolic links followed, as connect() and open() follow them). */
  | { kind: 'socket' | 'file' | 'directory' | 'other' }
  /** ENOENT or ENOTDIR: there is no such path. */
  | { kind: 'missing' }
  /** EACCES or EPERM: a directory on the way may not be searched by whoever runs the check. */
  | { kind: 'no-access' }
  /** Another error, by its errno name. */
  | { kind: 'error'; code: string };

export interface PathFacts {
  /** By absolute path, as the core asked for it. */
  paths: ReadonlyMap<string, PathFact>;
  /**
   * True when the installed smtpd is Debian's, which always hands Cyrus SASL the search path
   * "${config_directory}/sasl:/usr/lib/sasl" (cyrus_sasl_config_path and libsasl2's own default are
   * then not used); false when it is not; undefined when it could not be read.
   */
  debianSaslPath?: boolean;
}
