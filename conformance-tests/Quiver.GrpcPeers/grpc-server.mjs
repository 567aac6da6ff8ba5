// A grpc-js server for quiver.testing.Shapes on a free loopback port.
//   node grpc-server.mjs [--gzip]
// Prints "LISTENING <port>" when ready, then "CANCELLED <method> <tag>" whenever it sees a call cancelled
// (a client cancel, a reset stream or a passed deadline). Runs until stdin closes.
import * as grpc from '@grpc/grpc-js';
import { loadProtos, encodeQuiverError, pattern } from './protos.mjs';

const gzip = process.argv.includes('--gzip');
const { definitions } = loadProtos();
const server = new grpc.Server(gzip ? { 'grpc.default_compression_algorithm': 2 } : {});
const report = (line) => process.stdout.write(line + '\n');

function statusOf(request) {
  const status = { code: request.code, details: request.message, metadata: new grpc.Metadata() };
  if (request.withError) {
    status.metadata.set('quiver-error-bin', encodeQuiverError({
      sqlState: '42P01', errorClass: 'ERROR_CLASS_SEMANTIC', message: request.message, line: 3, column: 7, engineError: 'Catalog',
    }));
  }
  return status;
}

const shapes = definitions['quiver.testing.Shapes'];
const { Missing, ...implemented } = shapes;
server.addService(implemented, {
  Echo(call, callback) {
    const header = call.metadata.get('shape-header')[0] ?? '';
    callback(null, { text: call.request.text, payloadLength: call.request.payload.length, header: String(header) });
  },
  Download(call) {
    const { count, size, sameData } = call.request;
    const same = sameData ? pattern(0, size) : null;
    let index = 0;
    const pump = () => {
      while (index < count) {
        const more = call.write({ index, data: same ?? pattern(index, size) });
        index++;
        if (!more) return call.once('drain', pump);
      }
      call.end();
    };
    pump();
  },
  Fail(call, callback) {
    callback(statusOf(call.request));
  },
  FailMidStream(call) {
    call.write({ index: 0, data: pattern(0, 16) });
    call.emit('error', statusOf(call.request));
  },
  Hang(call) {
    call.write({ index: 0, data: pattern(0, 16) });
    call.on('cancelled', () => report(`CANCELLED Hang ${call.request.tag}`));
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  report(`LISTENING ${port}`);
});
process.stdin.resume();
process.stdin.on('end', () => server.forceShutdown());
