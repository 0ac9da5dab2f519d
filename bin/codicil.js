#!/usr/bin/env -S node --max-semi-space-size=16
// The engine is TypeScript run by Node's own type stripping (Node >= 23.6).
// --max-semi-space-size=16 keeps the young generation small: `check` on
// millions of rows allocates fast, and V8's default lets RSS balloon.
// When an older Node starts this file (e.g. `npx` on a machine whose default
// Node is 20), re-run it with the Node 24 that the project installs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (process.features.typescript) {
  const { main } = await import('../engine/cli/main.ts');
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    // Whatever failed, nothing was judged: never let a crash look like a verdict (exit 1).
    process.stderr.write(`codicil: internal error, nothing was judged: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
} else {
  let node;
  try {
    node = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    process.stderr.write('codicil needs Node >= 24: run `npm ci` in the project to install it.\n');
    process.exit(2);
  }
  const result = spawnSync(node, ['--max-semi-space-size=16', new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 2);
}
