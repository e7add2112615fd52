import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes a synthetic training CSV of at least `bytes` bytes, streaming (one block in memory).
 * `noteChars` pads each row with a quoted free-text column, so a file can be large in bytes
 * without millions of rows (the memory test is about bytes; rows only cost time). Returns the row count.
 */
export async function writeBigCsv(path: string, bytes: number, noteChars = 0): Promise<number> {
  const out = createWriteStream(path);
  const note = 'lorem ipsum, "dolor"\nsit amet '.repeat(Math.ceil(noteChars / 30)).slice(0, noteChars).replace(/"/g, '""');
  const header = 'id,income,region,tenure_months,pred,p,y,note\n';
  let written = header.length;
  let rows = 0;
  out.write(header);
  const regions = ['north', 'south', 'east', 'west'];
  while (written < bytes) {
    let block = '';
    for (let i = 0; i < 2_000; i++, rows++) {
      const p = ((rows * 7919) % 1000) / 1000;
      block += `${rows},${1000 + ((rows * 104729) % 90000) / 10},${regions[rows % 4] ?? ''},${rows % 240},${p >= 0.5 ? 1 : 0},${p},${rows % 3 === 0 ? 1 : 0},"${note}"\n`;
    }
    written += block.length;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
