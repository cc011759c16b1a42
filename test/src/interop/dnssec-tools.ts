/**
 * The outside world's DNSSEC tools, driven from tests: BIND's key generator and signer, delv
 * and Unbound as validators, and a bare UDP/TCP server for an in-process answer engine.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Responder } from '@shoal/authority';
import { freePort } from '../harness/index.js';

const run = promisify(execFile);
const PATH = `${process.env.PATH}:/usr/sbin:/sbin`;

/** Generates a KSK and a ZSK for `origin` with dnssec-keygen in `dir`; returns the DNSKEY lines of the KSK. */
export function bindKeygen(dir: string, origin: string, algorithm = 'ECDSAP256SHA256'): void {
  const args = ['-K', dir, '-a', algorithm, '-n', 'ZONE', '-q'];
  execFileSync('dnssec-keygen', [...args, '-f', 'KSK', origin], { env: { ...process.env, PATH } });
  execFileSync('dnssec-keygen', [...args, origin], { env: { ...process.env, PATH } });
}

export interface BindSignOptions {
  nsec3?: boolean;
  optOut?: boolean;
}

/** Signs `zoneFile` with the keys in `dir` (dnssec-signzone -S); returns the signed zone's text. */
export function bindSign(
  dir: string,
  zoneFile: string,
  origin: string,
  options: BindSignOptions = {},
): string {
  const out = join(dir, `${origin}signed`);
  // -d: the dsset file goes to the temporary directory, not the working one.
  const args = ['-S', '-K', dir, '-d', dir, '-o', origin, '-f', out, '-x'];
  // RFC 9276: no salt, no additional iterations.
  if (options.nsec3) args.push('-3', '-', '-H', '0');
  if (options.optOut) args.push('-A');
  execFileSync('dnssec-signzone', [...args, zoneFile], { env: { ...process.env, PATH }, stdio: 'pipe' });
  return readFileSync(out, 'utf8');
}

/** The KSK's DNSKEY presentation line from a dnssec-keygen key directory. */
export function bindKskLine(dir: string, origin: string): string {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.key'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const line = text
      .split('\n')
      .find((l) => /\sDNSKEY\s+257\s/.test(l) && l.toLowerCase().startsWith(origin.toLowerCase()));
    if (line) return line;
  }
  throw new Error(`no KSK for ${origin} in ${dir}`);
}

/** A delv/BIND trust-anchors file holding DNSKEY `flags proto alg key` lines for `origin`. */
export function writeAnchorFile(file: string, origin: string, dnskeys: readonly string[]): void {
  const entries = dnskeys.map((rdata) => {
    const [flags, proto, alg, ...key] = rdata.trim().split(/\s+/);
    return `  ${origin} static-key ${flags} ${proto} ${alg} "${key.join('')}";`;
  });
  writeFileSync(file, `trust-anchors {\n${entries.join('\n')}\n};\n`);
}

export interface DelvResult {
  validated: boolean;
  negative: boolean;
  text: string;
}

/** Asks delv to resolve and validate `name`/`type` at the server, with `anchor` for `root`. */
export async function delv(
  port: number,
  anchorFile: string,
  root: string,
  name: string,
  type: string,
): Promise<DelvResult> {
  const args = [
    '@127.0.0.1',
    '-p',
    String(port),
    '-a',
    anchorFile,
    `+root=${root}`,
    name,
    type,
    '+nomtrace',
    '+novtrace',
  ];
  let text: string;
  try {
    const out = await run('delv', args, { env: { ...process.env, PATH }, timeout: 20_000 });
    text = out.stdout + out.stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    text = `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`;
  }
  return {
    // A negative answer ends in 'resolution failed: ncache nxdomain' or '... nxrrset': that is the answer.
    validated:
      /fully validated/.test(text) &&
      !/validation failure|broken trust chain|insecurity proof failed|no valid signature|SERVFAIL|timed out/i.test(
        text,
      ),
    negative: /; negative response, fully validated/.test(text),
    text,
  };
}

/** Serves `responder` over UDP and TCP on a loopback port. */
export async function serveResponder(
  responder: Responder,
): Promise<{ port: number; close: () => Promise<void> }> {
  const port = await freePort();
  const udp = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const reply = responder.respond(msg, 'udp');
    if (reply) udp.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  const tcp = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        const reply = responder.respond(buffer.subarray(2, 2 + length), 'tcp');
        buffer = buffer.subarray(2 + length);
        if (reply) {
          const frame = Buffer.alloc(2 + reply.length);
          frame.writeUInt16BE(reply.length);
          frame.set(reply, 2);
          socket.write(frame);
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
