import { hexFromText, hexToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** SSHFP (RFC 4255 §3.1). */
export interface SSHFPRdata {
  type: 'SSHFP';
  algorithm: number;
  fingerprintType: number;
  fingerprint: Uint8Array;
}

export const sshfpCodec: RdataCodec<SSHFPRdata> = {
  type: 'SSHFP',
  decode: (r) => ({
    type: 'SSHFP',
    algorithm: r.u8(),
    fingerprintType: r.u8(),
    fingerprint: r.restAtLeast(1, 'fingerprint'),
  }),
  encode: (v, b) => {
    b.u8(v.algorithm);
    b.u8(v.fingerprintType);
    b.bytes(v.fingerprint);
  },
  toText: (v) => `${v.algorithm} ${v.fingerprintType} ${hexToText(v.fingerprint)}`,
  fromText: (t) => ({
    type: 'SSHFP',
    algorithm: t.u8('algorithm'),
    fingerprintType: t.u8('fingerprint type'),
    fingerprint: hexFromText(t.joinRest('fingerprint'), 'SSHFP fingerprint'),
  }),
};
