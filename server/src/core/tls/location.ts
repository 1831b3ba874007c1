// Where in main.cf or master.cf a certificate setting is written, and a finding put there.

import type { Range } from '../types';

export interface Location {
  file: 'main.cf' | 'master.cf';
  range: Range;
  /** The parameter whose value the range covers. */
  param: string;
  /** "service/type" when the value comes from a master.cf -o. */
  service?: string;
}

/** A finding of a certificate-setting rule (rules/certificates/), on the setting it is about. */
export interface SettingNote {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  at: Location;
}
