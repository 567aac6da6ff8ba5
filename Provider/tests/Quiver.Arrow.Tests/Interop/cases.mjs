// Streams written by apache-arrow for Quiver to read: every type Quiver supports, with nulls, edge values, nesting,
// dictionaries (with deltas), empty batches, zero-row streams, large strings and unicode. Columns are built with
// makeData over typed arrays so that 64-bit and nanosecond values are exact.
import {
  Field, RecordBatch, makeData, Struct, Null, Bool, Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32,
  Uint64, Float32, Float64, Decimal, Utf8, LargeUtf8, Binary, LargeBinary, FixedSizeBinary, DateDay, DateMillisecond,
  TimeSecond, TimeMillisecond, TimeMicrosecond, TimeNanosecond, Timestamp, Duration, Interval, IntervalUnit, TimeUnit,
  List, LargeList, FixedSizeList, Map_, Type,
} from 'apache-arrow';

export function rng(seed) {
  let s = BigInt(seed) | 1n;
  return () => {
    s ^= s << 13n; s &= (1n << 64n) - 1n;
    s ^= s >> 7n;
    s ^= s << 17n; s &= (1n << 64n) - 1n;
    return s;
  };
}

const STRINGS = ['', 'a', 'quiver', 'Grüße', '日本語テキスト', 'emoji 🏹🎯', 'line\nbreak', 'tab\tand "quotes"', '\u0000nul', 'ß'.repeat(40)];

function validity(length, rnd, nullEvery) {
  if (!nullEvery) return { nullBitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array(Math.ceil(length / 8) || 1);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (Number(rnd() % BigInt(nullEvery)) === 0) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap: bitmap, nullCount };
}

const EDGE = {
  8: [-128n, 127n, 0n, -1n], 16: [-32768n, 32767n], 32: [-2147483648n, 2147483647n], 64: [-(1n << 63n), (1n << 63n) - 1n],
};

function ints(Array_, length, rnd, bits, signed) {
  const values = new Array_(length);
  const big = bits === 64;
  for (let i = 0; i < length; i++) {
    let v = rnd() & ((1n << BigInt(bits)) - 1n);
    if (i < 4 && signed && EDGE[bits][i] !== undefined) v = EDGE[bits][i];
    else if (signed && v >= (1n << BigInt(bits - 1))) v -= 1n << BigInt(bits);
    if (i === 0 && !signed) v = (1n << BigInt(bits)) - 1n;
    values[i] = big ? v : Number(v);
  }
  return values;
}

function floats(Array_, length, rnd) {
  const special = [NaN, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, Number.MIN_VALUE, 0.1];
  const values = new Array_(length);
  for (let i = 0; i < length; i++) {
    values[i] = i < special.length ? special[i] : (Number(rnd() % 2000000n) - 1000000) / 7;
  }
  return values;
}

function bytesColumn(type, length, rnd, nullEvery, large, utf8) {
  const { nullBitmap, nullCount } = validity(length, rnd, nullEvery);
  const parts = [];
  for (let i = 0; i < length; i++) {
    const text = STRINGS[Number(rnd() % BigInt(STRINGS.length))] + (i % 3 === 0 ? String(i) : '');
    parts.push(utf8 ? Buffer.from(text, 'utf8') : Buffer.from(text + '\u00ff', 'latin1'));
  }
  return bytesData(type, parts, nullBitmap, nullCount, large);
}

export function bytesData(type, parts, nullBitmap, nullCount, large) {
  const offsets = large ? new BigInt64Array(parts.length + 1) : new Int32Array(parts.length + 1);
  let total = 0;
  parts.forEach((part, i) => { total += part.length; offsets[i + 1] = large ? BigInt(total) : total; });
  const data = new Uint8Array(total);
  let at = 0;
  for (const part of parts) { data.set(part, at); at += part.length; }
  return makeData({ type, length: parts.length, nullCount, nullBitmap, valueOffsets: offsets, data });
}

