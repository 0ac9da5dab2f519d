// Times codicil on pathological Markdown: `node test/measure-limits.ts`.
// Each case is read as the bytes of a version file (as `codicil lint` reads
// it), parsed and rendered to HTML; README, "What codicil refuses", quotes
// the numbers.
import { VFile } from 'vfile';
import { parseVersion, renderVersionHtml, loadPolicy } from '../engine/index.ts';
import { beyond, dpa, within } from './pathological.ts';
import { root } from './helpers.ts';

const { policy } = await loadPolicy(`${root}policy`);
const only = process.argv[2];
for (const [label, cases] of [['beyond a limit (refused)', beyond], ['within every limit (parsed and rendered)', within]] as const) {
  console.log(`\n${label}`);
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    const bytes = new TextEncoder().encode(`${dpa}\n${c.text}\n`);
    const file = new VFile({ path: 'dpa/1.0.0.md', value: bytes });
    const t0 = performance.now();
    const version = parseVersion(file, { document: 'dpa', reference: policy.reference });
    const t1 = performance.now();
    if (version) renderVersionHtml(version);
    const t2 = performance.now();
    const first = file.messages.find((m) => m.fatal);
    console.log(`${c.name.padEnd(62)} ${String(Math.round(bytes.length / 1024)).padStart(4)} KiB  parse ${String(Math.round(t1 - t0)).padStart(5)} ms  render ${String(Math.round(t2 - t1)).padStart(5)} ms  ${file.messages.length} message(s)${first ? `  ${first.ruleId} ${first.line}` : ''}`);
  }
}
