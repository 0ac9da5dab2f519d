/**
 * Search over every version with Pagefind: a static index written into the
 * built site (`pagefind/`), read by the search page's script. Pages opt in
 * with `data-pagefind-body`; the site reads without JavaScript, search is
 * the one thing that needs it.
 */
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { visible } from '../errors/visible.ts';

// Pagefind's messages name files of the built site: printed with control characters shown, as every message.
const said = (messages: string[]): string => visible(messages.join('; '));

/**
 * Index a built site.
 *
 * @param dir the built site's folder.
 * @returns how many pages were indexed; throws with Pagefind's errors.
 */
export async function buildSearchIndex(dir: string): Promise<{ pages: number }> {
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind could not start: ${said(errors)}`);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${visible(dir)}: ${said(added.errors)}`);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${said(written.errors)}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
