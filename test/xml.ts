// A strict XML 1.0 reader for the tests: saxes refuses anything that is not
// well-formed (including characters XML 1.0 forbids) and keeps namespaces.
import { SaxesParser } from 'saxes';

/** An element of a parsed XML document. */
export interface XmlElement {
  /** Local name. */
  name: string;
  /** Namespace URI ('' for none). */
  uri: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data directly inside it, CDATA included). */
  text: string;
}

/**
 * Parse an XML document strictly.
 *
 * @param xml the document.
 * @returns its root element; throws on the first well-formedness error.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = typeof attribute === 'string' ? attribute : attribute.value;
    const element: XmlElement = { name: tag.local ?? tag.name, uri: tag.uri ?? '', attributes, children: [], text: '' };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

/**
 * The children of an element with a local name (and namespace).
 *
 * @param element the parent.
 * @param name local name.
 * @param uri namespace URI (default: the parent's).
 * @returns the matching children, in order.
 */
export function childrenNamed(element: XmlElement, name: string, uri = element.uri): XmlElement[] {
  return element.children.filter((c) => c.name === name && c.uri === uri);
}
