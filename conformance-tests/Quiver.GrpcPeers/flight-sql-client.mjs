// A Flight SQL client as a non-.NET tool would be: grpc-js with proto-loader over the server's Flight and Flight SQL
// protos, and apache-arrow decoding the DoGet stream. Runs one statement query and prints what it decoded as one JSON line.
//   node flight-sql-client.mjs <host:port> <token> '<sql>'
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { tableFromIPC } from 'apache-arrow';

const [address, token, sql] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.QUIVER_SERVER_PROTO_ROOT ?? path.join(here, '../../Server/Quiver.Server/Protos');
const flightProto = path.join(root, 'arrow/flight/protocol/flight.proto');
const sqlProto = path.join(root, 'arrow/flight/protocol/sql/flight_sql.proto');
const definition = protoLoader.loadSync([flightProto], { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [root] });
const Flight = grpc.loadPackageDefinition(definition).arrow.flight.protocol.FlightService;
const commands = protobuf.loadSync(sqlProto);
const StatementQuery = commands.lookupType('arrow.flight.protocol.sql.CommandStatementQuery');
const Any = new protobuf.Type('Any').add(new protobuf.Field('type_url', 1, 'string')).add(new protobuf.Field('value', 2, 'bytes'));
new protobuf.Root().define('google.protobuf').add(Any);

const client = new Flight(address, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.set('authorization', `Bearer ${token}`);
const done = (result) => { process.stdout.write(JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n'); client.close(); };

const cmd = Any.encode({ type_url: 'type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery',
  value: StatementQuery.encode({ query: sql }).finish() }).finish();
client.GetFlightInfo({ type: 'CMD', cmd: Buffer.from(cmd) }, metadata, (error, info) => {
  if (error) return done({ status: { code: error.code, details: error.details } });
  const parts = [];
  const stream = client.DoGet(info.endpoint[0].ticket, metadata);
  stream.on('data', (data) => {
    // Each FlightData is one IPC message: frame it again (continuation, padded header length, header, body).
    const header = data.data_header;
    const padded = (header.length + 7) & ~7;
    const prefix = Buffer.alloc(8);
    prefix.writeInt32LE(-1, 0);
    prefix.writeInt32LE(padded, 4);
    parts.push(prefix, header, Buffer.alloc(padded - header.length), data.data_body);
  });
  stream.on('error', (e) => done({ status: { code: e.code, details: e.details } }));
  stream.on('end', () => {
    parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    const table = tableFromIPC(Buffer.concat(parts));
    const columns = {};
    for (const field of table.schema.fields) {
      const vector = table.getChild(field.name);
      let nulls = 0;
      let sum = 0n;
      const first = [];
      for (let i = 0; i < vector.length; i++) {
        const value = vector.get(i);
        if (value === null) nulls++;
        else if (typeof value === 'bigint') sum += value;
        else if (typeof value === 'number') sum += BigInt(Math.round(value));
        if (i < 3) first.push(value === null ? null : String(value));
      }
      columns[field.name] = { type: String(field.type), nulls, sum, first };
    }
    done({ status: { code: 0 }, rows: table.numRows, batches: table.batches.length, columns });
  });
});
