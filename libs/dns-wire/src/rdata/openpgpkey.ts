import { base64FromText, base64ToText } from './base-encoding.js';
import type { RdataCodec } from './codec.js';

/** OPENPGPKEY (RFC 7929 §2.1): a transferable public key, base64 in presentation form. */
export interface OPENPGPKEYRdata {
  type: 'OPENPGPKEY';
  publicKey: Uint8Array;
}

export const openpgpkeyCodec: RdataCodec<OPENPGPKEYRdata> = {
  type: 'OPENPGPKEY',
  decode: (r) => ({ type: 'OPENPGPKEY', publicKey: r.restAtLeast(1, 'public key') }),
  encode: (v, b) => b.bytes(v.publicKey),
  toText: (v) => base64ToText(v.publicKey),
  fromText: (t) => ({
    type: 'OPENPGPKEY',
    publicKey: base64FromText(t.joinRest('public key'), 'OPENPGPKEY key'),
  }),
};
