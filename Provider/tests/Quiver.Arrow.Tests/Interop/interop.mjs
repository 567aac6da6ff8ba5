// Cross-checks between Quiver.Arrow and apache-arrow (the official JavaScript implementation).
//   node interop.mjs write <dir>   apache-arrow writes every case as <case>.arrow plus <case>.json, the canonical form
//                                  of what apache-arrow reads back; Quiver's tests read the .arrow and compare.
//   node interop.mjs check <dir>   apache-arrow reads every <case>.arrow that Quiver wrote and compares its canonical
//                                  form with Quiver's <case>.json; prints each case and exits 1 on any difference.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import {
  RecordBatchStreamReader, RecordBatchStreamWriter, CompressionType, compressionRegistry, makeData, Vector, Schema, Dictionary,
  Utf8, LargeUtf8, Int8, Int16, Int32, Int64,
} from 'apache-arrow';
import { streamJson, firstDifference } from './canonical.mjs';
import { rng, column, batchOf, bytesData, PRIMITIVES, NESTED, f } from './cases.mjs';

function readAll(bytes) {
  const reader = RecordBatchStreamReader.from(bytes);
  reader.open();
  const schema = reader.schema; // the reader forgets it once iteration ends
  if (!schema) throw new Error('the stream has no schema');
  // For a stream without batches apache-arrow yields a placeholder batch that is not in the bytes.
  const batches = [...reader].filter((batch) => batch.constructor.name !== '_InternalEmptyPlaceholderRecordBatch');
  return { schema, batches };
}

function canonical(bytes) {
  const { schema, batches } = readAll(bytes);
  return streamJson({ schema }, batches);
}

