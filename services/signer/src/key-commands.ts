import { Name } from '@shoal/dns-wire';
import {
  activationTimes,
  checkAlgorithm,
  isPublished,
  RolloverError,
  retirementTimes,
  startRollover,
  UnsupportedAlgorithmError,
} from '@shoal/dnssec';
import { KeyErrorCode, type KeyReply, KeyRequest } from '@shoal/dnssec-api';
import { KeyCommandError } from './errors.js';
import { type KeyRecord, keyInfo, roleFromProto } from './key-store.js';
import { nowSeconds, type SignerCore } from './signer-core.js';

export interface KeyCommandResult {
  reply: KeyReply;
  zone?: string;
  /** What changed, for the key event and the zone's maintenance. */
  changed: { record: KeyRecord; change: string }[];
}

/**
 * dns.signer.keys: the operator's key commands, forwarded by the admin. Each changes key
 * records in the bucket only; the maintenance pass that follows publishes the DNSKEY, CDS and
 * CDNSKEY RRsets and the signatures the new timeline asks for.
 */
export class KeyCommands {
  constructor(private readonly core: SignerCore) {}

  async handle(data: Uint8Array): Promise<KeyCommandResult> {
    let request: KeyRequest;
    try {
      request = KeyRequest.decode(data);
    } catch (error) {
      return {
        reply: failure(
          KeyErrorCode.KEY_ERROR_CODE_INVALID,
          `unreadable request: ${(error as Error).message}`,
        ),
        changed: [],
      };
    }
    let zone: string;
    try {
      zone = Name.parse(request.zone.endsWith('.') ? request.zone : `${request.zone}.`).key;
    } catch (error) {
      return {
        reply: failure(KeyErrorCode.KEY_ERROR_CODE_INVALID, `zone: ${(error as Error).message}`),
        changed: [],
      };
    }
    try {
      const changed = await this.#run(zone, request);
      const now = nowSeconds();
      const records = await this.core.keys.list(zone);
      // A generated key is listed first.
      const first = changed.find((c) => c.change === 'generated')?.record.timeline.id;
      records.sort((a, b) => (a.timeline.id === first ? -1 : b.timeline.id === first ? 1 : 0));
      return { reply: { keys: records.map((r) => keyInfo(r, now)), error: '', errorCode: 0 }, zone, changed };
    } catch (error) {
      if (error instanceof KeyCommandError) {
        const code =
          error.code === 'not-found'
            ? KeyErrorCode.KEY_ERROR_CODE_NOT_FOUND
            : error.code === 'invalid'
              ? KeyErrorCode.KEY_ERROR_CODE_INVALID
              : KeyErrorCode.KEY_ERROR_CODE_FAILED_PRECONDITION;
        return { reply: failure(code, error.message), changed: [] };
      }
      if (error instanceof RolloverError) {
        return {
          reply: failure(KeyErrorCode.KEY_ERROR_CODE_FAILED_PRECONDITION, error.message),
          changed: [],
        };
      }
      if (error instanceof UnsupportedAlgorithmError) {
        return { reply: failure(KeyErrorCode.KEY_ERROR_CODE_INVALID, error.message), changed: [] };
      }
      return { reply: failure(KeyErrorCode.KEY_ERROR_CODE_INTERNAL, (error as Error).message), changed: [] };
    }
  }

  async #run(zone: string, request: KeyRequest): Promise<{ record: KeyRecord; change: string }[]> {
    const { keys, config } = this.core;
    const policy = config.rollover;
    const now = nowSeconds();
    const command = request.command;
    if (!command || command.$case === 'list') return [];
    if (!this.core.mirror.get(zone)) throw new KeyCommandError(`zone ${zone} does not exist`, 'not-found');
    const records = await keys.list(zone);
    const timelines = records.map((r) => r.timeline);
    const find = (id: string) => {
      const record = records.find((r) => r.timeline.id === id || String(r.timeline.keyTag) === id);
      if (!record) throw new KeyCommandError(`zone ${zone} has no key ${id}`, 'not-found');
      return record;
    };
    switch (command.$case) {
      case 'generate': {
        const role = roleFromProto(command.generate.role);
        if (!role) throw new KeyCommandError('role must be ksk, zsk or csk', 'invalid');
        const algorithm = command.generate.algorithm || policy.algorithm;
        checkAlgorithm(algorithm);
        const created = await keys.create(zone, role, algorithm, now);
        if (!command.generate.activate) return [{ record: created, change: 'generated' }];
        const times = activationTimes(created.timeline, [...timelines, created.timeline], policy, now);
        return [{ record: await keys.update(created, times), change: 'generated' }];
      }
      case 'activate': {
        const record = find(command.activate.id);
        return [
          {
            record: await keys.update(record, activationTimes(record.timeline, timelines, policy, now)),
            change: 'activated',
          },
        ];
      }
      case 'retire': {
        const record = find(command.retire.id);
        const times = retirementTimes(record.timeline, timelines, policy, now, command.retire.force);
        return [{ record: await keys.update(record, times), change: 'retired' }];
      }
      case 'delete': {
        const record = find(command.delete.id);
        if (isPublished(record.timeline, now) && !command.delete.force) {
          throw new KeyCommandError(
            `key ${record.timeline.id} is in the DNSKEY RRset: retire it first, or force`,
            'failed-precondition',
          );
        }
        await keys.delete(record);
        return [{ record, change: 'deleted' }];
      }
      case 'dsSeen': {
        const record = find(command.dsSeen.id);
        if (record.timeline.role === 'zsk') throw new KeyCommandError('a ZSK has no DS', 'invalid');
        return [{ record: await keys.update(record, { dsSeen: now }), change: 'ds-seen' }];
      }
      case 'rollover': {
        const role = roleFromProto(command.rollover.role);
        const current = records.find(
          (r) =>
            r.timeline.role === role &&
            r.timeline.activate !== undefined &&
            r.timeline.activate <= now &&
            r.timeline.retire === undefined &&
            !r.timeline.successor,
        );
        if (!current)
          throw new KeyCommandError(
            `no active ${role ?? 'key'} without a rollover under way`,
            'failed-precondition',
          );
        const out: { record: KeyRecord; change: string }[] = [];
        let predecessor = current;
        for (const action of startRollover(current.timeline, policy, now)) {
          if (action.kind === 'generate') {
            const created = await keys.create(zone, action.role, action.algorithm, now, {
              publish: action.publish,
              activate: action.activate,
              predecessor: action.predecessor,
            });
            predecessor = await keys.update(predecessor, { successor: created.timeline.id });
            out.push({ record: created, change: 'rollover-started' });
          } else {
            predecessor = await keys.update(predecessor, action.set);
          }
        }
        out.push({ record: predecessor, change: 'scheduled' });
        return out;
      }
    }
    return [];
  }
}

function failure(code: KeyErrorCode, error: string): KeyReply {
  return { keys: [], error, errorCode: code };
}