function fixedWidth(type, length, rnd, nullEvery) {
  const { nullBitmap, nullCount } = validity(length, rnd, nullEvery);
  let data;
  switch (type.typeId) {
    case Type.Bool: {
      data = new Uint8Array(Math.ceil(length / 8) || 1);
      for (let i = 0; i < length; i++) if (rnd() & 1n) data[i >> 3] |= 1 << (i & 7);
      break;
    }
    case Type.Int: {
      const Array_ = type.ArrayType;
      data = Array_.from(ints(Array, length, rnd, type.bitWidth, type.isSigned));
      break;
    }
    case Type.Float: data = floats(type.ArrayType, length, rnd); break;
    case Type.Decimal: {
      data = new Uint32Array(length * 4);
      const limit = 10n ** BigInt(type.precision);
      for (let i = 0; i < length; i++) {
        let v = ((rnd() << 64n) | rnd()) % limit;
        if (i === 0) v = limit - 1n;
        if (i === 1) v = -(limit - 1n);
        if (i % 2 === 1) v = -v;
        const u = v < 0n ? v + (1n << 128n) : v;
        for (let k = 0; k < 4; k++) data[i * 4 + k] = Number((u >> BigInt(32 * k)) & 0xffffffffn);
      }
      break;
    }
    case Type.FixedSizeBinary: {
      data = new Uint8Array(length * type.byteWidth);
      for (let i = 0; i < data.length; i++) data[i] = Number(rnd() & 0xffn);
      break;
    }
    case Type.Date:
      data = type.unit === 0 ? Int32Array.from({ length }, (_, i) => [-719162, 2932896, 0][i] ?? Number(rnd() % 40000n) - 20000)
        : BigInt64Array.from({ length }, (_, i) => BigInt(Number(rnd() % 40000n) - 20000) * 86400000n + (i === 0 ? -62135596800000n : 0n));
      break;
    case Type.Time: {
      const perDay = [86400n, 86400000n, 86400000000n, 86400000000000n][type.unit];
      const values = Array.from({ length }, (_, i) => (i === 0 ? perDay - 1n : rnd() % perDay));
      data = type.bitWidth === 32 ? Int32Array.from(values, Number) : BigInt64Array.from(values);
      break;
    }
    case Type.Timestamp: case Type.Duration: {
      data = BigInt64Array.from({ length }, (_, i) => {
        if (i === 0) return -(1n << 63n) + 1n;
        if (i === 1) return (1n << 63n) - 1n;
        const v = rnd() & ((1n << 62n) - 1n);
        return i % 2 ? -v : v;
      });
      break;
    }
    case Type.Interval: {
      const stride = type.unit === IntervalUnit.MONTH_DAY_NANO ? 4 : type.unit === IntervalUnit.DAY_TIME ? 2 : 1;
      data = new Int32Array(length * stride);
      for (let i = 0; i < data.length; i++) data[i] = Number(BigInt.asIntN(32, rnd()));
      break;
    }
    default: throw new Error(`not fixed-width: ${type}`);
  }
  return makeData({ type, length, nullCount, nullBitmap, data });
}

// Any column of 'type'; nested types recurse with about two items per list.
export function column(type, length, rnd, nullEvery = 5) {
  switch (type.typeId) {
    case Type.Null: return makeData({ type, length, nullCount: length });
    case Type.Utf8: return bytesColumn(type, length, rnd, nullEvery, false, true);
    case Type.LargeUtf8: return bytesColumn(type, length, rnd, nullEvery, true, true);
    case Type.Binary: return bytesColumn(type, length, rnd, nullEvery, false, false);
    case Type.LargeBinary: return bytesColumn(type, length, rnd, nullEvery, true, false);
    case Type.List: case Type.LargeList: case Type.Map: {
      const { nullBitmap, nullCount } = validity(length, rnd, nullEvery);
      const large = type.typeId === Type.LargeList;
      const offsets = large ? new BigInt64Array(length + 1) : new Int32Array(length + 1);
      let total = 0;
      for (let i = 0; i < length; i++) {
        const valid = !nullBitmap || (nullBitmap[i >> 3] & (1 << (i & 7)));
        total += valid ? Number(rnd() % 4n) : 0;
        offsets[i + 1] = large ? BigInt(total) : total;
      }
      const child = type.typeId === Type.Map ? mapEntries(type.children[0].type, total, rnd) : column(type.children[0].type, total, rnd, nullEvery);
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets: offsets, child });
    }
    case Type.FixedSizeList: {
      const { nullBitmap, nullCount } = validity(length, rnd, nullEvery);
      return makeData({ type, length, nullCount, nullBitmap, child: column(type.children[0].type, length * type.listSize, rnd, nullEvery) });
    }
    case Type.Struct: {
      const { nullBitmap, nullCount } = validity(length, rnd, nullEvery);
      return makeData({ type, length, nullCount, nullBitmap, children: type.children.map((f) => column(f.type, length, rnd, f.nullable ? nullEvery : 0)) });
    }
    default: return fixedWidth(type, length, rnd, nullEvery);
  }
}

