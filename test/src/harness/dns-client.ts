import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import {
  decodeMessage,
  type EdnsOption,
  encodeMessage,
  type Message,
  Name,
  queryMessage,
  rrTypeFromString,
} from '@shoal/dns-wire';

const run = promisify(execFile);

export interface QueryOptions {
  port: number;
  address?: string;
  tcp?: boolean;
  dnssecOk?: boolean;
  udpSize?: number;
  rd?: boolean;
  id?: number;
  timeoutMs?: number;
  /** EDNS options (implies EDNS). */
  ednsOptions?: EdnsOption[];
}

export function buildQuery(name: string, type: string, o: Partial<QueryOptions> = {}): Uint8Array {
  const edns =
    o.udpSize || o.dnssecOk || o.ednsOptions
      ? {
          udpPayloadSize: o.udpSize ?? 1232,
          extendedRcode: 0,
          version: 0,
          dnssecOk: Boolean(o.dnssecOk),
          flags: o.dnssecOk ? 0x8000 : 0,
          options: o.ednsOptions ?? [],
        }
      : undefined;
  const owner = Name.parse(name.endsWith('.') ? name : `${name}.`);
  return encodeMessage(
    queryMessage(owner, rrTypeFromString(type), {
      id: o.id ?? Math.floor(Math.random() * 65536),
      rd: o.rd,
      edns,
    }),
  );
}

/** Sends raw bytes over UDP and returns the raw reply (or undefined on timeout). */
export function udpExchange(
  bytes: Uint8Array,
  port: number,
  address = '127.0.0.1',
  timeoutMs = 2000,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      sock.close();
      resolve(undefined);
    }, timeoutMs);
    sock.once('message', (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(new Uint8Array(msg));
    });
    sock.once('error', (e) => {
      clearTimeout(timer);
      sock.close();
      reject(e);
    });
    sock.send(bytes, port, address);
  });
}

/** Sends raw bytes over TCP (length-prefixed) and returns the first reply. */
export function tcpExchange(
  bytes: Uint8Array,
  port: number,
  address = '127.0.0.1',
  timeoutMs = 3000,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, address);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(undefined);
    }, timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(bytes.length);
      sock.write(Buffer.concat([len, bytes]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export async function query(name: string, type: string, o: QueryOptions): Promise<Message> {
  const q = buildQuery(name, type, o);
  const reply = o.tcp
    ? await tcpExchange(q, o.port, o.address, o.timeoutMs)
    : await udpExchange(q, o.port, o.address, o.timeoutMs);
  if (!reply) throw new Error(`no reply to ${name} ${type} from ${o.address ?? '127.0.0.1'}:${o.port}`);
  return decodeMessage(reply);
}

/** Runs dig and returns its stdout. */
export async function dig(args: string[]): Promise<string> {
  const { stdout } = await run('dig', args, { timeout: 10_000 });
  return stdout;
}
