import type { RRsetComments as ApiRRsetComments } from '@shoal/admin-api';
import { Name, rrTypeToString } from '@shoal/dns-wire';
import type { ZoneSettings } from '@shoal/events';

/** RRset comments as the event schema keeps them (ZoneSettings.rrset_comments). */
export type StoredRRsetComments = ZoneSettings['rrsetComments'][number];
export type StoredComment = StoredRRsetComments['comments'][number];

export interface CommentInput {
  content: string;
  account: string;
  /** Seconds since 1970; 0: now. */
  modifiedAt: number;
}

/** One requested comment change: the RRset's comments become `comments` (empty: none). */
export interface CommentChange {
  owner: Name;
  type: number;
  comments: CommentInput[];
}

function sameOwner(stored: StoredRRsetComments, owner: Name, type: number): boolean {
  return stored.type === type && Name.fromWire(stored.owner).key === owner.key;
}

/**
 * The RRset comments after applying `changes`, or undefined when they are unchanged (so no
 * ZoneSettingsChanged event is needed). RRsets left without comments are dropped.
 */
export function applyCommentChanges(
  current: readonly StoredRRsetComments[],
  changes: readonly CommentChange[],
  nowSeconds: number,
): StoredRRsetComments[] | undefined {
  let next = [...current];
  let changed = false;
  for (const change of changes) {
    const existing = next.find((c) => sameOwner(c, change.owner, change.type));
    const comments: StoredComment[] = change.comments.map((c) => ({
      content: c.content,
      account: c.account,
      modifiedAt: c.modifiedAt || nowSeconds,
    }));
    if (!existing && comments.length === 0) continue;
    if (existing && JSON.stringify(existing.comments.map(plain)) === JSON.stringify(comments.map(plain)))
      continue;
    changed = true;
    next = next.filter((c) => c !== existing);
    if (comments.length) next.push({ owner: change.owner.toWire(), type: change.type, comments });
  }
  return changed ? next : undefined;
}

function plain(c: StoredComment): [string, string, number] {
  return [c.content, c.account, c.modifiedAt];
}

/** The comments of one RRset. */
export function commentsOf(settings: ZoneSettings, owner: Name, type: number): StoredComment[] {
  return settings.rrsetComments.find((c) => sameOwner(c, owner, type))?.comments ?? [];
}

export function commentsToApi(settings: ZoneSettings): ApiRRsetComments[] {
  return settings.rrsetComments.map((c) => ({
    name: Name.fromWire(c.owner).toString(),
    type: rrTypeToString(c.type),
    comments: c.comments.map((x) => ({ content: x.content, account: x.account, modifiedAt: x.modifiedAt })),
  }));
}
