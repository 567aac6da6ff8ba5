// Fetches DuckDB's native library from a pinned npm package, checks the tarball against a pinned
// integrity hash, and extracts the one library file into the cache. Run by build/DuckDb.Native.targets
// only when the cached file is missing, so incremental builds never reach the network.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

function fail(message) {
  console.error(`error QVR0001: ${message}`);
  process.exit(1);
}

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const match = /^--([a-z]+)=(.*)$/.exec(arg);
    if (!match) fail(`unrecognised argument '${arg}'`);
    return [match[1], match[2]];
  }),
);
for (const required of ['package', 'version', 'integrity', 'file', 'out']) {
  if (!args[required]) fail(`missing --${required}=...`);
}

const [algorithm, expectedDigest] = args.integrity.split('-', 2);
if (algorithm !== 'sha512' || !expectedDigest) fail(`integrity must be 'sha512-<base64>', got '${args.integrity}'`);

mkdirSync(dirname(args.out), { recursive: true });
const work = mkdtempSync(join(dirname(args.out), '.fetch-'));
try {
  const spec = `${args.package}@${args.version}`;
  try {
    execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
  } catch (error) {
    fail(`'npm pack ${spec}' failed (${error.message.split('\n')[0]}). Check that npm can reach its registry.`);
  }
  const tarballs = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) fail(`'npm pack ${spec}' produced ${tarballs.length} tarballs, expected 1`);
  const tarball = readFileSync(join(work, tarballs[0]));

  const actualDigest = createHash('sha512').update(tarball).digest('base64');
  if (actualDigest !== expectedDigest) {
    fail(`${spec} does not match its pinned integrity: expected sha512-${expectedDigest}, got sha512-${actualDigest}. Refusing to use it.`);
  }

  const wanted = `package/${args.file}`;
  const content = findInTar(gunzipSync(tarball), wanted);
  if (!content) fail(`${spec} has no '${wanted}'`);

  const staged = join(work, args.file);
  writeFileSync(staged, content);
  chmodSync(staged, 0o755);
  renameSync(staged, args.out); // atomic: a concurrent or interrupted build never sees half a file
  console.log(`Fetched ${args.file} from ${spec} (${content.length} bytes, integrity verified)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// A ustar archive: 512-byte headers, each followed by its content padded to 512 bytes.
function findInTar(archive, wantedPath) {
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return null;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const start = offset + 512;
    if (start + size > archive.length) fail(`truncated tar entry '${name}'`);
    if (name === wantedPath && (type === '0' || type === '')) return archive.subarray(start, start + size);
    offset = start + Math.ceil(size / 512) * 512;
  }
  return null;
}
