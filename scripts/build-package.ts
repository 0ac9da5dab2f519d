/**
 * The package build (`npm run build:package`, run by `prepack`): the engine
 * and the CLI compiled to JavaScript with type declarations in lib/ (tsc,
 * tsconfig.build.json), so that an installed codicil runs on the user's Node
 * without type stripping (Node refuses to strip types under node_modules).
 *
 * After tsc: module URLs tsc does not rewrite (`new URL('./x.ts',
 * import.meta.url)`, as a worker thread's module would be) point at the compiled file;
 * declarations import `.js`; the JSON Schemas are copied to lib/schemas/,
 * where the compiled engine looks for them. The build fails when a relative
 * `.ts` specifier is left in the output.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const lib = join(root, 'lib');

rmSync(lib, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write('build:package: tsc failed\n');
  process.exit(1);
}

const files = readdirSync(lib, { recursive: true, encoding: 'utf8' }).map((f) => join(lib, f));
const left: string[] = [];
for (const file of files) {
  const isDeclaration = file.endsWith('.d.ts');
  if (!isDeclaration && !file.endsWith('.js')) continue;
  let text = readFileSync(file, 'utf8');
  if (isDeclaration) {
    // import type … from './x.ts' → './x.js': the form every TypeScript setup resolves.
    text = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
  } else {
    text = text.replace(/new URL\((['"])(\.\.?\/[^'"]+)\.ts\1, import\.meta\.url\)/g, (whole, quote: string, path: string) =>
      existsSync(join(dirname(file), `${path}.js`)) ? `new URL(${quote}${path}.js${quote}, import.meta.url)` : whole,
    );
  }
  writeFileSync(file, text);
  for (const m of text.matchAll(/(['"])\.\.?\/[^'"\n]+\.ts\1/g)) left.push(`${relative(root, file)}: ${m[0]}`);
}
if (left.length > 0) {
  process.stderr.write(`build:package: relative .ts specifiers left in the compiled output (Node cannot run them from node_modules):\n  ${left.join('\n  ')}\n`);
  process.exit(1);
}

cpSync(join(root, 'schemas'), join(lib, 'schemas'), { recursive: true });
process.stdout.write(`build:package: ${files.filter((f) => f.endsWith('.js')).length} modules and their declarations in ${relative(process.cwd(), lib) || '.'}/\n`);
