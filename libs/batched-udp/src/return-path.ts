/**
 * Reading a return path: the octets the native side records for each received datagram, enough
 * to answer it later (see native/batched_udp.c for the layout). Pure, so it is tested alone.
 */
import { ipv4ToText, ipv6ToText } from '@shoal/dns-wire';

export const RETURN_PATH_BYTES = 64;
const PEER_FAMILY = 28;
const LOCAL_FAMILY = 29;
const LOCAL_ADDRESS = 32;

export function peerFamily(paths: Uint8Array, offset: number): 4 | 6 {
  return paths[offset + PEER_FAMILY] === 6 ? 6 : 4;
}

/** sin_port and sin6_port both sit at offset 2, in network order. */
export function peerPort(paths: Uint8Array, offset: number): number {
  return (paths[offset + 2] << 8) | paths[offset + 3];
}

/** The peer's address as Node prints it (inet_ntop text: RFC 5952, ::ffff:a.b.c.d when mapped). */
export function peerAddress(paths: Uint8Array, offset: number): string {
  return peerFamily(paths, offset) === 6 ? ipv6ToText(paths, offset + 8) : ipv4ToText(paths, offset + 4);
}

/** The address the datagram was sent to, when the socket records it (wildcard binds). */
export function localAddress(paths: Uint8Array, offset: number): string | undefined {
  const family = paths[offset + LOCAL_FAMILY];
  if (family === 4) return ipv4ToText(paths, offset + LOCAL_ADDRESS);
  if (family === 6) return ipv6ToText(paths, offset + LOCAL_ADDRESS);
  return undefined;
}
