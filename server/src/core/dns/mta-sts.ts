// The MTA-STS TXT record at _mta-sts.<domain> (RFC 8461 section 3.1), read as a sending MTA reads
// it: of the TXT records there, those starting "v=STSv1" count; exactly one must, and it must follow
// the grammar, or senders act as if the domain had no MTA-STS policy at all. Pure.
// The policy file itself: mta-sts-policy.ts.

import { EXT_NAME, EXT_VALUE, recordsOfVersion, shown, splitFields, txtText, type DnsProblem } from './txt-record';

export type MtaStsRecordProblemCode =
  | 'no-record'
  | 'multiple-records'
  | 'missing-id'
  | 'bad-id'
  | 'duplicate-id'
  | 'bad-field'
  | 'bad-version';

export type MtaStsRecordProblem = DnsProblem<MtaStsRecordProblemCode>;

export interface MtaStsRecord {
  /** The policy's id (1 to 32 letters and digits): senders fetch the policy again when it changes. */
  id: string;
  /** Extension fields by name, in order (a Map: names come from DNS). */
  extensions: Map<string, string>;
  /** The record's whole text. */
  text: string;
}

export interface MtaStsRecordResult {
  /** The record senders would use; absent when they would see no policy. */
  record?: MtaStsRecord;
  problems: MtaStsRecordProblem[];
}

const VERSION = 'v=STSv1';

/** `txt`: each TXT record at _mta-sts.<domain> as its character-strings (core/dns/types.ts). */
export function parseMtaStsRecords(txt: readonly (readonly string[])[], name: string): MtaStsRecordResult {
  const at = shown(name, 100);
  const ours = recordsOfVersion(txt.map(txtText), VERSION);
  if (ours.length === 0) return { problems: [{ problem: 'no-record', message: `No TXT record at ${at} starts with "${VERSION}": senders see no MTA-STS policy for the domain.` }] };
  if (ours.length > 1) {
    return {
      problems: [
        {
          problem: 'multiple-records',
          message: `${ours.length} TXT records at ${at} start with "${VERSION}" (${ours.slice(0, 3).map((t) => shown(t, 40)).join(', ')}): senders ignore them all and see no MTA-STS policy (RFC 8461 section 3.1). Keep one.`,
        },
      ],
    };
  }
  return parseMtaStsRecord(ours[0]!, at);
}

function parseMtaStsRecord(text: string, at: string): MtaStsRecordResult {
  const problems: MtaStsRecordProblem[] = [];
  const say = (problem: MtaStsRecordProblemCode, why: string) => problems.push({ problem, message: `The MTA-STS record at ${at} ${why}; senders ignore it (RFC 8461 section 3.1).` });
  const { version, fields, empty } = splitFields(text);
  if (version !== VERSION) say('bad-version', `starts with ${shown(version, 40)} where "${VERSION}" must stand alone before the first ";"`);
  if (empty > 0) say('bad-field', 'has an empty field (";;")');
  const extensions = new Map<string, string>();
  let id: string | undefined;
  for (const f of fields) {
    if (f.name === 'id') {
      if (id !== undefined) say('duplicate-id', `has more than one id (${shown(id, 40)} and ${shown(f.value, 40)})`);
      else if (!/^[A-Za-z0-9]{1,32}$/.test(f.value)) say('bad-id', `has id ${shown(f.value, 40)}, which is not 1 to 32 letters and digits`);
      id ??= f.value;
    } else if (!EXT_NAME.test(f.name) || !EXT_VALUE.test(f.value)) {
      say('bad-field', `has a field ${shown(f.raw, 40)} that is neither id=… nor name=value of printable ASCII without spaces`);
    } else if (!extensions.has(f.name)) extensions.set(f.name, f.value);
  }
  if (id === undefined) say('missing-id', 'has no id= field');
  if (problems.length > 0 || id === undefined) return { problems };
  return { record: { id, extensions, text }, problems };
}
