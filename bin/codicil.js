#!/bin/sh
":" //; exec node --max-semi-space-size=16 "$0" "$@"
// The `codicil` executable. --max-semi-space-size=16 keeps the young
// generation small: `check` on millions of rows allocates fast, and V8's
// default lets RSS balloon. The two lines above are read by sh, which starts
// Node with the flag (for Node, a string and a comment): a shebang passes one
// argument at most, and `env -S` is missing from BusyBox (Alpine images).
//
// In codicil's own repository the engine runs from its TypeScript sources,
// stripped by Node (>= 23.6); when an older Node starts this file (e.g. `npx`
// on a machine whose default Node is 20), it re-runs itself with the Node 24
// the project installs. Installed as a package (no sources, see `files` in
// package.json) it runs the compiled engine in lib/ on the user's Node, which
// must be recent enough for codicil and Astro.
//
// Keep this file runnable by old Nodes: no syntax newer than Node 14.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The oldest Node the package supports (Astro 7 needs 22.12). Keep in step with `engines` in package.json. */
const SUPPORTED = [22, 12];

async function run(entry) {
  // A reader that stops early (`codicil sql | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error && error.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
      throw error;
    });
  }
  const { main, removeTemporaryFoldersOnStop, failOnUnhandledRejection, stopping } = await import(entry);
  removeTemporaryFoldersOnStop();
  failOnUnhandledRejection();
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    // Stopped by a signal: the work was interrupted on purpose, and the handler sets the exit code.
    if (stopping()) return;
    // Whatever failed, nothing was judged: never let a crash look like a verdict (exit 1).
    // Its words, not a stack trace: a user can report them as they are.
    process.stderr.write(`codicil: internal error, nothing was judged: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

const sources = new URL('../engine/cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  if (process.features.typescript) {
    await run(sources.href);
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
} else {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < SUPPORTED[0] || (major === SUPPORTED[0] && minor < SUPPORTED[1])) {
    process.stderr.write(
      `codicil needs Node.js ${SUPPORTED.join('.')} or later (22 LTS, 24 LTS or newer); this is Node.js ${process.versions.node} (${process.execPath}).\n` +
        'Install a current Node.js (https://nodejs.org, or your version manager: `nvm install 24`) and run codicil again.\n',
    );
    process.exit(2);
  }
  await run(new URL('../lib/engine/cli/main.js', import.meta.url).href);
}
