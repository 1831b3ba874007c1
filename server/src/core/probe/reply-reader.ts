// SMTP reply framing with hard limits. Bytes go in as they arrive (any chunking); `next()` hands out
// one complete reply at a time, so that bytes after it stay buffered and can be judged (a server
// must not talk before it has read the client's next command). A reply is one or more lines
// "NNN-text" ending with a line "NNN text" or "NNN" (RFC 5321 4.2). Lines end with LF; a CR before
// it is dropped (a bare LF is tolerated, as Postfix's client does). Never throws: a violation is
// returned once as `error`, then the reader stays empty.
//
// Limits (RFC 5321 allows 512 bytes a line; real servers stay far below these):
//   MAX_LINE_BYTES   a line without its line end
//   MAX_REPLY_LINES  lines of one reply
//   MAX_REPLY_BYTES  bytes of one reply
// The caller bounds the bytes of the whole session.

import { escapeWireLine } from '../escape.js';

export const MAX_LINE_BYTES = 4096;
export const MAX_REPLY_LINES = 200;
export const MAX_REPLY_BYTES = 64 * 1024;

export interface SmtpReply {
  /** The three digits of the last line. */
  code: number;
  /** The lines as received, without line ends, escaped for display. */
  lines: string[];
  /** The text of every line after "NNN-" / "NNN ", raw latin1 (for keyword parsing). */
  texts: string[];
}

/** A fault of framing: its kind, named after the probe rule that judges it (rules/probe/), and what was sent. */
export interface ReplyFraming {
  code: 'reply-too-long' | 'bad-reply';
  /** What the server sent, in words ("a reply of more than 200 lines"). */
  message: string;
}

export interface NextResult {
  /** Lines completed by this call, escaped, in order (for the transcript). */
  lines: string[];
  /** Set when a reply was completed; the reader stops right after its last line. */
  reply?: SmtpReply;
  error?: ReplyFraming;
}

const REPLY_LINE = /^([2-5][0-9][0-9])([ -]|$)/;

export class ReplyReader {
  private buffer: Buffer = Buffer.alloc(0);
  private lines: string[] = [];
  private texts: string[] = [];
  private replyBytes = 0;
  private failed = false;

  /** Bytes received and not yet handed out as part of a complete reply line. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
  }

  next(): NextResult {
    const out: NextResult = { lines: [] };
    if (this.failed) return out;
    let start = 0;
    try {
      for (;;) {
        const lf = this.buffer.indexOf(0x0a, start);
        if (lf === -1) break;
        let end = lf;
        if (end > start && this.buffer[end - 1] === 0x0d) end--;
        if (end - start > MAX_LINE_BYTES) return this.fail(out, 'reply-too-long', `a reply line of ${end - start} bytes (the limit is ${MAX_LINE_BYTES}; SMTP allows 512)`);
        const raw = this.buffer.toString('latin1', start, end);
        this.replyBytes += lf + 1 - start;
        start = lf + 1;
        const shown = escapeWireLine(raw);
        out.lines.push(shown);
        const m = REPLY_LINE.exec(raw);
        if (!m) return this.fail(out, 'bad-reply', `"${truncate(shown)}" is not an SMTP reply line (three digits, then a space, a hyphen or the line end)`);
        this.lines.push(shown);
        this.texts.push(raw.slice(4));
        if (this.lines.length > MAX_REPLY_LINES) return this.fail(out, 'reply-too-long', `a reply of more than ${MAX_REPLY_LINES} lines`);
        if (this.replyBytes > MAX_REPLY_BYTES) return this.fail(out, 'reply-too-long', `a reply of more than ${MAX_REPLY_BYTES} bytes`);
        if (m[2] !== '-') {
          out.reply = { code: Number(m[1]), lines: this.lines, texts: this.texts };
          this.lines = [];
          this.texts = [];
          this.replyBytes = 0;
          return out;
        }
      }
      if (this.buffer.length - start > MAX_LINE_BYTES + 1) {
        const head = escapeWireLine(this.buffer.toString('latin1', start, start + 60));
        return this.fail(out, 'reply-too-long', `more than ${MAX_LINE_BYTES} bytes without a line end ("${truncate(head)}…")`);
      }
      return out;
    } finally {
      if (!this.failed && start > 0) this.buffer = this.buffer.subarray(start);
    }
  }

  /** Takes every buffered byte not yet handed out; the reader is then empty. */
  takeRest(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    this.lines = [];
    this.texts = [];
    this.replyBytes = 0;
    return rest;
  }

  private fail(out: NextResult, code: ReplyFraming['code'], message: string): NextResult {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    out.error = { code, message };
    return out;
  }
}

function truncate(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
