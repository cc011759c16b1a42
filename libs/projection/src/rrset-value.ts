import { Name } from '@shoal/dns-wire';

/**
 * One stored RRset: the owner in its original case (uncompressed wire), the TTL shared by the
 * set (RFC 2181 §5.2), and the rdatas in wire form ready to be copied into answers.
 *
 *   owner-length(1) owner-wire ttl(4) count(2) { rdata-length(2) rdata }*
 */
export interface StoredRRset {
  owner: Name;
  type: number;
  ttl: number;
  rdatas: Uint8Array[];
}

export function encodeRRsetValue(owner: Name, ttl: number, rdatas: readonly Uint8Array[]): Uint8Array {
  const ownerWire = owner.toWire();
  let length = 1 + ownerWire.length + 4 + 2;
  for (const r of rdatas) length += 2 + r.length;
  const out = new Uint8Array(length);
  let p = 0;
  out[p++] = ownerWire.length;
  out.set(ownerWire, p);
  p += ownerWire.length;
  out[p++] = ttl >>> 24;
  out[p++] = ttl >>> 16;
  out[p++] = ttl >>> 8;
  out[p++] = ttl;
  out[p++] = rdatas.length >> 8;
  out[p++] = rdatas.length & 0xff;
  for (const r of rdatas) {
    out[p++] = r.length >> 8;
    out[p++] = r.length & 0xff;
    out.set(r, p);
    p += r.length;
  }
  return out;
}

export function decodeRRsetValue(value: Uint8Array, type: number): StoredRRset {
  let p = 0;
  const ownerLength = value[p++];
  const owner = Name.fromWire(value.subarray(p, p + ownerLength));
  p += ownerLength;
  const ttl = ((value[p] << 24) | (value[p + 1] << 16) | (value[p + 2] << 8) | value[p + 3]) >>> 0;
  p += 4;
  const count = (value[p] << 8) | value[p + 1];
  p += 2;
  const rdatas: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const len = (value[p] << 8) | value[p + 1];
    p += 2;
    // A plain copy: LevelDB hands out Buffers, whose slice() is a view, and callers may derive new rdata from these.
    rdatas[i] = new Uint8Array(value.subarray(p, p + len));
    p += len;
  }
  return { owner, type, ttl, rdatas };
}
