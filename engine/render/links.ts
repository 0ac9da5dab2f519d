import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Make every link and image of a tree absolute (in place), so HTML read away
 * from the site (a feed reader, a printed page) still leads back to it. An
 * address no URL can be made of (`http://[::1`, refused by lint) loses its
 * attribute: its words stay, and the build never fails on a bare "Invalid URL".
 *
 * @param tree a hast tree.
 * @param base the absolute URL relative links are resolved against.
 */
export function absoluteLinks(tree: Root | Element, base: string): void {
  visit(tree, 'element', (node: Element) => {
    for (const attribute of ['href', 'src'] as const) {
      const value = node.properties?.[attribute];
      if (typeof value !== 'string') continue;
      if (URL.canParse(value, base)) node.properties[attribute] = new URL(value, base).href;
      else delete node.properties[attribute];
    }
  });
}