function stream(schema, batches, options) {
  const writer = new RecordBatchStreamWriter(options);
  writer.reset(undefined, schema);
  for (const batch of batches) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

function batches(schema, lengths, seed) {
  const rnd = rng(seed);
  return lengths.map((length) => batchOf(schema, schema.fields.map((field) => column(field.type, length, rnd, field.nullable ? 5 : 0))));
}

function dictionaryCase() {
  const words = ['red', 'green', 'blue', 'ünïcödé', ''];
  const more = ['cyan', 'magenta', '🏹'];
  const utf8 = (list) => bytesData(new Utf8(), list.map((w) => Buffer.from(w)), undefined, 0, false);
  const first = utf8(words);
  const delta = utf8(more);
  const types = {
    colour: new Dictionary(new Utf8(), new Int32(), 0, false),
    small: new Dictionary(new Utf8(), new Int8(), 1, true),
    wide: new Dictionary(new Int64(), new Int16(), 2, false),
  };
  const schema = new Schema([f('colour', types.colour), f('small', types.small), f('wide', types.wide, false), f('n', new Int32())],
    new Map([['origin', 'apache-arrow']]));
  const wideValues = makeData({ type: new Int64(), length: 3, nullCount: 0, data: BigInt64Array.from([-(1n << 63n), 0n, (1n << 63n) - 1n]) });
  const rnd = rng(7);
  const make = (length, colourDictionary, colourSize) => {
    const pick = (size, nulls) => {
      const bitmap = new Uint8Array(Math.ceil(length / 8) || 1);
      let nullCount = 0;
      const indices = [];
      for (let i = 0; i < length; i++) {
        if (nulls && i % 4 === 1) { nullCount++; indices.push(0); } else { bitmap[i >> 3] |= 1 << (i & 7); indices.push(Number(rnd() % BigInt(size))); }
      }
      return { bitmap: nulls ? bitmap : undefined, nullCount, indices };
    };
    const c = pick(colourSize, true);
    const s = pick(words.length, true);
    const w = pick(3, false);
    return batchOf(schema, [
      makeData({ type: types.colour, length, nullCount: c.nullCount, nullBitmap: c.bitmap, data: Int32Array.from(c.indices), dictionary: colourDictionary }),
      makeData({ type: types.small, length, nullCount: s.nullCount, nullBitmap: s.bitmap, data: Int8Array.from(s.indices), dictionary: new Vector([first]) }),
      makeData({ type: types.wide, length, nullCount: 0, data: Int16Array.from(w.indices), dictionary: new Vector([wideValues]) }),
      column(new Int32(), length, rnd, 3),
    ]);
  };
  const original = new Vector([first]);
  const grown = new Vector([first, delta]);
  // batch 2 reuses the dictionary; batch 3's dictionary grew by a chunk, which apache-arrow sends as a delta.
  return stream(schema, [make(20, original, words.length), make(9, original, words.length), make(30, grown, words.length + more.length)]);
}

function largeStringsCase() {
  const huge = Buffer.from('🏹'.repeat(3 * 1024 * 1024 / 4) + 'end', 'utf8');
  const parts = [huge];
  for (let i = 0; i < 2000; i++) parts.push(Buffer.from(`row ${i} ` + 'x'.repeat(1000 + (i % 37)) + ' Ω'));
  const schema = new Schema([f('s', new Utf8()), f('ls', new LargeUtf8())]);
  const utf8 = bytesData(new Utf8(), parts, undefined, 0, false);
  const large = bytesData(new LargeUtf8(), parts.slice().reverse(), undefined, 0, true);
  return stream(schema, [batchOf(schema, [utf8, large])]);
}

function xxh32(bytes) {
  const P1 = 2654435761, P2 = 2246822519, P3 = 3266489917, P5 = 374761393;
  let h = (P5 + bytes.length) >>> 0; // seed 0; inputs here are shorter than 16 bytes
  for (const b of bytes) {
    h = (h + Math.imul(b, P5)) >>> 0;
    h = Math.imul((h << 11) | (h >>> 21), P1) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 15), P2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function lz4StoredFrame(data) {
  const descriptor = [0x60, 0x70]; // version 1, independent blocks, 4 MiB blocks, no checksums
  const header = [0x04, 0x22, 0x4d, 0x18, ...descriptor, (xxh32(descriptor) >>> 8) & 0xff];
  const frame = Buffer.alloc(header.length + 4 + data.length + 4);
  Buffer.from(header).copy(frame, 0);
  frame.writeUInt32LE((data.length | 0x80000000) >>> 0, header.length); // high bit: stored block
  Buffer.from(data).copy(frame, header.length + 4);
  return new Uint8Array(frame.buffer, frame.byteOffset, frame.length);
}

function cases() {
  const primitives = new Schema(PRIMITIVES, new Map([['source', 'apache-arrow cases'], ['unicode', 'Ünïcödé ✓']]));
  const nested = new Schema(NESTED);
  const withMetadata = new Schema([
    f('id', new Int64(), false, new Map([['comment', 'primary key'], ['empty', '']])),
    f('label', new Utf8(), true, new Map([['encoding', 'utf-8']])),
  ], new Map([['k', 'v']]));
  return {
    primitives: stream(primitives, batches(primitives, [37, 0, 200], 1)),
    nested: stream(nested, batches(nested, [25, 60, 1], 2)),
    dictionary: dictionaryCase(),
    zero_rows: stream(primitives, []),
    empty_batch: stream(nested, batches(nested, [0], 3)),
    large_strings: largeStringsCase(),
    metadata: stream(withMetadata, batches(withMetadata, [10], 4)),
  };
}

function write(dir) {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(cases())) {
    writeFileSync(join(dir, `${name}.arrow`), bytes);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(canonical(bytes)));
  }
  // Body compression: apache-arrow marks the batch LZ4_FRAME-compressed. The codec writes LZ4 frames of stored
  // (uncompressed) blocks; as those never shrink the data, apache-arrow keeps each buffer raw behind the -1 length
  // prefix the spec allows. Quiver must reject the batch, not misread it.
  compressionRegistry.set(CompressionType.LZ4_FRAME, { encode: lz4StoredFrame, decode: () => { throw new Error('not used'); } });
  const schema = new Schema([f('n', new Int32())]);
  writeFileSync(join(dir, 'compressed_lz4.arrow'), stream(schema, batches(schema, [5], 9), { compressionType: CompressionType.LZ4_FRAME }));
  console.log(`wrote ${Object.keys(cases()).length} cases to ${dir}`);
}

function check(dir) {
  let failures = 0;
  const names = readdirSync(dir).filter((n) => n.endsWith('.arrow')).sort();
  for (const file of names) {
    const name = basename(file, '.arrow');
    const expected = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    let actual;
    try {
      actual = canonical(readFileSync(join(dir, file)));
    } catch (error) {
      failures++;
      console.log(`FAIL ${name}: apache-arrow could not read it: ${error.stack}`);
      continue;
    }
    const difference = firstDifference(expected, actual);
    if (difference) {
      failures++;
      console.log(`FAIL ${name}: at ${difference.path} Quiver wrote ${JSON.stringify(difference.expected)} but apache-arrow read ${JSON.stringify(difference.actual)}`);
    } else {
      console.log(`ok ${name}`);
    }
  }
  if (names.length === 0) { console.log(`FAIL: no .arrow files in ${dir}`); failures++; }
  process.exitCode = failures ? 1 : 0;
}

const [mode, dir] = process.argv.slice(2);
if (mode === 'write' && dir) write(dir);
else if (mode === 'check' && dir) check(dir);
else { console.error('usage: node interop.mjs write|check <dir>'); process.exitCode = 2; }
