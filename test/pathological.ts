// Pathological Markdown for the limits of engine/parse/limits.ts: inputs
// beyond a limit (refused before parsing), and the worst inputs just within
// every limit (parsed in bounded time). Shared by test/limits.test.ts and
// test/measure-limits.ts, which prints the timings README quotes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.ts';

/**
 * The real DPA as first published (a fixed copy, so the counts the limits
 * see do not move when the policy's marks change): every case is appended to
 * it, so the front matter is valid and the text is rendered.
 */
export const dpa = readFileSync(join(root, 'test', 'fixtures', 'site', 'furniture', '1.0.0.before.md'), 'utf8');
/** The line the appended text starts on. */
export const appendedLine = dpa.split('\n').length + 1;

const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n');
const blocks = (n: number, block: string): string => Array.from({ length: n }, () => block).join('\n\n');

/** Inputs beyond a limit: what issue 8 found, and their kin. `line` is where the error is, relative to the appended text (1 = its first line). */
export const beyond: { name: string; text: string; line: number; says: RegExp }[] = [
  { name: 'a line of 10 000 >', text: `${'>'.repeat(10_000)} x`, line: 1, says: /nest 10000 levels deep here; the limit is 16/ },
  { name: '3 000 nested list levels on one line', text: `${'- '.repeat(3_000)}x`, line: 1, says: /nest 3000 levels deep here; the limit is 16/ },
  { name: '1 000 list levels by indentation', text: lines(1_000, (i) => `${'  '.repeat(i)}- x`), line: 17, says: /nest 17 levels deep here; the limit is 16/ },
  { name: '50 000 * around a word', text: `${'*'.repeat(50_000)}word${'*'.repeat(50_000)}`, line: 1, says: /the limit is 1000/ },
  { name: '100 000 [', text: '['.repeat(100_000), line: 1, says: /brackets \[ … \] nest 17 levels deep here; the limit is 16/ },
  { name: '100 000 [ on as many lines', text: lines(100_000, () => '['), line: 17, says: /brackets \[ … \] nest 17 levels deep here; the limit is 16/ },
  { name: '5 000 nested links', text: `${'[a'.repeat(5_000)}${'](u)'.repeat(5_000)}`, line: 1, says: /nest 17 levels deep here/ },
  { name: '5 000 nested emphases', text: `${'*a '.repeat(5_000)}x${' a*'.repeat(5_000)}`, line: 1, says: /inline markup .* than a block may hold; the limit is 1000/ },
  { name: '500 nested ::: containers', text: `${lines(500, (i) => `${':'.repeat(503 - i)}callout`)}\nx\n${lines(500, (i) => ':'.repeat(4 + i))}`, line: 17, says: /nest 17 levels deep here/ },
  { name: '3 000 nested directive labels', text: `${':callout['.repeat(3_000)}x${']'.repeat(3_000)}`, line: 1, says: /brackets \[ … \] nest 17 levels deep here/ },
  { name: '40 000 emphases in one paragraph', text: '*a* '.repeat(40_000), line: 1, says: /than a block may hold; the limit is 1000/ },
  { name: '20 000 emphases across paragraphs', text: blocks(40, '*a* '.repeat(250)), line: 39, says: /than a file may hold; the limit is 10000/ },
  { name: '10 000 list items', text: lines(10_000, () => '- x'), line: 2_930, says: /list items, block quote markers and ::: containers than a file may hold; the limit is 3000/ },
  { name: '5 000 alternately nested list items', text: lines(5_000, (i) => `${'  '.repeat(i % 2)}- x`), line: 2_930, says: /the limit is 3000/ },
  { name: '50 000 directives', text: ':a{'.repeat(50_000), line: 1, says: /more directives .* than a file may hold; the limit is 5000/ },
  { name: '85 000 headings', text: '## x\n\n'.repeat(85_000), line: 3_947, says: /more headings than a file may hold; the limit is 2000/ },
  { name: '130 000 strikethroughs', text: '~a~ '.repeat(130_000), line: 1, says: /than a block may hold; the limit is 1000/ },
  { name: '58 000 www autolinks', text: 'www.a.bc '.repeat(58_000), line: 1, says: /than a block may hold; the limit is 1000/ },
  { name: 'a line of 500 000 <', text: '<'.repeat(500_000), line: 1, says: /than a block may hold; the limit is 1000/ },
  { name: '260 000 short lines', text: 'x\n'.repeat(260_000), line: 19_777, says: /the file has 26022\d lines; the limit is 20000/ },
  { name: 'a table of 60 000 rows', text: `|a|b|\n|-|-|\n${lines(60_000, () => '|x|y|')}`, line: 6_658, says: /table cell separators .* the limit is 20000/ },
];