function mapEntries(entriesType, length, rnd) {
  const [keyField, valueField] = entriesType.children;
  return makeData({ type: entriesType, length, nullCount: 0, children: [column(keyField.type, length, rnd, 0), column(valueField.type, length, rnd, 5)] });
}

export function batchOf(schema, columns) {
  const length = columns.length ? columns[0].length : 0;
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: columns }));
}

export const f = (name, type, nullable = true, metadata) => new Field(name, type, nullable, metadata);

export const PRIMITIVES = [
  f('null', new Null()), f('bool', new Bool()), f('int8', new Int8()), f('int16', new Int16()), f('int32', new Int32()),
  f('int64', new Int64()), f('uint8', new Uint8()), f('uint16', new Uint16()), f('uint32', new Uint32()), f('uint64', new Uint64()),
  f('float32', new Float32()), f('float64', new Float64()), f('decimal_38_10', new Decimal(10, 38, 128)),
  f('decimal_18_2', new Decimal(2, 18, 128)), f('decimal_1_0', new Decimal(0, 1, 128)), f('utf8', new Utf8()),
  f('large_utf8', new LargeUtf8()), f('binary', new Binary()), f('large_binary', new LargeBinary()),
  f('fixed_size_binary', new FixedSizeBinary(16)), f('date32', new DateDay()), f('date64', new DateMillisecond()),
  f('time_s', new TimeSecond()), f('time_ms', new TimeMillisecond()), f('time_us', new TimeMicrosecond()), f('time_ns', new TimeNanosecond()),
  f('ts_s', new Timestamp(TimeUnit.SECOND)), f('ts_ms', new Timestamp(TimeUnit.MILLISECOND)),
  f('ts_us', new Timestamp(TimeUnit.MICROSECOND)), f('ts_ns', new Timestamp(TimeUnit.NANOSECOND)),
  f('ts_ns_utc', new Timestamp(TimeUnit.NANOSECOND, 'UTC')), f('ts_us_zone', new Timestamp(TimeUnit.MICROSECOND, 'Europe/Amsterdam')),
  f('ts_s_offset', new Timestamp(TimeUnit.SECOND, '+05:30')),
  f('duration_s', new Duration(TimeUnit.SECOND)), f('duration_ms', new Duration(TimeUnit.MILLISECOND)),
  f('duration_us', new Duration(TimeUnit.MICROSECOND)), f('duration_ns', new Duration(TimeUnit.NANOSECOND)),
  f('interval_ym', new Interval(IntervalUnit.YEAR_MONTH)), f('interval_dt', new Interval(IntervalUnit.DAY_TIME)),
  f('interval_mdn', new Interval(IntervalUnit.MONTH_DAY_NANO)), f('not_null_int64', new Int64(), false),
];

const entries = (key, value) => new Field('entries', new Struct([new Field('key', key, false), new Field('value', value, true)]), false);

export const NESTED = [
  f('list_int32', new List(f('item', new Int32()))),
  f('large_list_utf8', new LargeList(f('item', new Utf8()))),
  f('fixed_list_float64', new FixedSizeList(3, f('item', new Float64()))),
  f('struct', new Struct([f('a', new Int32()), f('b', new Utf8()), f('c', new Struct([f('d', new Bool()), f('e', new Timestamp(TimeUnit.NANOSECOND, 'UTC'))]))])),
  f('map_utf8_int64', new Map_(entries(new Utf8(), new Int64()))),
  f('map_sorted', new Map_(entries(new Int32(), new Float64()), true)),
  f('list_of_struct', new List(f('item', new Struct([f('x', new Int64()), f('y', new LargeBinary())])))),
  f('list_of_list', new List(f('item', new List(f('item', new Decimal(3, 20, 128)))))),
  f('struct_of_lists', new Struct([f('l', new List(f('item', new Interval(IntervalUnit.MONTH_DAY_NANO)))), f('n', new Null())])),
];
