// One UDP conversation with one resolver for one question: a socket connected to the resolver (the
// kernel drops datagrams from any other address, and reports ICMP "port unreachable" as an error),
// one random ID kept across retransmissions (as glibc does), the first answer kept even when it
// arrives while the client is waiting on another resolver.

import * as dgram from 'node:dgram';
import type * as packet from 'dns-packet';
import { formatResolver, type ResolverAddress } from '../../core/dns/types';
import { answersQuery, decodeResponse, encodeQuery, newQueryId, type Budget, type Exchange, type Question } from './wire';

export class UdpChannel {
  private readonly socket: dgram.Socket;
  private readonly id = newQueryId();
  private readonly connected: Promise<void>;
  private answer: packet.DecodedPacket | undefined;
  private failure: Exchange | undefined;
  private wake: (() => void) | undefined;
  /** Datagrams that were not an answer to this query: [undecodable, for another query]. */
  private readonly ignored = [0, 0];

  constructor(
    readonly server: ResolverAddress,
    private readonly question: Question,
    private readonly budget: Budget,
  ) {
    this.socket = dgram.createSocket(server.address.includes(':') ? 'udp6' : 'udp4');
    this.socket.on('message', (msg) => this.onMessage(msg));
    // ECONNREFUSED (ICMP port unreachable), EHOSTUNREACH, ENETUNREACH...: nothing answers there.
    this.socket.on('error', (e: NodeJS.ErrnoException) => {
      this.fail('unreachable', `${formatResolver(server)} cannot be reached over UDP (${e.code ?? e.message})`);
    });
    this.connected = new Promise((resolve) => {
      this.socket.once('error', () => resolve());
      this.socket.connect(server.port, server.address, () => resolve());
    });
  }

  /** Whether the channel has an answer or a failure (then result() gives it). */
  get settled(): boolean {
    return this.answer !== undefined || this.failure !== undefined;
  }

  result(): Exchange | undefined {
    if (this.failure) return this.failure;
    if (this.answer) return { ok: true, response: this.answer, server: this.server };
    return undefined;
  }

  /** Sends the query (again) and waits up to `ms` for the answer, a failure or the budget's end. */
  async tryOnce(ms: number): Promise<void> {
    await this.connected;
    if (this.settled || this.budget.signal.aborted) return;
    this.socket.send(encodeQuery(this.id, this.question), (e) => {
      if (e) this.fail('unreachable', `${formatResolver(this.server)}: the query could not be sent (${(e as NodeJS.ErrnoException).code ?? e.message})`);
    });
    await new Promise<void>((resolve) => {
      const signal = this.budget.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }

  /** What to say when the tries ran out with nothing: garbage from the resolver is worth naming. */
  silence(): Exchange {
    const [bad, other] = this.ignored;
    const who = formatResolver(this.server);
    if (bad! > 0 && other === 0) return { ok: false, reason: 'malformed', detail: `${who} sent ${bad} response(s) that are not DNS messages`, server: this.server };
    const heard = bad! + other! > 0 ? `; ignored ${bad! + other!} response(s) that did not answer the query` : '';
    return { ok: false, reason: 'timeout', detail: `${who} gave no answer${heard}`, server: this.server };
  }

  close(): void {
    this.wake?.();
    this.socket.close();
  }

  private onMessage(msg: Buffer): void {
    if (this.settled) return;
    this.budget.bytesLeft -= msg.length;
    if (this.budget.bytesLeft < 0) return this.fail('too-large', `${formatResolver(this.server)} sent more bytes than a lookup accepts`);
    const r = decodeResponse(msg);
    if (r === null) this.ignored[0]!++;
    else if (!answersQuery(r, this.id, this.question)) this.ignored[1]!++;
    else {
      this.answer = r;
      this.wake?.();
    }
  }

  private fail(reason: 'unreachable' | 'too-large', detail: string): void {
    if (this.settled) return;
    this.failure = { ok: false, reason, detail, server: this.server };
    this.wake?.();
  }
}
