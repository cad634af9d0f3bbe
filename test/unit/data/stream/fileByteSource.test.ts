import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvPartReader } from '../../../../src/data/stream/csvPartReader.js';
import { fileByteSource } from '../../../../src/data/stream/fileByteSource.js';
import { SourceChangedError } from '../../../../src/data/stream/sourceErrors.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-source-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileByteSource', () => {
  it('reads ranges and streams the file in bounded pieces, from an offset too', async () => {
    const bytes = randomBytes(2.5 * 1024 * 1024);
    const path = join(dir, 'a.bin');
    await writeFile(path, bytes);
    const source = await fileByteSource(path, 'a.bin');
    expect(source).toMatchObject({ name: 'a.bin', size: bytes.length });
    expect(Buffer.from(await source.read(100, 1000))).toEqual(bytes.subarray(100, 1100));
    expect(Buffer.from(await source.read(bytes.length - 5, 100))).toEqual(bytes.subarray(bytes.length - 5));
    const pieces: Uint8Array[] = [];
    for await (const piece of source.stream(7)) pieces.push(piece);
    expect(Buffer.concat(pieces)).toEqual(bytes.subarray(7));
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(1 << 20);
    // Pieces are not reused: one kept after the next read still holds its bytes.
    expect(Buffer.from(pieces[0]!)).toEqual(bytes.subarray(7, 7 + pieces[0]!.length));
  });

  it('fails clearly when the file changed after it was opened', async () => {
    const path = join(dir, 'b.csv');
    await writeFile(path, 'x\n1\n2\n');
    const source = await fileByteSource(path);
    await writeFile(path, 'x\n1\n2\n3\n');
    await expect(source.read(0, 3)).rejects.toThrow(
      new SourceChangedError(`${path} changed after it was opened (its size or modification time differs)`),
    );
    await expect(csvPartReader(source).columnNames()).rejects.toBeInstanceOf(SourceChangedError);
  });
});
