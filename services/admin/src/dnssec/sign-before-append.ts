import type { Name } from '@shoal/dns-wire';
import { SignErrorCode } from '@shoal/dnssec-api';
import { ConcurrencyConflictError } from '@shoal/event-store';
import { ChangeSet, type Event, ZoneCreated, zoneSubject } from '@shoal/events';
import type { ZoneMeta } from '@shoal/projection';
import { type SignerClient, SigningRefusedError } from './signer-client.js';

type PlannedEvent = Omit<Event, 'schemaVersion'>;

/**
 * The write path's DNSSEC step (ZoneWriter `prepare`): a ChangeSet of a zone whose settings say
 * signed, or a ZoneCreated with such settings, goes to a signer and comes back with its
 * signatures and chain changes; anything else passes unchanged. So a signed zone's change and
 * its signatures are one event, and nodes never hold one without the other.
 *
 * A signer whose projection is not at the planned sequence answers NOT_READY: after a few
 * tries that becomes a conflict, and the writer re-plans against the newest state.
 */
export function signBeforeAppend(client: SignerClient, attempts = 5) {
  return async (
    event: PlannedEvent,
    context: { zone: Name; meta: ZoneMeta | undefined; expectedSequence: number },
  ): Promise<PlannedEvent> => {
    const body = event.body;
    if (body?.$case === 'zoneCreated') {
      if (!body.zoneCreated.settings?.dnssec?.signed) return event;
      const reply = await client.sign({
        zone: event.zone,
        baseSequence: context.expectedSequence,
        body: { $case: 'zoneCreated', zoneCreated: ZoneCreated.encode(body.zoneCreated).finish() },
      });
      if (reply.body?.$case !== 'zoneCreated')
        throw new SigningRefusedError('signer: no zone in reply', SignErrorCode.SIGN_ERROR_CODE_INTERNAL);
      return {
        ...event,
        body: { $case: 'zoneCreated', zoneCreated: ZoneCreated.decode(reply.body.zoneCreated) },
      };
    }
    if (body?.$case !== 'changeSet' || !context.meta?.settings.dnssec?.signed) return event;
    const encoded = ChangeSet.encode(body.changeSet).finish();
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await client.sign({
          zone: event.zone,
          baseSequence: context.expectedSequence,
          body: { $case: 'changeSet', changeSet: encoded },
        });
        if (reply.body?.$case !== 'changeSet')
          throw new SigningRefusedError(
            'signer: no change set in reply',
            SignErrorCode.SIGN_ERROR_CODE_INTERNAL,
          );
        return { ...event, body: { $case: 'changeSet', changeSet: ChangeSet.decode(reply.body.changeSet) } };
      } catch (error) {
        const notReady =
          error instanceof SigningRefusedError && error.code === SignErrorCode.SIGN_ERROR_CODE_NOT_READY;
        if (!notReady) throw error;
        if (attempt >= attempts) {
          throw new ConcurrencyConflictError(zoneSubject(context.zone.labels), context.expectedSequence, {
            cause: error,
          });
        }
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  };
}
