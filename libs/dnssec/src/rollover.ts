import { Algorithm } from './algorithm.js';
import { DnssecError } from './errors.js';
import type { KeyRole } from './signing-key.js';

/**
 * The timeline of one key (RFC 7583 §3.1): when it enters the DNSKEY RRset, when it starts and
 * stops signing, when it leaves the RRset. Seconds since 1970; undefined means not (yet)
 * scheduled. The state at any moment follows from these times alone, so that any signer
 * holding the same key records reaches the same decisions.
 */
export interface KeyTimeline {
  id: string;
  role: KeyRole;
  algorithm: number;
  keyTag: number;
  created: number;
  publish?: number;
  activate?: number;
  retire?: number;
  remove?: number;
  /** When the parent was seen to hold a DS for this key (KSK and CSK only). */
  dsSeen?: number;
  /** The key replacing this one, and the one this one replaces, in a rollover. */
  successor?: string;
  predecessor?: string;
}

export type KeyState = 'created' | 'published' | 'active' | 'retired' | 'removed';

/** Durations are seconds. See the README's timeline for how each one is used. */
export interface RolloverPolicy {
  /** 'ksk-zsk': a KSK signs the DNSKEY RRset and a ZSK the rest; 'csk': one key signs everything. */
  scheme: 'ksk-zsk' | 'csk';
  algorithm: number;
  /** TTL of the DNSKEY RRset. */
  dnskeyTtl: number;
  /** Largest TTL in the zone: how long a signature may stay in caches. */
  maxZoneTtl: number;
  /** Time for a change to reach every secondary and node (Dprp, RFC 7583 §3.3). */
  propagationDelay: number;
  /** Margins added when publishing and retiring (RFC 7583 §3.3 Ipub, Iret). */
  publishSafety: number;
  retireSafety: number;
  /** TTL of the DS RRset at the parent, and the parent's propagation delay. */
  parentDsTtl: number;
  parentPropagationDelay: number;
  /** A ZSK (or CSK in the 'csk' scheme) is rolled this long after it became active; 0: only by hand. */
  zskLifetime: number;
  /** Likewise for KSKs; 0: only by hand. */
  kskLifetime: number;
}

export const DEFAULT_ROLLOVER_POLICY: RolloverPolicy = Object.freeze({
  scheme: 'ksk-zsk',
  algorithm: Algorithm.ECDSAP256SHA256,
  dnskeyTtl: 3600,
  maxZoneTtl: 86400,
  propagationDelay: 300,
  publishSafety: 3600,
  retireSafety: 3600,
  parentDsTtl: 86400,
  parentPropagationDelay: 3600,
  zskLifetime: 90 * 86400,
  kskLifetime: 0,
});

export class RolloverError extends DnssecError {
  override name = 'RolloverError';
}

/** Ipub (RFC 7583 §3.3.1): a new DNSKEY is in every cache this long after it is published. */
export function publishInterval(policy: RolloverPolicy): number {
  return policy.dnskeyTtl + policy.propagationDelay + policy.publishSafety;
}

/** Iret (RFC 7583 §3.3.1): signatures by a retired key are out of every cache this long after. */
export function retireInterval(policy: RolloverPolicy): number {
  return Math.max(policy.maxZoneTtl, policy.dnskeyTtl) + policy.propagationDelay + policy.retireSafety;
}

export function isPublished(key: KeyTimeline, now: number): boolean {
  return key.publish !== undefined && key.publish <= now && !(key.remove !== undefined && key.remove <= now);
}

export function isSigning(key: KeyTimeline, now: number): boolean {
  return (
    isPublished(key, now) &&
    key.activate !== undefined &&
    key.activate <= now &&
    !(key.retire !== undefined && key.retire <= now)
  );
}

export function keyState(key: KeyTimeline, now: number): KeyState {
  if (key.remove !== undefined && key.remove <= now) return 'removed';
  if (!isPublished(key, now)) return 'created';
  if (isSigning(key, now)) return 'active';
  if (key.retire !== undefined && key.retire <= now) return 'retired';
  return 'published';
}

const signsKeys = (key: KeyTimeline) => key.role === 'ksk' || key.role === 'csk';
const signsZone = (key: KeyTimeline) => key.role === 'zsk' || key.role === 'csk';

/** Which keys do what at `now`: the input of the zone signer. */
export interface KeyDecision {
  published: KeyTimeline[];
  zoneSigners: KeyTimeline[];
  keySigners: KeyTimeline[];
  /** Keys to publish as CDS/CDNSKEY for the parent (RFC 7344 §4). */
  parentKeys: KeyTimeline[];
}

export function decideKeys(keys: readonly KeyTimeline[], policy: RolloverPolicy, now: number): KeyDecision {
  const published = keys.filter((k) => isPublished(k, now));
  const signing = keys.filter((k) => isSigning(k, now));
  const keySigners = signing.filter(signsKeys);
  // CDS names a key once its DNSKEY has reached every cache, and drops a key on its way out,
  // so the parent moves to the successor (RFC 7344 §4.1, RFC 6781 §4.1.2).
  let parentKeys = keySigners.filter(
    (k) => k.retire === undefined && (k.publish ?? now) + publishInterval(policy) <= now,
  );
  parentKeys = parentKeys.filter((k) => {
    const successor = k.successor ? keys.find((s) => s.id === k.successor) : undefined;
    return successor?.dsSeen === undefined;
  });
  if (parentKeys.length === 0) parentKeys = keySigners.filter((k) => k.retire === undefined);
  return { published, zoneSigners: signing.filter(signsZone), keySigners, parentKeys };
}

