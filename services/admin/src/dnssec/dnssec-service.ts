import type { DnssecKey, DnssecKeys, DnssecServiceServer } from '@shoal/admin-api';
import {
  KeyErrorCode,
  type KeyInfo,
  type KeyReply,
  type KeyRequest,
  KeyRole,
  KeyState,
} from '@shoal/dnssec-api';
import type { DnssecSettings } from '@shoal/events';
import { ValidationError, ZoneNotFoundError } from '../errors.js';
import type { GrpcEdge } from '../grpc-call.js';
import type { Caller, ZoneAdmin } from '../zone-admin.js';
import { parseZoneName } from '../zone-creation.js';
import type { WriteOutcome } from '../zone-writer.js';
import { KeyCommandRefusedError, type SignerClient } from './signer-client.js';

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

/** What SetSigning asks for (and the PowerDNS API's `dnssec` / `nsec3param`, translated). */
export interface SigningRequest {
  signed: boolean;
  nsec3: boolean;
  nsec3Iterations: number;
  /** Hex, empty for none. */
  nsec3Salt: string;
  nsec3OptOut: boolean;
}

/** The zone settings' `dnssec` for a request, or the rules it breaks (ValidationError). */
export function signingSettings(req: SigningRequest): DnssecSettings {
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
  return {
    signed: req.signed,
    nsec3: req.nsec3,
    nsec3Iterations: req.nsec3 ? req.nsec3Iterations : 0,
    nsec3Salt: req.nsec3 ? new Uint8Array(Buffer.from(req.nsec3Salt, 'hex')) : new Uint8Array(0),
    nsec3OptOut: req.nsec3 && req.nsec3OptOut,
  };
}

/**
 * Key management and signing settings, as both APIs offer them: dns.admin.v1.DnssecService and
 * the PowerDNS API's cryptokeys and `dnssec` zone field. Key commands are forwarded to the
 * signers (dns.signer.keys), which alone hold private keys; signing settings are one
 * ZoneSettingsChanged through the ZoneAdmin's write path.
 */
export class DnssecAdmin {
  constructor(
    private readonly signer: SignerClient,
    private readonly admin: ZoneAdmin,
  ) {}

  /** Turns online signing on or off and chooses the chain: one ZoneSettingsChanged. */
  setSigning(zone: string, req: SigningRequest, caller: Caller): Promise<WriteOutcome> {
    const dnssec = signingSettings(req);
    return this.admin.writeSettings(
      parseZoneName(zone),
      caller,
      (settings) => ({ ...settings, dnssec }),
      ':dnssec',
    );
  }

  listKeys(zone: string, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'list', list: {} }, actor, 'zone');
  }

  /** A new key of `role` (ksk, zsk, csk); algorithm 0: the signers' policy. Listed first. */
  generateKey(
    zone: string,
    req: { role: string; algorithm: number; activate: boolean },
    actor: string,
  ): Promise<DnssecKeys> {
    return this.#call(
      zone,
      {
        $case: 'generate',
        generate: { role: role(req.role), algorithm: req.algorithm, activate: req.activate },
      },
      actor,
      'algorithm',
    );
  }

  activateKey(zone: string, id: string, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'activate', activate: { id, force: false } }, actor, 'id');
  }

  retireKey(zone: string, id: string, force: boolean, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'retire', retire: { id, force } }, actor, 'id');
  }

  deleteKey(zone: string, id: string, force: boolean, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'delete', delete: { id, force } }, actor, 'id');
  }

  rolloverKey(zone: string, roleName: string, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'rollover', rollover: { role: role(roleName) } }, actor, 'role');
  }

  markDsSeen(zone: string, id: string, actor: string): Promise<DnssecKeys> {
    return this.#call(zone, { $case: 'dsSeen', dsSeen: { id, force: false } }, actor, 'id');
  }

  async #call(
    zone: string,
    command: KeyRequest['command'],
    actor: string,
    field: string,
  ): Promise<DnssecKeys> {
    return toKeys(zone, await this.signer.keys({ zone, actor, command }), field);
  }
}

/**
 * dns.admin.v1.DnssecService over DnssecAdmin. Listing is for every role; changing keys is for
 * admins and for writers of the zone.
 */
export function dnssecService(edge: GrpcEdge, dnssec: DnssecAdmin): DnssecServiceServer {
  const write = <T extends { zone: string }>(req: T) => ({ kind: 'write-zone' as const, zone: req.zone });
  return {
    setSigning: edge.unary('SetSigning', write, async (req, ctx) => {
      const outcome = await dnssec.setSigning(req.zone, req, ctx.caller(req.options));
      return { sequence: outcome.sequence, serial: outcome.serial, duplicate: outcome.duplicate };
    }),
    listKeys: edge.unary(
      'ListKeys',
      () => ({ kind: 'read' }),
      (req, ctx) => dnssec.listKeys(req.zone, ctx.principal.name),
    ),
    generateKey: edge.unary('GenerateKey', write, (req, ctx) =>
      dnssec.generateKey(req.zone, req, ctx.principal.name),
    ),
    activateKey: edge.unary('ActivateKey', write, (req, ctx) =>
      dnssec.activateKey(req.zone, req.id, ctx.principal.name),
    ),
    retireKey: edge.unary('RetireKey', write, (req, ctx) =>
      dnssec.retireKey(req.zone, req.id, req.force, ctx.principal.name),
    ),
    deleteKey: edge.unary('DeleteKey', write, (req, ctx) =>
      dnssec.deleteKey(req.zone, req.id, req.force, ctx.principal.name),
    ),
    rolloverKey: edge.unary('RolloverKey', write, (req, ctx) =>
      dnssec.rolloverKey(req.zone, req.role, ctx.principal.name),
    ),
    markDsSeen: edge.unary('MarkDsSeen', write, (req, ctx) =>
      dnssec.markDsSeen(req.zone, req.id, ctx.principal.name),
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

/**
 * The signer's reply as the API's keys, or its refusal as the admin's errors (and so gRPC codes
 * and HTTP statuses): an unknown zone is ZoneNotFoundError; a request the signer finds invalid
 * (an unsupported algorithm, a DS for a ZSK) a ValidationError naming `field`; the rest keep the
 * signer's code (KeyCommandRefusedError: unknown key, refused state change, signer failure).
 */
function toKeys(zone: string, reply: KeyReply, field: string): DnssecKeys {
  if (reply.error) {
    const code = reply.errorCode;
    if (code === KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND && /zone .* does not exist/.test(reply.error)) {
      throw new ZoneNotFoundError(zone);
    }
    if (code === KeyErrorCode.KEY_ERROR_CODE_INVALID) {
      throw new ValidationError([{ field, rule: 'invalid', message: reply.error }]);
    }
    throw new KeyCommandRefusedError(reply.error, code);
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
