import { ipv4FromText, ipv6FromText } from '@shoal/dns-wire';

const NONE = new Uint8Array(0);

/**
 * The client's address as the octets RFC 9018 §4.2 hashes: 4 for IPv4, 16 for IPv6. An IPv4
 * client seen through a dual-stack socket (::ffff:192.0.2.1) is IPv4, as it is to a server on
 * an IPv4 socket, so its cookie verifies on every node of the fleet however each one listens.
 */
export function clientAddressOctets(text: string): Uint8Array {
  try {
    if (!text.includes(':')) return ipv4FromText(text);
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
    if (mapped) return ipv4FromText(mapped[1]);
    const zone = text.indexOf('%');
    return ipv6FromText(zone < 0 ? text : text.slice(0, zone));
  } catch {
    // No usable address (a test harness, a Unix socket): the cookie binds to none.
    return NONE;
  }
}