/** What the automation wants done to the key records. */
export type RolloverAction =
  | {
      kind: 'generate';
      role: KeyRole;
      algorithm: number;
      publish: number;
      activate: number;
      predecessor?: string;
    }
  | { kind: 'update'; id: string; set: Partial<Pick<KeyTimeline, 'retire' | 'remove' | 'successor'>> };

/**
 * One step of the rollover automation at `now` (RFC 6781 §4.1, RFC 7583 §3):
 *
 * - No key signing a role yet: generate one, published and active at once (a zone being signed
 *   for the first time has no DS at its parent, so nothing can fail).
 * - ZSK pre-publication: `publishInterval` before the ZSK's lifetime ends, a successor is
 *   published; it becomes active, and the old key retires, when that interval has passed; the
 *   old key stays published for `retireInterval` more, while its signatures age out of caches.
 * - KSK (or CSK) double signature: at the end of its lifetime a successor is published and signs
 *   the DNSKEY RRset (a CSK: everything) beside the old key; once the parent's DS for the
 *   successor is seen, the old key leaves after the parent's DS TTL and propagation delay (and
 *   never before the successor's DNSKEY has reached every cache).
 *
 * Returns the actions; the caller applies them and calls again until there are none.
 */
export function planRollover(
  keys: readonly KeyTimeline[],
  policy: RolloverPolicy,
  now: number,
): RolloverAction[] {
  const roles: KeyRole[] = policy.scheme === 'csk' ? ['csk'] : ['ksk', 'zsk'];
  const actions: RolloverAction[] = [];
  const ipub = publishInterval(policy);
  for (const role of roles) {
    const mine = keys.filter((k) => k.role === role && k.algorithm === policy.algorithm);
    const live = mine.filter((k) => k.remove === undefined || k.remove > now);
    const scheduled = live.filter(
      (k) => k.activate !== undefined && (k.retire === undefined || k.retire > now),
    );
    if (scheduled.length === 0) {
      actions.push({ kind: 'generate', role, algorithm: policy.algorithm, publish: now, activate: now });
      continue;
    }
    for (const key of scheduled) {
      if (key.activate! > now || key.retire !== undefined) continue;
      const lifetime = role === 'ksk' ? policy.kskLifetime : policy.zskLifetime;
      const successor = key.successor ? keys.find((k) => k.id === key.successor) : undefined;
      if (successor === undefined && lifetime > 0) {
        const preroll = role === 'zsk' ? ipub : 0;
        if (key.activate! + lifetime - preroll <= now) actions.push(...startRollover(key, policy, now));
        continue;
      }
      if (successor !== undefined && role !== 'zsk' && successor.dsSeen !== undefined) {
        // Double signature: the old key goes once every cached DS RRset names the successor.
        const out = Math.max(
          successor.dsSeen + policy.parentDsTtl + policy.parentPropagationDelay,
          (successor.publish ?? now) + ipub,
        );
        actions.push({ kind: 'update', id: key.id, set: { retire: out, remove: out } });
      }
    }
  }
  return actions;
}

/** The actions that start rolling `key` now (the automation's, or an operator's `rollover`). */
export function startRollover(key: KeyTimeline, policy: RolloverPolicy, now: number): RolloverAction[] {
  if (key.successor !== undefined) throw new RolloverError(`key ${key.id} is already being rolled`);
  if (key.role === 'zsk') {
    const activate = now + publishInterval(policy);
    return [
      {
        kind: 'generate',
        role: 'zsk',
        algorithm: key.algorithm,
        publish: now,
        activate,
        predecessor: key.id,
      },
      { kind: 'update', id: key.id, set: { retire: activate, remove: activate + retireInterval(policy) } },
    ];
  }
  return [
    {
      kind: 'generate',
      role: key.role,
      algorithm: key.algorithm,
      publish: now,
      activate: now,
      predecessor: key.id,
    },
  ];
}

/**
 * An operator's `activate`: publish now, and sign at once when no other key of the role is
 * signing (nothing cached can miss it), else after the publish interval (pre-publication).
 */
export function activationTimes(
  key: KeyTimeline,
  keys: readonly KeyTimeline[],
  policy: RolloverPolicy,
  now: number,
): Pick<KeyTimeline, 'publish' | 'activate'> {
  const publish = key.publish !== undefined && key.publish <= now ? key.publish : now;
  const others = keys.filter((k) => k.id !== key.id && k.role === key.role && isSigning(k, now));
  const activate = others.length === 0 ? now : Math.max(now, publish + publishInterval(policy));
  return { publish, activate };
}

/** An operator's `retire`: stop signing now, leave the DNSKEY RRset after the retire interval. */
export function retirementTimes(
  key: KeyTimeline,
  keys: readonly KeyTimeline[],
  policy: RolloverPolicy,
  now: number,
  force = false,
): Pick<KeyTimeline, 'retire' | 'remove'> {
  const others = keys.filter(
    (k) =>
      k.id !== key.id &&
      (k.role === key.role || k.role === 'csk' || key.role === 'csk') &&
      (isSigning(k, now) ||
        (k.activate !== undefined && k.activate <= now + publishInterval(policy) && k.retire === undefined)),
  );
  if (!force && isSigning(key, now) && others.length === 0) {
    throw new RolloverError(`key ${key.id} is the last ${key.role.toUpperCase()} signing the zone`);
  }
  return { retire: now, remove: now + retireInterval(policy) };
}

/** Time of the next change of state among `keys` after `now`, for the scheduler. */
export function nextKeyEvent(keys: readonly KeyTimeline[], now: number): number | undefined {
  let next: number | undefined;
  for (const key of keys) {
    for (const t of [key.publish, key.activate, key.retire, key.remove]) {
      if (t !== undefined && t > now && (next === undefined || t < next)) next = t;
    }
  }
  return next;
}
