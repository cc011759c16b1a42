import type { DnssecKey, DnssecKeys, DnssecServiceServer } from '@shoal/admin-api';
import {
  KeyErrorCode,
  type KeyInfo,
  type KeyReply,
  type KeyRequest,
  KeyRole,
  KeyState,
} from '@shoal/dnssec-api';
import { ValidationError, ZoneNotFoundError } from '../errors.js';
import type { GrpcEdge } from '../grpc-call.js';
import type { ZoneAdmin } from '../zone-admin.js';
import { parseZoneName } from '../zone-creation.js';
import type { SignerClient } from './signer-client.js';

const ROLES: Record<string, KeyRole> = {
  ksk: KeyRole.KEY_ROLE_KSK,
  zsk: KeyRole.KEY_ROLE_ZSK,
  csk: KeyRole.KEY_ROLE_CSK,
};
const ROLE_NAMES: Record<number, string> = {
  [KeyRole.KEY_ROLE_KSK]: 'ksk',
  [KeyRole.KEY_ROLE_ZSK]: 'zsk',
  [KeyRole.KEY_ROLE_CSK]: 'csk',
};
const STATE_NAMES: Record<number, string> = {
  [KeyState.KEY_STATE_CREATED]: 'created',
  [KeyState.KEY_STATE_PUBLISHED]: 'published',
  [KeyState.KEY_STATE_ACTIVE]: 'active',
  [KeyState.KEY_STATE_RETIRED]: 'retired',
  [KeyState.KEY_STATE_REMOVED]: 'removed',
};

/**
 * dns.admin.v1.DnssecService: key management, forwarded to the signers (dns.signer.keys), which
 * alone hold private keys. Listing is for every role; changing keys is for admins and for
 * writers of the zone.
 */
export function dnssecService(edge: GrpcEdge, signer: SignerClient, admin: ZoneAdmin): DnssecServiceServer {
  const call = async (zone: string, command: KeyRequest['command'], actor: string): Promise<DnssecKeys> =>
    toKeys(zone, await signer.keys({ zone, actor, command }));
  const write = <T extends { zone: string }>(req: T) => ({ kind: 'write-zone' as const, zone: req.zone });
  return {
    setSigning: edge.unary('SetSigning', write, async (req, ctx) => {
      if (!/^([0-9a-fA-F]{2})*$/.test(req.nsec3Salt) || req.nsec3Salt.length > 510) {
        throw new ValidationError([
          { field: 'nsec3_salt', rule: 'bad-salt', message: 'the salt is hex, at most 255 octets' },
        ]);
      }
      if (req.nsec3Iterations > 500) {
        // RFC 9276 §3.1 asks for 0; validators treat high counts as insecure (§3.2).
        throw new ValidationError([
          { field: 'nsec3_iterations', rule: 'too-many', message: 'at most 500 (RFC 9276 asks for 0)' },
        ]);
      }
      const dnssec = {
        signed: req.signed,
        nsec3: req.nsec3,
        nsec3Iterations: req.nsec3 ? req.nsec3Iterations : 0,
        nsec3Salt: req.nsec3 ? new Uint8Array(Buffer.from(req.nsec3Salt, 'hex')) : new Uint8Array(0),
        nsec3OptOut: req.nsec3 && req.nsec3OptOut,
      };
      const outcome = await admin.writeSettings(
        parseZoneName(req.zone),
        ctx.caller(req.options),
        (settings) => ({ ...settings, dnssec }),
        ':dnssec',
      );
      return { sequence: outcome.sequence, serial: outcome.serial, duplicate: outcome.duplicate };
    }),
    listKeys: edge.unary(
      'ListKeys',
      () => ({ kind: 'read' }),
      (req, ctx) => call(req.zone, { $case: 'list', list: {} }, ctx.principal.name),
    ),
    generateKey: edge.unary('GenerateKey', write, (req, ctx) =>
      call(
        req.zone,
        {
          $case: 'generate',
          generate: { role: role(req.role), algorithm: req.algorithm, activate: req.activate },
        },
        ctx.principal.name,
      ),
    ),
    activateKey: edge.unary('ActivateKey', write, (req, ctx) =>
      call(req.zone, { $case: 'activate', activate: { id: req.id, force: false } }, ctx.principal.name),
    ),
    retireKey: edge.unary('RetireKey', write, (req, ctx) =>
      call(req.zone, { $case: 'retire', retire: { id: req.id, force: req.force } }, ctx.principal.name),
    ),
    deleteKey: edge.unary('DeleteKey', write, (req, ctx) =>
      call(req.zone, { $case: 'delete', delete: { id: req.id, force: req.force } }, ctx.principal.name),
    ),
    rolloverKey: edge.unary('RolloverKey', write, (req, ctx) =>
      call(req.zone, { $case: 'rollover', rollover: { role: role(req.role) } }, ctx.principal.name),
    ),
    markDsSeen: edge.unary('MarkDsSeen', write, (req, ctx) =>
      call(req.zone, { $case: 'dsSeen', dsSeen: { id: req.id, force: false } }, ctx.principal.name),
    ),
  };
}

function role(text: string): KeyRole {
  const found = ROLES[text.toLowerCase()];
  if (found === undefined) {
    throw new ValidationError([
      { field: 'role', rule: 'bad-role', message: `${JSON.stringify(text)} is not ksk, zsk or csk` },
    ]);
  }
  return found;
}

/** The signer's reply as the API's keys, or its refusal as the admin's errors (and so gRPC codes). */
function toKeys(zone: string, reply: KeyReply): DnssecKeys {
  if (reply.error) {
    if (
      reply.errorCode === KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND &&
      /zone .* does not exist/.test(reply.error)
    ) {
      throw new ZoneNotFoundError(zone);
    }
    // Unknown key ids and refused transitions are the request's fault: INVALID_ARGUMENT, with the reason.
    const rule =
      reply.errorCode === KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND
        ? 'no-such-key'
        : reply.errorCode === KeyErrorCode.KEY_ERROR_CODE_FAILED_PRECONDITION
          ? 'key-state'
          : reply.errorCode === KeyErrorCode.KEY_ERROR_CODE_INVALID
            ? 'invalid'
            : undefined;
    if (rule) throw new ValidationError([{ field: 'id', rule, message: reply.error }]);
    throw new Error(`signer: ${reply.error}`);
  }
  return { keys: reply.keys.map(toKey) };
}

function toKey(info: KeyInfo): DnssecKey {
  return {
    zone: info.zone,
    id: info.id,
    role: ROLE_NAMES[info.role] ?? 'unknown',
    algorithm: info.algorithm,
    keyTag: info.keyTag,
    state: STATE_NAMES[info.state] ?? 'unknown',
    dnskey: info.dnskey,
    ds: info.ds,
    created: info.created,
    publish: info.publish,
    activate: info.activate,
    retire: info.retire,
    remove: info.remove,
    dsSeen: info.dsSeen,
    successor: info.successor,
    predecessor: info.predecessor,
  };
}
