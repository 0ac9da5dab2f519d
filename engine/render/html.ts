/**
 * HTML of a version, rendered through remark-rehype from the same tree the
 * model was read from: clauses keep their ids as anchors, sections their
 * title anchors, bound parameters are marked with their typed values and
 * vague words carry their interpretation note. Raw HTML is never emitted.
 */
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Nodes as MdastNodes, Root as MdastRoot, Parents } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import { visit } from 'unist-util-visit';
import type { PolicyVersion } from '../model/types.ts';
import { readSections } from '../parse/sections.ts';
import { inlineText } from '../parse/plain-text.ts';
import { VFile } from 'vfile';

type Data = { hName?: string; hProperties?: Record<string, unknown>; hChildren?: unknown[] };
const data = (node: MdastNodes): Data => ((node as { data?: Data }).data ??= {});

const schema: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), 'aside', 'time', 'small'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'id', 'className', 'dataClause', 'dataRule', 'dataParam', 'dataValue', 'dataSection', 'role', 'ariaDescribedBy'],
    time: ['dateTime'],
    th: [...(defaultSchema.attributes?.th ?? []), 'scope'],
    // The default allows only the task-list class on list items; clauses need theirs.
    li: (defaultSchema.attributes?.li ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')),
  },
};

/** Tables whose header row is empty (the DPA's details table) get row headers instead. */
function rowHeaderTables() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'table') return;
      const thead = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'thead');
      if (!thead) return;
      const empty = !thead.children.some((row) => row.type === 'element' && row.children.some((cell) => cell.type === 'element' && cell.children.some((t) => t.type !== 'text' || t.value.trim() !== '')));
      if (!empty) return;
      node.children = node.children.filter((c) => c !== thead);
      visit(node, 'element', (row: Element) => {
        if (row.tagName !== 'tr') return;
        const first = row.children.find((c): c is Element => c.type === 'element');
        if (first) {
          first.tagName = 'th';
          first.properties = { ...first.properties, scope: 'row' };
        }
      });
    });
  };
}

/**
 * Render a version to HTML.
 *
 * @param version a parsed version (its tree is not modified).
 * @returns sanitized HTML of the document body (no front matter).
 */
export function renderVersionHtml(version: PolicyVersion): string {
  const tree = structuredClone(version.tree) as MdastRoot;
  const clauseById = new Map(version.clauses.map((c) => [c.id, c]));
  const sections = readSections(tree, new VFile());
  let sectionIndex = 0;
  let notes = 0;
  const declared = new Set<string>();
  const markers: { parent: Parents; node: MdastNodes }[] = [];

  visitParents(tree, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (node.type === 'heading' && node.depth >= 2) {
      const section = sections[sectionIndex++];
      if (section) data(node).hProperties = { id: section.anchor, ...(section.number ? { dataSection: section.number } : {}) };
      return;
    }
    if (node.type !== 'textDirective' && node.type !== 'containerDirective') return;
    const attributes = node.attributes ?? {};
    if (node.name === 'callout') {
      Object.assign(data(node), { hName: 'aside', hProperties: { className: ['callout'] } });
    } else if (node.name === 'effective') {
      Object.assign(data(node), { hName: 'time', hProperties: { dateTime: version.effective } });
    } else if (node.name === 'clause') {
      const id = attributes.id ?? '';
      const clause = clauseById.get(id);
      const first = clause !== undefined && attributes.rule !== undefined && !declared.has(id);
      if (first) declared.add(id);
      const properties = {
        ...(first ? { id } : {}),
        className: ['clause', ...(clause?.attestation ? ['attestation'] : [])],
        dataClause: id,
        ...(clause ? { dataRule: clause.rule } : {}),
      };
      if (node.type === 'containerDirective') Object.assign(data(node), { hName: 'div', hProperties: properties });
      else if (node.children.length > 0) Object.assign(data(node), { hName: 'span', hProperties: properties });
      else {
        // A marker clause: the list item or paragraph it stands in is the clause.
        const grand = ancestors[ancestors.length - 2];
        const block = parent?.type === 'paragraph' && grand?.type === 'listItem' ? grand : parent;
        if (block) data(block as MdastNodes).hProperties = { ...data(block as MdastNodes).hProperties, ...properties };
        if (parent) markers.push({ parent, node });
      }
    } else if (node.name === 'param') {
      const clauseId = [...ancestors].reverse().map((a) => (a.type === 'textDirective' || a.type === 'containerDirective') && a.name === 'clause' ? a.attributes?.id : undefined).find(Boolean)
        ?? findMarkerClause(ancestors);
      const param = clauseId ? clauseById.get(clauseId)?.params[attributes.name ?? ''] : undefined;
      const value = param?.value.type === 'duration' ? param.value.iso : param?.value.type === 'codes' ? param.value.codes.join(' ') : undefined;
      const words = inlineText(node).replace(/\s+/g, ' ').trim();
      const binding = param?.bindings.find((b) => b.words === words && b.means !== undefined);
      const noteId = binding ? `note-${++notes}` : undefined;
      Object.assign(data(node), {
        hName: 'span',
        hProperties: {
          className: ['param', ...(binding ? ['vague'] : [])],
          dataParam: attributes.name,
          ...(clauseId ? { dataClause: clauseId } : {}),
          ...(value ? { dataValue: value } : {}),
          ...(noteId ? { ariaDescribedBy: noteId } : {}),
        },
      });
      if (binding && parent) {
        const index = parent.children.indexOf(node as never);
        const note = {
          type: 'text',
          value: binding.note ?? '',
          data: { hName: 'small', hProperties: { id: noteId, className: ['interpretation'], role: 'note' } },
        } as unknown as MdastNodes;
        (parent.children as MdastNodes[]).splice(index + 1, 0, { type: 'text', value: ' ' } as MdastNodes, note);
      }
    }
  });
  for (const { parent, node } of markers) {
    const children = parent.children as MdastNodes[];
    const index = children.indexOf(node);
    children.splice(index, 1);
    const next = children[index];
    if (next?.type === 'text') next.value = next.value.replace(/^\s+/, '');
  }

  const processor = unified().use(remarkRehype).use(rowHeaderTables).use(rehypeSanitize, schema).use(rehypeStringify);
  const hast = processor.runSync(tree);
  return processor.stringify(hast as HastRoot);
}

function findMarkerClause(ancestors: Parents[]): string | undefined {
  for (const ancestor of [...ancestors].reverse()) {
    if (ancestor.type !== 'paragraph') continue;
    const marker = ancestor.children.find((c) => c.type === 'textDirective' && c.name === 'clause' && c.children.length === 0);
    if (marker && marker.type === 'textDirective') return marker.attributes?.id ?? undefined;
  }
  return undefined;
}
