import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { ConfigError } from './config.js';

/** The POSIX credential calls, which Node defines only on POSIX systems. */
function posix(): Required<Pick<NodeJS.Process, 'setuid' | 'setgid' | 'seteuid' | 'setegid' | 'setgroups'>> {
  const p = process as Required<NodeJS.Process>;
  if (!p.setuid) throw new Error('dropping privileges needs a POSIX system');
  return p;
}

export interface Identity {
  user: string;
  uid: number;
  gid: number;
}

/** uid and primary gid of a user, and the gid of a group, through NSS (`id`, `getent`), so LDAP users work too. */
export function resolveIdentity(user: string, group?: string): Identity {
  const lookup = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const uid = /^\d+$/.test(user) ? Number(user) : Number(lookup('id', ['-u', user]) ?? Number.NaN);
  if (!Number.isInteger(uid)) throw new ConfigError(`user: no such user ${JSON.stringify(user)}`);
  let gid: number;
  if (group === undefined) {
    gid = Number(lookup('id', ['-g', user]) ?? Number.NaN);
  } else if (/^\d+$/.test(group)) {
    gid = Number(group);
  } else {
    gid = Number(lookup('getent', ['group', group])?.split(':')[2] ?? Number.NaN);
  }
  if (!Number.isInteger(gid))
    throw new ConfigError(`group: no such group ${JSON.stringify(group ?? `of user ${user}`)}`);
  return { user, uid, gid };
}

/**
 * Least privilege for a node started as root: files are created as the service user (the
 * store is opened under its effective ids), port 53 is bound as root, then every id and
 * supplementary group is switched for good, which also clears every capability. A node
 * started unprivileged (systemd with AmbientCapabilities=CAP_NET_BIND_SERVICE) needs none
 * of this and runs with `user` unset, or set to the user it already is.
 */
export class Privileges {
  readonly target?: Identity;

  constructor(user: string | undefined, group: string | undefined) {
    if (user === undefined) return;
    const target = resolveIdentity(user, group);
    const uid = process.getuid?.();
    if (uid === target.uid && process.getgid?.() === target.gid) return;
    if (uid !== 0) {
      throw new ConfigError(
        `user: switching to ${user} needs root (running as uid ${uid}); start as root, or run as ${user} with CAP_NET_BIND_SERVICE and leave user unset`,
      );
    }
    this.target = target;
  }

  /** Runs `work` with the target user's effective ids: what it creates belongs to that user. */
  async asTarget<T>(work: () => Promise<T>): Promise<T> {
    const t = this.target;
    if (!t) return work();
    posix().setegid(t.gid);
    posix().seteuid(t.uid);
    try {
      return await work();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') {
        throw new Error(
          `${(err as Error).message}: the data directory must be writable by user ${t.user} (uid ${t.uid})`,
        );
      }
      throw err;
    } finally {
      posix().seteuid(0);
      posix().setegid(0);
    }
  }

  /** Drops root for good (after every privileged socket is bound); returns who we are now. */
  drop(): { uid: number; gid: number; user: string } {
    const t = this.target;
    if (t) {
      const p = posix();
      p.setgroups([t.gid]);
      p.setgid(t.gid);
      p.setuid(t.uid);
      let regained = false;
      try {
        p.setuid(0);
        regained = true;
      } catch {
        // Expected: a process that dropped root cannot take it back.
      }
      if (regained) throw new Error('privilege drop failed: the process could regain root');
    }
    return { uid: process.getuid!(), gid: process.getgid!(), user: t?.user ?? userInfo().username };
  }
}
