#!/usr/bin/env node
// Enforces the dependency rules of ARCHITECTURE.md:
//   services -> libs -> (nothing of ours but other libs); a lib never imports a service;
//   services never import each other; nobody reaches into another package's files
//   (only its door, `@shoal/<name>`); each package declares what it imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const packages = new Map();
for (const tier of ['libs', 'services']) {
  for (const dir of readdirSync(join(root, tier))) {
    const pj = join(root, tier, dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(pj, 'utf8'));
      packages.set(pkg.name, { tier, dir: join(root, tier, dir), pkg });
    } catch {}
  }
}

function* sources(dir) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') continue;
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
for (const [name, { tier, dir, pkg }] of packages) {
  const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
  for (const file of sources(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      const where = relative(root, file);
      if (spec.startsWith('.')) {
        if (spec.includes('/dist/') || /\.\.\/\.\.\/(libs|services)\//.test(spec))
          problems.push(`${where}: relative import leaves the package: ${spec}`);
        continue;
      }
      if (!spec.startsWith('@shoal/')) continue;
      const [scope, base, ...rest] = spec.split('/');
      const target = `${scope}/${base}`;
      if (rest.length) problems.push(`${where}: deep import ${spec} (use ${target})`);
      const t = packages.get(target);
      if (!t) {
        problems.push(`${where}: unknown package ${target}`);
        continue;
      }
      if (tier === 'libs' && t.tier === 'services')
        problems.push(`${where}: lib ${name} imports service ${target}`);
      if (tier === 'services' && t.tier === 'services' && target !== name)
        problems.push(`${where}: service ${name} imports service ${target}`);
      if (!declared.has(target) && target !== name && !file.endsWith('.test.ts'))
        problems.push(`${where}: ${target} is not in ${name}'s dependencies`);
    }
  }
}
if (problems.length) {
  console.error(`check-layers: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-layers: ${packages.size} packages follow the layering rules`);
