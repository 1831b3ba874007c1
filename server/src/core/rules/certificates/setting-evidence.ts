// What a certificate-setting rule judges: a setting that names certificate files, as the
// configuration leaves it (tls/config-targets.ts) and as the check's limits leave it
// (io/certificate-checks.ts). Plain data; `at` is where the setting is written.

import type { Location } from '../../tls/location';

export type SettingEvidence =
  /** A certificate or key setting (`param`) set where `chainParam` is set too (at `chainAt`). */
  | { kind: 'ignored-beside-chain-files'; param: string; chainParam: string; chainAt: Location; at: Location }
  /** *_tls_chain_files lists more files (`listed`, repeats included) than are read (`read`). */
  | { kind: 'list-too-long'; param: string; listed: readonly string[]; read: number; at: Location }
  /**
   * The check stopped reading at this setting: those before it had named `limit` already (as
   * words: "64 certificate files", "8 MiB of certificate files"); `settings` settings naming
   * `files` files were left unread.
   */
  | { kind: 'left-unread'; limit: string; settings: number; files: number; at: Location };
