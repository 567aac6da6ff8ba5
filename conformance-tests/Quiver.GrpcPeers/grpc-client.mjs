// Calls one RPC with grpc-js and prints what came back as one JSON line.
//   node grpc-client.mjs <host:port> '<call json>'
// call: { service, method, request, deadlineMs?, cancelAfter? (messages), gzip?, metadata?: {k: v}, maxReceive?,
//         rootCertPem? (TLS, trusting only that certificate) }
// A request field written {"$bytes": n} becomes n bytes of the chunk pattern. Bytes in responses are summarised as
// {length, patternOk} so that large streams are checked here and not shipped through stdout.
import * as grpc from '@grpc/grpc-js';
import { loadProtos, quiverError, pattern } from './protos.mjs';

const [address, callJson] = process.argv.slice(2);
const call = JSON.parse(callJson);
const { definitions } = loadProtos();
const Service = grpc.makeGenericClientConstructor(definitions[call.service], call.service);
const options = {};
if (call.gzip) options['grpc.default_compression_algorithm'] = 2;
if (call.maxReceive) options['grpc.max_receive_message_length'] = call.maxReceive;
const credentials = call.rootCertPem ? grpc.credentials.createSsl(Buffer.from(call.rootCertPem)) : grpc.credentials.createInsecure();
const client = new Service(address, credentials, options);

const method = definitions[call.service][call.method];
const request = materialise(call.request ?? {});
const metadata = new grpc.Metadata();
for (const [key, value] of Object.entries(call.metadata ?? {})) metadata.set(key, value);
const callOptions = call.deadlineMs ? { deadline: new Date(Date.now() + call.deadlineMs) } : {};

const result = { messages: [] };
const finish = (code, details, trailers) => {
  if (result.status) return;
  result.status = { code, details };
  const detail = trailers?.get('quiver-error-bin')?.[0];
  if (detail) result.error = quiverError(detail);
  process.stdout.write(JSON.stringify(result) + '\n');
  client.close();
};

if (method.responseStream) {
  const stream = client[call.method](request, metadata, callOptions);
  stream.on('data', (message) => {
    result.messages.push(summarise(message));
    if (call.cancelAfter && result.messages.length === call.cancelAfter) stream.cancel();
  });
  stream.on('error', () => {}); // the same outcome arrives as 'status'
  stream.on('status', (status) => setImmediate(() => finish(status.code, status.details, status.metadata)));
} else {
  client[call.method](request, metadata, callOptions, (error, reply) => {
    if (reply) result.messages.push(summarise(reply));
    finish(error ? error.code : 0, error ? error.details : '', error?.metadata);
  });
}

function materialise(value) {
  if (Array.isArray(value)) return value.map(materialise);
  if (value && typeof value === 'object' && '$bytes' in value) return pattern(0, value.$bytes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialise(v)]));
  return value;
}

function summarise(message) {
  const out = {};
  for (const [key, value] of Object.entries(message)) {
    out[key] = Buffer.isBuffer(value)
      ? { length: value.length, patternOk: value.equals(pattern(message.index ?? 0, value.length)) }
      : value;
  }
  return out;
}
