// Loads shapes.proto and Quiver's quiver.proto the way any grpc-js application would (proto-loader, no generated code).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import * as grpc from '@grpc/grpc-js';

const here = path.dirname(fileURLToPath(import.meta.url));
const quiverProtos = process.env.QUIVER_PROTO_ROOT ?? path.join(here, '../../Provider/Quiver.Protocol/Protos');
const files = [path.join(here, 'Protos/shapes.proto'), path.join(quiverProtos, 'quiver/v1/quiver.proto')];
const loaderOptions = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [quiverProtos] };

export function loadProtos() {
  const packageDefinition = protoLoader.loadSync(files, loaderOptions);
  const loaded = grpc.loadPackageDefinition(packageDefinition);
  return {
    definitions: {
      'quiver.testing.Shapes': loaded.quiver.testing.Shapes.service,
      'quiver.v1.Quiver': loaded.quiver.v1.Quiver.service,
    },
  };
}

const root = protobuf.loadSync(files);
const ErrorType = root.lookupType('quiver.v1.Error');

export function quiverError(bytes) {
  return ErrorType.toObject(ErrorType.decode(bytes), { enums: String, longs: String, defaults: true });
}

export function encodeQuiverError(value) {
  return Buffer.from(ErrorType.encode(ErrorType.fromObject(value)).finish());
}

/** Chunk i's bytes: byte j is (i + j) mod 251, so a reordered, truncated or corrupted chunk shows. */
export function pattern(index, length) {
  const bytes = Buffer.allocUnsafe(length);
  for (let j = 0; j < length; j++) bytes[j] = (index + j) % 251;
  return bytes;
}
