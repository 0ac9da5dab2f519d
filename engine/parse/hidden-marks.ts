/**
 * Parameters and clauses a reader does not read as the current text.
 *
 * The numbers a reader sees are the numbers codicil enforces, so a `:param`
 * or `:clause` stands in plain text. It is refused (CODICIL-P237):
 *
 * - inside a strikethrough (`~~…~~`): the reader reads it as deleted;
 * - inside a raw HTML element (opened by raw HTML before it, in the same
 *   paragraph or at any level above) that is not harmless formatting or
 *   structure ({@link HARMLESS}), e.g. `<del>`, `<s>`, `<strike>`, or that
 *   carries an attribute other than the few that only shape lists, tables and
 *   links: a `class` the site's stylesheet hides (`visually-hidden`,
 *   `skip-link`, `toc`), `hidden` or `style` would hide the words;
 * - with such raw HTML inside its own words (`:param[7<span class="…">0</span>2 hours]`).
 *
 * Raw HTML tags are read with a small tokenizer (comments skipped, void
 * elements not opened, a closing tag closes its nearest open namesake).
 */
import type { Nodes, Root } from 'mdast';
import type { TextDirective, ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';

type Directive = ContainerDirective | LeafDirective | TextDirective;

/** Elements that may stand around a parameter or clause, with the attributes they may carry. */
const HARMLESS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    b: [], strong: [], i: [], em: [], u: [], ins: [], mark: [], small: [], sub: [], sup: [], span: [], abbr: [], cite: [], dfn: [], q: [],
    p: ['align'], div: ['align'], blockquote: [], br: [], font: [],
    ol: ['type', 'start', 'reversed'], ul: ['type'], li: ['value', 'type'], dl: [], dt: [], dd: [],
    table: [], thead: [], tbody: [], tfoot: [], tr: ['align'], td: ['colspan', 'rowspan', 'align', 'headers'], th: ['colspan', 'rowspan', 'align', 'scope', 'headers'], caption: [],
    a: ['href', 'id', 'name'],
  }).map(([tag, attributes]) => [tag, new Set(attributes)]),
);

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

interface Tag {
  name: string;
  closing: boolean;
  attributes: string[];
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

function tagsOf(html: string): Tag[] {
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  return [...text.matchAll(TAG)].map((m) => ({
    name: m[2]!.toLowerCase(),
    closing: m[1] === '/',
    attributes: [...(m[3] ?? '').matchAll(ATTRIBUTE)].map((a) => a[1]!.toLowerCase()),
  }));
}

/** Why an opening tag would keep a reader from reading the words inside as current text, or null. */
function refusal(tag: Tag): string | null {
  const allowed = HARMLESS.get(tag.name);
  if (allowed === undefined) return ['del', 's', 'strike'].includes(tag.name) ? `struck through (<${tag.name}>)` : `inside raw HTML <${tag.name}>`;
  const odd = tag.attributes.filter((a) => !allowed.has(a));
  return odd.length > 0 ? `inside raw HTML <${tag.name}> with attribute ${odd.join(', ')}` : null;
}

function apply(stack: Tag[], tag: Tag): void {
  if (tag.closing) {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.name === tag.name) { stack.splice(i); return; }
  } else if (!VOID.has(tag.name)) stack.push(tag);
}

function htmlWithin(node: Nodes): string[] {
  if (node.type === 'html') return [node.value];
  return 'children' in node ? (node.children as Nodes[]).flatMap(htmlWithin) : [];
}

/**
 * Refuse every parameter or clause that stands in a strikethrough or in raw
 * HTML that could hide or strike it (see the module comment).
 *
 * @param tree the parsed version file.
 * @param file for positions and messages.
 */
export function checkHiddenMarks(tree: Root, file: VFile): void {
  // The raw HTML elements still open where a mark stands are those its tags before it, in document
  // order, leave open: one walk keeps them (review: each mark read every tag before it again, 9 s
  // for 2 000 clauses after 3 600 tags).
  const stack: Tag[] = [];
  visitParents(tree, (node, ancestors) => {
    if (node.type === 'html') {
      for (const tag of tagsOf(node.value)) apply(stack, tag);
      return;
    }
    if ((node.type !== 'textDirective' && node.type !== 'containerDirective' && node.type !== 'leafDirective') || (node.name !== 'param' && node.name !== 'clause')) return;
    const kind = node.name;
    const id = (node as Directive).attributes?.id ?? (node as Directive).attributes?.name ?? kind;
    let why: string | null = ancestors.some((a) => a.type === 'delete') ? 'struck through (~~…~~)' : null;
    why ??= stack.map(refusal).find((r) => r !== null) ?? null;
    // Raw HTML inside a parameter's own words (a hidden digit).
    if (why === null && kind === 'param') {
      const inner = htmlWithin(node).flatMap(tagsOf).filter((t) => !t.closing).map(refusal).find((r) => r !== null);
      if (inner) why = `written with raw HTML in its words that a reader may not see (${inner.replace(/^inside raw HTML |^struck through \(|\)$/g, '')})`;
    }
    if (why !== null) report(file, errors.hiddenMark, [kind, id, why], node.position);
  });
}
