import { strToU8 } from 'fflate';

/** A ustar archive built by hand, so the reader is tested against bytes it did not produce. */
export function ustar(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, data] of Object.entries(files)) {
    const header = new Uint8Array(512);
    header.set(strToU8(name), 0);
    header.set(strToU8('0000644\0'), 100);
    header.set(strToU8(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
    header.set(strToU8('14330000000\0'), 136);
    header.set(strToU8('        '), 148);
    header[156] = '0'.charCodeAt(0);
    header.set(strToU8('ustar\u000000'), 257);
    const checksum = header.reduce((a, b) => a + b, 0);
    header.set(strToU8(`${checksum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
