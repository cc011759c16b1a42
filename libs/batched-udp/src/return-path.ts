/**
 * Reading a return path: the octets the native side records for each received datagram, enough
 * to answer it later (see native/batched_udp.c for the layout). Pure, so it is tested alone.
 */
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

/** The peer's address as Node prints it (RFC 5952 text for IPv6, ::ffff:a.b.c.d when mapped). */
export function peerAddress(paths: Uint8Array, offset: number): string {
  return peerFamily(paths, offset) === 6 ? formatIpv6(paths, offset + 8) : formatIpv4(paths, offset + 4);
}

/** The address the datagram was sent to, when the socket records it (wildcard binds). */
export function localAddress(paths: Uint8Array, offset: number): string | undefined {
  const family = paths[offset + LOCAL_FAMILY];
  if (family === 4) return formatIpv4(paths, offset + LOCAL_ADDRESS);
  if (family === 6) return formatIpv6(paths, offset + LOCAL_ADDRESS);
  return undefined;
}

export function formatIpv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
export function formatIpv6(bytes: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[at + 2 * i] << 8) | bytes[at + 2 * i + 1]);
  // RFC 4291 §2.5.5.2 IPv4-mapped addresses keep their dotted tail (RFC 5952 §5).
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(bytes, at + 12)}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not shortened (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
