/**
 * The generated bindings are committed (ARCHITECTURE.md, "Tool choices"): regenerating them
 * from proto/ into a temporary directory must give exactly what is in the tree, or a schema
 * change was committed without its code.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { REPO_ROOT, tempDir } from '../harness/index.js';

const run = promisify(execFile);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('libs/*/src/gen is what scripts/gen-proto.sh makes from proto/', async (t) => {
  const out = tempDir('proto');
  try {
    const targets: Record<string, string> = {
      OUT_EVENTS: join(out, 'events'),
      OUT_ADMIN: join(out, 'admin'),
    };
    const committed: Record<string, string> = {
      OUT_EVENTS: join(REPO_ROOT, 'libs/events/src/gen'),
      OUT_ADMIN: join(REPO_ROOT, 'libs/admin-api/src/gen'),
    };
    // Further generated trees (added as the schema grows) follow the same OUT_* convention.
    const script = readFileSync(join(REPO_ROOT, 'scripts/gen-proto.sh'), 'utf8');
    for (const m of script.matchAll(/^(OUT_[A-Z_]+)=\$\{\1:-\.\.\/([^}]+)\}/gm)) {
      if (!targets[m[1]]) {
        targets[m[1]] = join(out, m[1].toLowerCase());
        committed[m[1]] = join(REPO_ROOT, m[2]);
      }
    }
    await run('bash', [join(REPO_ROOT, 'scripts/gen-proto.sh')], {
      env: { ...process.env, ...targets },
      timeout: 120_000,
    });
    for (const [name, dir] of Object.entries(targets)) {
      const fresh = files(dir)
        .map((f) => relative(dir, f))
        .sort();
      const inTree = files(committed[name])
        .map((f) => relative(committed[name], f))
        .sort();
      t.deepEqual(fresh, inTree, `${name}: the same files`);
      for (const f of fresh) {
        t.is(
          readFileSync(join(dir, f), 'utf8'),
          readFileSync(join(committed[name], f), 'utf8'),
          `${name}/${f} is stale: run npm run proto`,
        );
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
