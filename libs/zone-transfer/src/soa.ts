import { Name, soaSerial } from '@shoal/dns-wire';

/** The SOA timers a secondary runs on (RFC 1035 §3.3.13), in seconds. */
export interface SoaTimers {
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

function read32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

export function soaTimers(rdata: Uint8Array): SoaTimers {
  const mname = Name.fromWire(rdata, 0);
  const rname = Name.fromWire(rdata, mname.wireLength);
  const at = mname.wireLength + rname.wireLength;
  return {
    serial: soaSerial(rdata),
    refresh: read32(rdata, at + 4),
    retry: read32(rdata, at + 8),
    expire: read32(rdata, at + 12),
    minimum: read32(rdata, at + 16),
  };
}

/** The MNAME of an SOA: the primary master, which RFC 1996 §3.3 says not to NOTIFY. */
export function soaMname(rdata: Uint8Array): Name {
  return Name.fromWire(rdata, 0);
}
