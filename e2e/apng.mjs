// Animated PNG (APNG) from PNG frames of the same size and format, such as Playwright's screenshots
// with one clip: no image library, no re-encoding. Each frame's compressed image data is kept as it is
// and wrapped in the APNG chunks (acTL, then fcTL + IDAT for the first frame and fcTL + fdAT for the
// others). Browsers, GitHub and VS Code's Markdown preview play it; viewers without APNG support
// show the first frame. Spec: https://www.w3.org/TR/png-3/#apng-frame-control-chunk

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The chunks of a PNG file: [{ type, data }], checking the signature and every CRC. */
export function chunksOf(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const out = [];
  for (let p = 8; p < png.length; ) {
    const len = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    const data = png.subarray(p + 8, p + 8 + len);
    if (png.readUInt32BE(p + 8 + len) !== crc32(png.subarray(p + 4, p + 8 + len))) throw new Error(`bad CRC in the ${type} chunk`);
    out.push({ type, data });
    p += 12 + len;
    if (type === 'IEND') break;
  }
  return out;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * frames: [{ png: Buffer, delayMs: number }], all with the same IHDR (width, height, bit depth,
 * colour type, interlace). plays: 0 = loop for ever. Returns the APNG file.
 */
export function assembleApng(frames, { plays = 0 } = {}) {
  if (frames.length === 0) throw new Error('no frames');
  const parsed = frames.map((f) => chunksOf(f.png));
  const ihdr = parsed[0].find((c) => c.type === 'IHDR').data;
  parsed.forEach((chunks, i) => {
    const h = chunks.find((c) => c.type === 'IHDR')?.data;
    if (!h || !h.equals(ihdr)) throw new Error(`frame ${i} differs in size or format from frame 0`);
  });
  const width = ihdr.readUInt32BE(0), height = ihdr.readUInt32BE(4);
  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0);
  actl.writeUInt32BE(plays, 4);
  parts.push(chunk('acTL', actl));
  // Frame 0's chunks that come before its image data (gamma, colour profile, palette, ...).
  for (const c of parsed[0].slice(1, parsed[0].findIndex((x) => x.type === 'IDAT'))) parts.push(chunk(c.type, c.data));
  let seq = 0;
  frames.forEach((f, i) => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(seq++, 0);
    fctl.writeUInt32BE(width, 4);
    fctl.writeUInt32BE(height, 8);
    fctl.writeUInt32BE(0, 12); // x offset
    fctl.writeUInt32BE(0, 16); // y offset
    fctl.writeUInt16BE(Math.max(1, Math.min(65535, Math.round(f.delayMs))), 20); // delay numerator
    fctl.writeUInt16BE(1000, 22); // delay denominator: milliseconds
    fctl.writeUInt8(0, 24); // dispose: none
    fctl.writeUInt8(0, 25); // blend: source (every frame is a whole picture)
    parts.push(chunk('fcTL', fctl));
    for (const c of parsed[i]) {
      if (c.type !== 'IDAT') continue;
      if (i === 0) parts.push(chunk('IDAT', c.data));
      else {
        const s = Buffer.alloc(4);
        s.writeUInt32BE(seq++, 0);
        parts.push(chunk('fdAT', Buffer.concat([s, c.data])));
      }
    }
  });
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** What an APNG holds: { width, height, frames, plays, delaysMs }, after checking its structure. */
export function apngInfo(buf) {
  const chunks = chunksOf(buf);
  const ihdr = chunks.find((c) => c.type === 'IHDR')?.data;
  const actl = chunks.find((c) => c.type === 'acTL')?.data;
  if (!ihdr || !actl) throw new Error('not an animated PNG (no acTL chunk)');
  const fctls = chunks.filter((c) => c.type === 'fcTL').map((c) => c.data);
  const seqs = chunks.filter((c) => c.type === 'fcTL' || c.type === 'fdAT').map((c) => c.data.readUInt32BE(0));
  if (seqs.some((s, i) => s !== i)) throw new Error('APNG sequence numbers are not 0, 1, 2, ...');
  if (fctls.length !== actl.readUInt32BE(0)) throw new Error(`acTL says ${actl.readUInt32BE(0)} frames, there are ${fctls.length}`);
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    frames: fctls.length,
    plays: actl.readUInt32BE(4),
    delaysMs: fctls.map((f) => (f.readUInt16BE(20) * 1000) / (f.readUInt16BE(22) || 100)),
  };
}
