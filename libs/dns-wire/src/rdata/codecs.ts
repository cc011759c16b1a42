import { RRType } from '../constants.js';
import { aaaaCodec, aCodec } from './address.js';
import { caaCodec } from './caa.js';
import type { RdataCodec } from './codec.js';
import { cdnskeyCodec, dnskeyCodec } from './dnskey.js';
import { cnameCodec, dnameCodec, nsCodec, ptrCodec } from './domain-name.js';
import { cdsCodec, dsCodec } from './ds.js';
import { hinfoCodec } from './hinfo.js';
import { locCodec } from './loc.js';
import { mxCodec } from './mx.js';
import { naptrCodec } from './naptr.js';
import { nsecCodec } from './nsec.js';
import { nsec3Codec, nsec3paramCodec } from './nsec3.js';
import { openpgpkeyCodec } from './openpgpkey.js';
import { rrsigCodec } from './rrsig.js';
import { soaCodec } from './soa.js';
import { srvCodec } from './srv.js';
import { sshfpCodec } from './sshfp.js';
import { httpsCodec, svcbCodec } from './svcb.js';
import { smimeaCodec, tlsaCodec } from './tlsa.js';
import { tsigCodec } from './tsig.js';
import { spfCodec, txtCodec } from './txt.js';
import { uriCodec } from './uri.js';
import { zonemdCodec } from './zonemd.js';

// The registry is keyed by code and stores codecs type-erased; the `type` field ties value and codec together.
export type AnyCodec = RdataCodec<{ type: string }>;

const byCode = new Map<number, AnyCodec>();
const byMnemonic = new Map<string, number>();

function register<T extends { type: string }>(codec: RdataCodec<T>): void {
  const code = RRType[codec.type as keyof typeof RRType];
  byCode.set(code, codec as unknown as AnyCodec);
  byMnemonic.set(codec.type, code);
}

register(aCodec);
register(aaaaCodec);
register(nsCodec);
register(cnameCodec);
register(dnameCodec);
register(ptrCodec);
register(soaCodec);
register(mxCodec);
register(txtCodec);
register(spfCodec);
register(hinfoCodec);
register(srvCodec);
register(naptrCodec);
register(caaCodec);
register(sshfpCodec);
register(tlsaCodec);
register(smimeaCodec);
register(locCodec);
register(dsCodec);
register(cdsCodec);
register(dnskeyCodec);
register(cdnskeyCodec);
register(rrsigCodec);
register(nsecCodec);
register(nsec3Codec);
register(nsec3paramCodec);
register(zonemdCodec);
register(svcbCodec);
register(httpsCodec);
register(openpgpkeyCodec);
register(uriCodec);
register(tsigCodec);

/** The typed codec for a TYPE code, if there is one. */
export function codecFor(code: number): AnyCodec | undefined {
  return byCode.get(code);
}

/** TYPE code for an RDATA mnemonic with a codec. */
export function codeForMnemonic(type: string): number | undefined {
  return byMnemonic.get(type);
}
