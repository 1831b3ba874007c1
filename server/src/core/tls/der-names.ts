// The issuer and subject names of a certificate as their raw DER bytes, found by walking only the
// headers of the outer structures (Certificate -> TBSCertificate -> fields): no full parse, so that
// trust anchors can be matched to an issuer name before anything is decoded.

interface Tlv {
  tag: number;
  /** Offset of the content. */
  start: number;
  /** Offset after the content. */
  end: number;
}

function tlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  const end = start + len;
  return end > limit ? undefined : { tag, start, end };
}

/** [issuer, subject] of a DER certificate, each with its own SEQUENCE header; undefined if malformed. */
function names(der: Uint8Array): [Uint8Array, Uint8Array] | undefined {
  const cert = tlv(der, 0, der.length);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = tlv(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== 0x30) return undefined;
  let at = tbs.start;
  let f = tlv(der, at, tbs.end);
  if (f && f.tag === 0xa0) {
    at = f.end; // [0] version
    f = tlv(der, at, tbs.end);
  }
  if (!f || f.tag !== 0x02) return undefined; // serialNumber
  const sig = tlv(der, f.end, tbs.end); // signature AlgorithmIdentifier
  if (!sig || sig.tag !== 0x30) return undefined;
  const issuerAt = sig.end;
  const issuer = tlv(der, issuerAt, tbs.end);
  if (!issuer || issuer.tag !== 0x30) return undefined;
  const validity = tlv(der, issuer.end, tbs.end);
  if (!validity || validity.tag !== 0x30) return undefined;
  const subjectAt = validity.end;
  const subject = tlv(der, subjectAt, tbs.end);
  if (!subject || subject.tag !== 0x30) return undefined;
  return [der.subarray(issuerAt, issuer.end), der.subarray(subjectAt, subject.end)];
}

export function issuerDer(der: Uint8Array): Uint8Array | undefined {
  return names(der)?.[0];
}

export function subjectDer(der: Uint8Array): Uint8Array | undefined {
  return names(der)?.[1];
}