const fill = (unit: string, bytes: number): string => unit.repeat(Math.floor(bytes / unit.length));
/** Room left under the version file size limit (512 KiB) after the DPA. */
const room = 512 * 1024 - Buffer.byteLength(dpa) - 16;

/** The worst inputs within every limit: each must parse and render, and `test/measure-limits.ts` times them. */
export const within: { name: string; text: string }[] = [
  { name: 'short lines up to the line limit', text: 'x\n'.repeat(19_700) },
  { name: 'DPA-like prose up to the size limit', text: fill(`${'The processor shall notify the controller without undue delay. '.repeat(6)}\n\n`, room) },
  // Within the scan's limits, refused after parsing by the depth of its tree.
  { name: 'emphasis nested 499 deep, 9 blocks', text: blocks(9, `${'*a '.repeat(499)}x${' a*'.repeat(499)}`) },
  { name: 'sequential emphasis up to the file limit', text: blocks(19, '*a* '.repeat(250)) },
  { name: 'links nested 15 deep up to the file limit', text: blocks(9, `${'[a'.repeat(15)}${'](u)'.repeat(15)} `.repeat(66)) },
  { name: 'alternately nested lists up to the container limit', text: lines(2_900, (i) => `${'  '.repeat(i % 2)}- x`) },
  { name: 'lists nested 8 deep up to the container limit', text: lines(2_900, (i) => `${'  '.repeat(i % 8)}- x`) },
  { name: 'block quotes 16 deep up to the container limit', text: lines(180, () => `${'> '.repeat(16)}x`) },
  { name: '::: containers 15 deep up to the container limit', text: blocks(190, `${lines(15, (i) => `${':'.repeat(18 - i)}callout`)}\nx\n${lines(15, (i) => ':'.repeat(4 + i))}`) },
  { name: 'directives up to the directive limit', text: blocks(6, ':param[a]{name=x} '.repeat(800)) },
  { name: 'open attribute braces up to the directive limit', text: ':a{'.repeat(4_800) },
  { name: 'a long table up to the cell limit', text: `|a|b|\n|-|-|\n${lines(6_600, () => '|x|y|')}` },
  { name: 'a wide table up to the cell limit', text: `${'|a'.repeat(6_600)}|\n${'|-'.repeat(6_600)}|\n${'|b'.repeat(6_600)}|` },
  { name: 'headings up to the heading limit', text: '## x\n\n'.repeat(1_970) },
  { name: 'one-word paragraphs up to the line limit', text: 'x\n\n'.repeat(9_850) },
  { name: 'code spans up to the markup limits', text: blocks(10, '`a` '.repeat(480)) },
  { name: 'strikethrough up to the markup limits', text: blocks(10, '~a~ '.repeat(480)) },
  { name: 'inline HTML up to the markup limits', text: blocks(10, '<b>'.repeat(950)) },
  { name: 'entities up to the markup limits', text: blocks(10, '&amp; '.repeat(950)) },
  { name: 'escapes up to the markup limits', text: blocks(10, '\\* '.repeat(950)) },
  { name: 'www autolinks up to the markup limits', text: blocks(10, 'www.a.bc '.repeat(950)) },
  { name: 'URL autolinks up to the markup limits', text: blocks(10, 'http://a.bc '.repeat(950)) },
  { name: 'e-mail autolinks up to the markup limits', text: blocks(10, 'a@b.co '.repeat(950)) },
  { name: 'mixed inline markup up to the markup limits', text: blocks(10, '`a` ~b~ <i> &amp; \\* a@b.co '.repeat(90)) },
  // Review: the reader of raw HTML around a parameter (CODICIL-P237) read every tag before each mark again (9 s for this one).
  { name: 'inline HTML up to the markup limits, then clauses up to the directive limit', text: `${blocks(4, '<b>'.repeat(900))}\n\n${blocks(8, ':clause[Notify within :param[72 hours]{name=within}.]{id=a.b rule=incident-notice-deadline} '.repeat(250))}` },
];
