#!/usr/bin/env node
// Compiles native/batched_udp.c into build/batched_udp.node against the running Node's own
// headers (node_api.h and the uv.h of the libuv built into this node binary). No node-gyp and no
// install script: one C file, one compiler call, run by scripts/setup.sh after tsc.
// Rebuilds only when the source or the node binary is newer than the addon.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'native', 'batched_udp.c');
const output = join(here, 'build', 'batched_udp.node');

const candidates = [
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  join(dirname(process.execPath), '..', 'include', 'node'),
].filter(Boolean);
const include = candidates.find(
  (dir) => existsSync(join(dir, 'node_api.h')) && existsSync(join(dir, 'uv.h')),
);
if (include === undefined) {
  console.error(
    `batched-udp: Node's C headers (node_api.h, uv.h) not found in ${candidates.join(' or ')}; ` +
      'install the headers of this Node.js version (they come with the nodejs package, or set npm_config_nodedir).',
  );
  process.exit(1);
}

const newer = (a, b) => statSync(a).mtimeMs > statSync(b).mtimeMs;
if (existsSync(output) && !newer(source, output) && !newer(process.execPath, output)) process.exit(0);

mkdirSync(dirname(output), { recursive: true });
const compiler = process.env.CC || 'cc';
try {
  execFileSync(
    compiler,
    [
      '-O2',
      '-std=gnu11',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-Wno-unused-parameter',
      '-fPIC',
      '-shared',
      '-fvisibility=hidden',
      '-DNAPI_VERSION=8',
      '-DNODE_GYP_MODULE_NAME=batched_udp',
      `-I${include}`,
      '-o',
      output,
      source,
    ],
    { stdio: 'inherit' },
  );
} catch (error) {
  console.error(
    `batched-udp: compiling with ${compiler} failed (${error.message}); is a C compiler installed?`,
  );
  process.exit(1);
}
console.log('batched-udp: built build/batched_udp.node');
