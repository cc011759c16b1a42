import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Endpoint } from './endpoint.js';

/**
 * Sends one datagram and waits for the reply with the same ID from the server's address;
 * undefined on timeout. Stray datagrams (other IDs, other sources) are ignored, which is the
 * minimum defence against spoofed answers (RFC 5452 §9.1 in spirit).
 */
export function udpExchange(
  server: Endpoint,
  query: Uint8Array,
  timeoutMs = 2000,
  localAddress?: string,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
    const id = (query[0] << 8) | query[1];
    let settled = false;
    const finish = (reply: Uint8Array | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('message', (msg, remote) => {
      if (msg.length < 12 || ((msg[0] << 8) | msg[1]) !== id) return;
      if (remote.port !== server.port) return;
      finish(new Uint8Array(msg));
    });
    socket.on('error', () => finish(undefined));
    const send = () => socket.send(query, server.port, server.host, (e) => e && finish(undefined));
    if (localAddress) socket.bind({ address: localAddress, port: 0 }, send);
    else send();
  });
}
