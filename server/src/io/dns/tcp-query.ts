// One query over TCP (RFC 7766): a two-byte length, then the message, both ways. Used when the UDP
// answer was truncated, or for every query with resolv.conf's `use-vc`. The length prefix itself caps
// a message at 65535 bytes; the lookup's byte budget caps what the connection may send in all, so a
// server that streams messages for other queries, or garbage, is cut off.

import * as net from 'node:net';
import { formatResolver, type DnsFailureReason, type ResolverAddress } from '../../core/dns/types';
import { answersQuery, decodeResponse, encodeQuery, newQueryId, type Budget, type Exchange, type Question } from './wire';

/** The smallest DNS message: its header. */
const HEADER_BYTES = 12;

/**
 * `afterTruncation`: UDP gave a truncated answer, so a connection that fails or closes means the
 * answer is 'truncated' (the resolver has one but cannot deliver it); otherwise 'unreachable'.
 */
export function queryTcp(server: ResolverAddress, question: Question, timeoutMs: number, budget: Budget, afterTruncation: boolean): Promise<Exchange> {
  const who = formatResolver(server);
  const id = newQueryId();
  const query = encodeQuery(id, question);
  const frame = Buffer.alloc(2 + query.length);
  frame.writeUInt16BE(query.length, 0);
  query.copy(frame, 2);

  return new Promise<Exchange>((resolve) => {
    if (budget.signal.aborted) return resolve({ ok: false, reason: 'timeout', detail: `${who}: no time left for TCP`, server });
    const socket = net.connect({ host: server.address, port: server.port });
    const chunks: Buffer[] = [];
    let held = 0;
    let answered = false;

    const merge = (): Buffer => {
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, held);
      chunks.splice(0, chunks.length, all);
      return all;
    };
    const finish = (e: Exchange) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(e);
    };
    const fail = (reason: DnsFailureReason, detail: string) => finish({ ok: false, reason, detail: `${who} over TCP: ${detail}`, server });
    const onAbort = () => fail('timeout', 'no answer before the deadline');
    const timer = setTimeout(() => fail('timeout', `no answer within ${timeoutMs} ms`), timeoutMs);
    budget.signal.addEventListener('abort', onAbort);

    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(frame));
    const lost: DnsFailureReason = afterTruncation ? 'truncated' : 'unreachable';
    socket.on('error', (e: NodeJS.ErrnoException) => fail(lost, `the connection failed (${e.code ?? e.message})`));
    socket.on('close', () => fail(lost, 'the server closed the connection without an answer'));
    socket.on('data', (chunk: Buffer) => {
      budget.bytesLeft -= chunk.length;
      if (budget.bytesLeft < 0) return fail('too-large', 'more bytes than a lookup accepts');
      chunks.push(chunk);
      held += chunk.length;
      // Every whole message held: the answer ends the exchange, anything else is dropped. Chunks are
      // joined only once a message is whole (a drip of single bytes costs no copying).
      for (;;) {
        if (held < 2) return;
        if (chunks[0]!.length < 2) merge();
        const length = chunks[0]!.readUInt16BE(0);
        if (length < HEADER_BYTES) return fail('malformed', `a message of ${length} bytes is shorter than a DNS header`);
        if (held < 2 + length) return;
        const all = merge();
        const r = decodeResponse(all.subarray(2, 2 + length));
        if (r === null) return fail('malformed', 'the response is not a DNS message');
        if (answersQuery(r, id, question)) return finish({ ok: true, response: r, server });
        chunks[0] = all.subarray(2 + length);
        held -= 2 + length;
      }
    });
  });
}
