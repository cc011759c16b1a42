import { RdataError } from '../errors.js';
import type { RdataCodec } from './codec.js';
import type { TextCursor } from './text-cursor.js';

/**
 * LOC (RFC 1876 §2), kept as its wire fields so nothing is lost: sizes and
 * precisions are the mantissa/exponent octets (centimetres), latitude and
 * longitude are thousandths of an arc second offset by 2^31, altitude is
 * centimetres above a base 100,000 m below the WGS 84 spheroid.
 */
export interface LOCRdata {
  type: 'LOC';
  version: number;
  size: number;
  horizontalPrecision: number;
  verticalPrecision: number;
  latitude: number;
  longitude: number;
  altitude: number;
}

const EQUATOR = 0x80000000;
const ALTITUDE_BASE = 10000000;
const POWERS = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/** Latitude within ±90° and longitude within ±180° of the 2^31 origin, as BIND checks on the wire. */
function checkAngle(raw: number, maxDegrees: number, field: string): number {
  if (Math.abs(raw - EQUATOR) > maxDegrees * 3600000) throw new RdataError(`LOC ${field} out of range`);
  return raw;
}

function checkPrecision(octet: number, field: string): number {
  // RFC 1876 §2: mantissa and exponent are each 0..9.
  if (octet >> 4 > 9 || (octet & 0xf) > 9)
    throw new RdataError(`LOC ${field}: bad mantissa/exponent 0x${octet.toString(16)}`);
  return octet;
}

/** Centimetres encoded as mantissa/exponent, truncating like BIND. */
function encodePrecision(cm: number): number {
  let exponent = 0;
  while (exponent < 9 && cm >= POWERS[exponent + 1]) exponent++;
  const mantissa = Math.floor(cm / POWERS[exponent]);
  return (mantissa << 4) | exponent;
}

/** BIND prints whole metres as `Nm`, smaller values as `0.NNm`. */
function precisionToText(octet: number): string {
  const mantissa = octet >> 4;
  const exponent = octet & 0xf;
  if (exponent >= 2) return `${mantissa * POWERS[exponent - 2]}m`;
  return `0.${(mantissa * POWERS[exponent]).toString().padStart(2, '0')}m`;
}

/** Metres with up to two decimals, optional `m`, into centimetres. */
function metresFromText(text: string, field: string, signed: boolean): number {
  const m = (signed ? /^(-?)(\d+)(?:\.(\d{1,2}))?m?$/ : /^()(\d+)(?:\.(\d{1,2}))?m?$/).exec(text);
  if (!m) throw new RdataError(`LOC ${field}: bad distance '${text}'`);
  const cm = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cm : cm;
}

function angleToText(raw: number, positive: string, negative: string): string {
  let value = raw - EQUATOR;
  const hemisphere = value < 0 ? negative : positive;
  value = Math.abs(value);
  const thousandths = value % 1000;
  value = Math.floor(value / 1000);
  const seconds = value % 60;
  value = Math.floor(value / 60);
  const minutes = value % 60;
  const degrees = Math.floor(value / 60);
  return `${degrees} ${minutes} ${seconds}.${thousandths.toString().padStart(3, '0')} ${hemisphere}`;
}

/** `d [m [s.sss]] N|S` (or E|W): degrees, optional minutes and seconds, then the hemisphere. */
function angleFromText(t: TextCursor, positive: string, negative: string, maxDegrees: number): number {
  const field = positive === 'N' ? 'latitude' : 'longitude';
  const parts: string[] = [];
  let hemisphere = '';
  while (parts.length <= 3) {
    const text = t.text(field).toUpperCase();
    if (text === positive || text === negative) {
      hemisphere = text;
      break;
    }
    parts.push(text);
  }
  if (hemisphere === '' || parts.length === 0) t.fail(`bad ${field}`);
  const degrees = Number(parts[0]);
  const minutes = parts.length > 1 ? Number(parts[1]) : 0;
  const secMatch = parts.length > 2 ? /^(\d+)(?:\.(\d{1,3}))?$/.exec(parts[2]) : ['0', '0', ''];
  if (
    !/^\d+$/.test(parts[0]) ||
    (parts.length > 1 && !/^\d+$/.test(parts[1])) ||
    !secMatch ||
    degrees > maxDegrees ||
    minutes > 59 ||
    Number(secMatch[1]) > 59
  ) {
    t.fail(`bad ${field}`);
  }
  const ms =
    ((degrees * 60 + minutes) * 60 + Number(secMatch[1])) * 1000 + Number((secMatch[2] ?? '').padEnd(3, '0'));
  if (ms > maxDegrees * 3600000) t.fail(`${field} out of range`);
  return hemisphere === positive ? EQUATOR + ms : EQUATOR - ms;
}

export const locCodec: RdataCodec<LOCRdata> = {
  type: 'LOC',
  decode: (r) => {
    const version = r.u8();
    if (version !== 0) r.fail(`unsupported LOC version ${version}`);
    return {
      type: 'LOC',
      version,
      size: checkPrecision(r.u8(), 'size'),
      horizontalPrecision: checkPrecision(r.u8(), 'horizontal precision'),
      verticalPrecision: checkPrecision(r.u8(), 'vertical precision'),
      latitude: checkAngle(r.u32(), 90, 'latitude'),
      longitude: checkAngle(r.u32(), 180, 'longitude'),
      altitude: r.u32(),
    };
  },
  encode: (v, b) => {
    b.u8(v.version);
    b.u8(checkPrecision(v.size, 'size'));
    b.u8(checkPrecision(v.horizontalPrecision, 'horizontal precision'));
    b.u8(checkPrecision(v.verticalPrecision, 'vertical precision'));
    b.u32(checkAngle(v.latitude, 90, 'latitude'));
    b.u32(checkAngle(v.longitude, 180, 'longitude'));
    b.u32(v.altitude);
  },
  toText: (v) => {
    const below = v.altitude < ALTITUDE_BASE;
    const alt = below ? ALTITUDE_BASE - v.altitude : v.altitude - ALTITUDE_BASE;
    const altitude = `${below ? '-' : ''}${Math.floor(alt / 100)}.${(alt % 100).toString().padStart(2, '0')}m`;
    return (
      `${angleToText(v.latitude, 'N', 'S')} ${angleToText(v.longitude, 'E', 'W')} ${altitude} ` +
      `${precisionToText(v.size)} ${precisionToText(v.horizontalPrecision)} ${precisionToText(v.verticalPrecision)}`
    );
  },
  fromText: (t) => {
    const latitude = angleFromText(t, 'N', 'S', 90);
    const longitude = angleFromText(t, 'E', 'W', 180);
    const altitudeCm = metresFromText(t.text('altitude'), 'altitude', true);
    if (altitudeCm < -ALTITUDE_BASE || altitudeCm > 0xffffffff - ALTITUDE_BASE)
      t.fail('altitude out of range');
    // Defaults from RFC 1876 Appendix A: size 1 m, horizontal 10 km, vertical 10 m.
    const precision = (field: string, fallback: number): number => {
      if (!t.more()) return fallback;
      const cm = metresFromText(t.text(field), field, false);
      if (cm > 9000000000) t.fail(`${field} out of range`);
      return encodePrecision(cm);
    };
    const size = precision('size', 0x12);
    const horizontalPrecision = precision('horizontal precision', 0x16);
    const verticalPrecision = precision('vertical precision', 0x13);
    return {
      type: 'LOC',
      version: 0,
      size,
      horizontalPrecision,
      verticalPrecision,
      latitude,
      longitude,
      altitude: altitudeCm + ALTITUDE_BASE,
    };
  },
};
