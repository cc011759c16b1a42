import { LOWER } from '../ascii.js';
import { rrTypeToString } from '../constants.js';
import { DnsWireError, RdataError } from '../errors.js';
import { Name } from '../name.js';
import { type Token, tokenize } from '../zone-file/lexer.js';
import type { AAAARdata, ARdata } from './address.js';
import type { CAARdata } from './caa.js';
import { codecFor, codeForMnemonic } from './codecs.js';
import type { CDNSKEYRdata, DNSKEYRdata } from './dnskey.js';
import type { CNAMERdata, DNAMERdata, NSRdata, PTRRdata } from './domain-name.js';
import type { CDSRdata, DSRdata } from './ds.js';
import type { HINFORdata } from './hinfo.js';
import { CANONICAL_LOWERCASE, namePositions } from './layout.js';
import type { LOCRdata } from './loc.js';
import type { MXRdata } from './mx.js';
import type { NAPTRRdata } from './naptr.js';
import type { NSECRdata } from './nsec.js';
import type { NSEC3PARAMRdata, NSEC3Rdata } from './nsec3.js';
import type { OPENPGPKEYRdata } from './openpgpkey.js';
import { RdataBuilder } from './rdata-builder.js';
import { RdataReader } from './rdata-reader.js';
import type { RRSIGRdata } from './rrsig.js';
import type { SOARdata } from './soa.js';
import type { SRVRdata } from './srv.js';
import type { SSHFPRdata } from './sshfp.js';
import type { HTTPSRdata, SVCBRdata } from './svcb.js';
import { TextCursor } from './text-cursor.js';
import type { SMIMEARdata, TLSARdata } from './tlsa.js';
import type { TSIGRdata } from './tsig.js';
import type { SPFRdata, TXTRdata } from './txt.js';
import { genericFromText, genericToText, isGenericText, type UnknownRdata } from './unknown.js';
import type { URIRdata } from './uri.js';
import type { ZONEMDRdata } from './zonemd.js';

/** Typed RDATA, discriminated by the type mnemonic; types without a codec are UNKNOWN. */
export type Rdata =
  | ARdata
  | AAAARdata
  | NSRdata
  | CNAMERdata
  | DNAMERdata
  | PTRRdata
  | SOARdata
  | MXRdata
  | TXTRdata
  | SPFRdata
  | HINFORdata
  | SRVRdata
  | NAPTRRdata
  | CAARdata
  | SSHFPRdata
  | TLSARdata
  | SMIMEARdata
  | LOCRdata
  | DSRdata
  | CDSRdata
  | DNSKEYRdata
  | CDNSKEYRdata
  | RRSIGRdata
  | NSECRdata
  | NSEC3Rdata
  | NSEC3PARAMRdata
  | ZONEMDRdata
  | SVCBRdata
  | HTTPSRdata
  | OPENPGPKEYRdata
  | URIRdata
  | TSIGRdata
  | UnknownRdata;

/** Decodes uncompressed RDATA of `type`; throws RdataError when it is malformed. */
export function decodeRdata(type: number, rdata: Uint8Array): Rdata {
  const codec = codecFor(type);
  if (codec === undefined) return { type: 'UNKNOWN', code: type, data: rdata.slice() };
  const r = new RdataReader(rdata, rrTypeToString(type));
  const value = codec.decode(r);
  r.done();
  return value as Rdata;
}

/** The TYPE code of typed RDATA. */
export function rdataTypeCode(rdata: Rdata): number {
  if (rdata.type === 'UNKNOWN') return rdata.code;
  const code = codeForMnemonic(rdata.type);
  if (code === undefined) throw new RdataError(`no codec for RDATA type '${rdata.type}'`);
  return code;
}

/** Encodes typed RDATA to its uncompressed wire form. */
export function encodeRdata(rdata: Rdata): Uint8Array {
  if (rdata.type === 'UNKNOWN') {
    if (rdata.data.length > 0xffff) throw new RdataError('RDATA longer than 65535 octets');
    return rdata.data.slice();
  }
  const codec = codecFor(rdataTypeCode(rdata));
  if (codec === undefined) throw new RdataError(`no codec for RDATA type '${rdata.type}'`);
  const b = new RdataBuilder();
  codec.encode(rdata, b);
  return b.finish();
}

/** Presentation form as BIND prints it; `\#` generic form for types without a codec. */
export function rdataToText(type: number, rdata: Uint8Array): string {
  const codec = codecFor(type);
  if (codec === undefined) return genericToText(rdata);
  return codec.toText(decodeRdata(type, rdata));
}

/**
 * Wire form from the tokens of one entry, starting at `start`. Accepts the
 * RFC 3597 §5 generic form for every type; for types with a codec the
 * octets must then decode as that type.
 */
export function rdataFromTokens(
  type: number,
  tokens: readonly Token[],
  start: number,
  origin?: Name,
): Uint8Array {
  const t = new TextCursor(tokens, start, origin, rrTypeToString(type));
  const codec = codecFor(type);
  if (isGenericText(t)) {
    const data = genericFromText(t);
    if (codec !== undefined) decodeRdata(type, data);
    return data;
  }
  if (codec === undefined) {
    throw new RdataError(`${t.what}: a type without a known format needs the \\# generic form (RFC 3597 §5)`);
  }
  const value = codec.fromText(t);
  t.done();
  const b = new RdataBuilder();
  codec.encode(value, b);
  return b.finish();
}

/** Wire form from the RDATA part of a presentation line (may use parentheses, quotes, `\#`). */
export function rdataFromText(type: number, text: string, origin?: Name): Uint8Array {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof DnsWireError) throw new RdataError(e.message);
    throw e;
  }
  return rdataFromTokens(type, tokens, 0, origin);
}

/** Typed RDATA from presentation text. */
export function parseRdata(type: number, text: string, origin?: Name): Rdata {
  return decodeRdata(type, rdataFromText(type, text, origin));
}

/** Typed RDATA to presentation text. */
export function formatRdata(rdata: Rdata): string {
  return rdataToText(rdataTypeCode(rdata), encodeRdata(rdata));
}

/** Domain names embedded in RDATA (NS, CNAME, DNAME, PTR targets, MX exchange, SRV target, SOA names, ...). */
export function rdataNames(type: number, rdata: Uint8Array): Name[] {
  return namePositions(type, rdata).map((at) => Name.fromWire(rdata, at));
}

/**
 * Canonical RDATA (RFC 4034 §6.2 item 3, as amended by RFC 6840 §5.1): names
 * lowercased for the listed types. Other RDATA is returned as is (not copied).
 */
export function canonicalRdata(type: number, rdata: Uint8Array): Uint8Array {
  if (!CANONICAL_LOWERCASE.has(type)) return rdata;
  const positions = namePositions(type, rdata);
  if (positions.length === 0) return rdata;
  const out = rdata.slice();
  for (const start of positions) {
    for (let p = start; out[p] !== 0; p += out[p] + 1) {
      const end = p + 1 + out[p];
      for (let i = p + 1; i < end; i++) out[i] = LOWER[out[i]];
    }
  }
  return out;
}
