import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Make every link and image of a tree absolute (in place), so HTML read away
 * from the site (a feed reader, a printed page) still leads back to it.
 *
 * @param tree a hast tree.
 * @param base the absolute URL relative links are resolved against.
 */
export function absoluteLinks(tree: Root | Element, base: string): void {
  visit(tree, 'element', (node: Element) => {
    for (const attribute of ['href', 'src'] as const) {
      const value = node.properties?.[attribute];
      if (typeof value === 'string') node.properties[attribute] = new URL(value, base).href;
    }
  });
}
