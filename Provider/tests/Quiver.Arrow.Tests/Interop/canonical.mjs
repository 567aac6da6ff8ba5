// The canonical JSON form of an Arrow stream, shared with Quiver's tests (CanonicalJson.cs builds the same form):
// every value exactly, 64-bit integers as decimal strings, floats as the hex of their bits, bytes as hex.
import { Type, DateUnit, TimeUnit, IntervalUnit } from 'apache-arrow';

const UNITS = { [TimeUnit.SECOND]: 's', [TimeUnit.MILLISECOND]: 'ms', [TimeUnit.MICROSECOND]: 'us', [TimeUnit.NANOSECOND]: 'ns' };
const INTERVALS = { [IntervalUnit.YEAR_MONTH]: 'year_month', [IntervalUnit.DAY_TIME]: 'day_time', [IntervalUnit.MONTH_DAY_NANO]: 'month_day_nano' };

export function typeName(type) {
  switch (type.typeId) {
    case Type.Null: return 'null';
    case Type.Bool: return 'bool';
    case Type.Int: return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
    case Type.Float: return ['float16', 'float32', 'float64'][type.precision];
    case Type.Decimal: return `decimal${type.bitWidth}(${type.precision},${type.scale})`;
    case Type.Utf8: return 'utf8';
    case Type.LargeUtf8: return 'large_utf8';
    case Type.Binary: return 'binary';
    case Type.LargeBinary: return 'large_binary';
    case Type.FixedSizeBinary: return `fixed_size_binary(${type.byteWidth})`;
    case Type.Date: return type.unit === DateUnit.DAY ? 'date32' : 'date64';
    case Type.Time: return `time${type.bitWidth}[${UNITS[type.unit]}]`;
    case Type.Timestamp: return type.timezone ? `timestamp[${UNITS[type.unit]},${type.timezone}]` : `timestamp[${UNITS[type.unit]}]`;
    case Type.Duration: return `duration[${UNITS[type.unit]}]`;
    case Type.Interval: return `interval[${INTERVALS[type.unit]}]`;
    case Type.List: return 'list';
    case Type.LargeList: return 'large_list';
    case Type.FixedSizeList: return `fixed_size_list(${type.listSize})`;
    case Type.Struct: return 'struct';
    case Type.Map: return type.keysSorted ? 'map(sorted)' : 'map';
    default: throw new Error(`no canonical name for type ${type}`);
  }
}

function metadataOf(map) {
  const out = {};
  for (const key of [...(map?.keys() ?? [])].sort()) out[key] = map.get(key);
  return out;
}

export function fieldJson(field) {
  const type = field.type;
  const valueType = type.typeId === Type.Dictionary ? type.dictionary : type;
  const json = { name: field.name, type: typeName(valueType), nullable: field.nullable, metadata: metadataOf(field.metadata) };
  if (type.typeId === Type.Dictionary) {
    json.dictionary = { id: Number(type.id), index: typeName(type.indices), ordered: !!type.isOrdered };
  }
  json.children = (valueType.children ?? []).map(fieldJson);
  return json;
}

export function streamJson(table, batches) {
  return {
    schema: { fields: table.schema.fields.map(fieldJson), metadata: metadataOf(table.schema.metadata) },
    batches: batches.map((batch) => ({
      length: batch.numRows,
      columns: batch.data.children.map((data) => rows(data, 0, data.length)),
    })),
  };
}

function rows(data, start, count) {
  const out = [];
  for (let i = start; i < start + count; i++) out.push(value(data, i));
  return out;
}

function isValid(data, i) {
  if (data.type.typeId === Type.Null) return false;
  if (!data.nullBitmap || data.nullBitmap.length === 0 || data.nullCount === 0) return true;
  const bit = data.offset + i;
  return (data.nullBitmap[bit >> 3] & (1 << (bit & 7))) !== 0;
}

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

function int64(values, index) {
  return values[index].toString();
}

function floatBits(value, bytes) {
  const view = new DataView(new ArrayBuffer(bytes));
  if (bytes === 4) { view.setFloat32(0, value, true); return view.getUint32(0, true).toString(16).padStart(8, '0'); }
  view.setFloat64(0, value, true);
  return view.getBigUint64(0, true).toString(16).padStart(16, '0');
}

function decimal(words, base) {
  let v = 0n;
  for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(words[base + k]);
  if (v >= (1n << 127n)) v -= (1n << 128n);
  return v.toString();
}

function value(data, i) {
  if (!isValid(data, i)) return null;
  const type = data.type;
  const j = data.offset + i;
  const v = data.values;
  switch (type.typeId) {
    case Type.Dictionary: {
      const index = Number(v[j]);
      const dictionary = data.dictionary;
      let remaining = index;
      for (const chunk of dictionary.data) {
        if (remaining < chunk.length) return value(chunk, remaining);
        remaining -= chunk.length;
      }
      throw new Error(`dictionary index ${index} out of range`);
    }
    case Type.Bool: return (v[j >> 3] & (1 << (j & 7))) !== 0;
    case Type.Int: return type.bitWidth === 64 ? int64(v, j) : v[j];
    case Type.Float: return floatBits(v[j], type.precision === 1 ? 4 : 8);
    case Type.Decimal: return decimal(v, j * 4);
    case Type.Utf8: case Type.LargeUtf8: {
      const o = data.valueOffsets;
      return Buffer.from(v.subarray(Number(o[j]), Number(o[j + 1]))).toString('utf8');
    }
    case Type.Binary: case Type.LargeBinary: {
      const o = data.valueOffsets;
      return hex(v.subarray(Number(o[j]), Number(o[j + 1])));
    }
    case Type.FixedSizeBinary: return hex(v.subarray(j * type.byteWidth, (j + 1) * type.byteWidth));
    case Type.Date: return type.unit === DateUnit.DAY ? v[j] : int64(v, j);
    case Type.Time: return type.bitWidth === 32 ? v[j] : int64(v, j);
    case Type.Timestamp: case Type.Duration: return int64(v, j);
    case Type.Interval:
      if (type.unit === IntervalUnit.YEAR_MONTH) return v[j];
      if (type.unit === IntervalUnit.DAY_TIME) return [v[2 * j], v[2 * j + 1]];
      return [v[4 * j], v[4 * j + 1], ((BigInt(v[4 * j + 3]) << 32n) | BigInt(v[4 * j + 2] >>> 0)).toString()];
    case Type.List: case Type.LargeList: case Type.Map: {
      const o = data.valueOffsets;
      const start = Number(o[j]);
      return rows(data.children[0], start, Number(o[j + 1]) - start); // a map's entries are [key, value] structs
    }
    case Type.FixedSizeList: return rows(data.children[0], j * type.listSize, type.listSize);
    case Type.Struct: return data.children.map((child) => value(child, j));
    default: throw new Error(`no canonical value for type ${type}`);
  }
}

// The first difference between two canonical forms, as a path and both values, or null.
export function firstDifference(expected, actual, path = '$') {
  if (expected === actual) return null;
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) {
    return { path, expected, actual };
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return { path, expected, actual };
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const difference = firstDifference(expected[key], actual[key], `${path}.${key}`);
    if (difference) return difference;
  }
  return null;
}
