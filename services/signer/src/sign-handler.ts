import { Name } from '@shoal/dns-wire';
import { SignErrorCode, type SignReply, SignRequest } from '@shoal/dnssec-api';
import { ChangeSet, ZoneCreated } from '@shoal/events';
import type { StreamFollower } from '@shoal/projection';
import { NotReadyError } from './errors.js';
import { fromEventRecords, toEventRecords } from './records.js';
import { nowSeconds, type SignerCore } from './signer-core.js';

/**
 * dns.signer.sign: the admin's write path hands over a planned ChangeSet (or ZoneCreated) of a
 * signed zone and gets it back with the signatures and chain changes in it, so that one event
 * carries data and signatures and no node ever holds unsigned data of a signed zone.
 *
 * The change is signed against this signer's projection at exactly the sequence the admin
 * planned against: it waits for that sequence, and answers NOT_READY when its projection is
 * elsewhere (the admin re-plans, as on any conflict).
 */
export class SignHandler {
  constructor(
    private readonly core: SignerCore,
    private readonly follower: StreamFollower,
  ) {}

  async handle(data: Uint8Array): Promise<SignReply> {
    let request: SignRequest;
    try {
      request = SignRequest.decode(data);
    } catch (error) {
      return failure(
        SignErrorCode.SIGN_ERROR_CODE_INVALID,
        `unreadable request: ${(error as Error).message}`,
      );
    }
    try {
      return await this.#sign(request);
    } catch (error) {
      if (error instanceof NotReadyError)
        return failure(SignErrorCode.SIGN_ERROR_CODE_NOT_READY, error.message);
      return failure(SignErrorCode.SIGN_ERROR_CODE_INTERNAL, (error as Error).message);
    }
  }

  async #sign(request: SignRequest): Promise<SignReply> {
    const origin = Name.parse(request.zone.endsWith('.') ? request.zone : `${request.zone}.`);
    const now = nowSeconds();
    const body = request.body;
    if (body?.$case === 'zoneCreated') {
      const created = ZoneCreated.decode(body.zoneCreated);
      const signed = await this.core.signNewZone(
        origin,
        created.settings,
        fromEventRecords(created.records),
        now,
      );
      const zoneCreated = ZoneCreated.encode({
        ...created,
        records: toEventRecords(signed.records),
      }).finish();
      return {
        body: { $case: 'zoneCreated', zoneCreated },
        error: '',
        errorCode: 0,
        signatures: signed.signatures,
      };
    }
    if (body?.$case !== 'changeSet') return failure(SignErrorCode.SIGN_ERROR_CODE_INVALID, 'nothing to sign');
    try {
      await this.follower.waitForSequence(request.baseSequence, this.core.config.syncTimeoutMs);
    } catch {
      throw new NotReadyError(`projection has not reached sequence ${request.baseSequence}`);
    }
    const zone = this.core.mirror.get(origin.key);
    if (!zone)
      return failure(SignErrorCode.SIGN_ERROR_CODE_INVALID, `zone ${origin} is unknown to the signer`);
    // The subject's last sequence as the admin sees it: parts of a large event a writer
    // abandoned count too (they are on the subject), though they changed nothing.
    const at = () => this.follower.store.lastSequenceOf(origin.key);
    if (at() !== request.baseSequence) {
      throw new NotReadyError(`zone ${origin} is at sequence ${at()}, not ${request.baseSequence}`);
    }
    const changeSet = ChangeSet.decode(body.changeSet);
    const keys = await this.core.keySet(origin.key, now);
    // Events may have been applied while the keys were read.
    if (at() !== request.baseSequence) {
      throw new NotReadyError(`zone ${origin} moved past sequence ${request.baseSequence}`);
    }
    const change = { removed: fromEventRecords(changeSet.removed), added: fromEventRecords(changeSet.added) };
    const result = this.core.sign(zone.model, zone.meta.settings, keys, now, { change });
    const signed = ChangeSet.encode({
      ...changeSet,
      removed: toEventRecords(result.removed),
      added: toEventRecords(result.added),
    }).finish();
    return {
      body: { $case: 'changeSet', changeSet: signed },
      error: '',
      errorCode: 0,
      signatures: result.signatures,
    };
  }
}

function failure(code: SignErrorCode, error: string): SignReply {
  return { body: undefined, error, errorCode: code, signatures: 0 };
}
