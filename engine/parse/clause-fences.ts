/**
 * A `:::clause` passage holds the words of one commitment, inside a section.
 * One whose closing `:::` is missing runs on to the end of the file, taking
 * in every section after it (review: §§12–15 became part of
 * transfer.safeguards; their headings lost their anchors, and check cited
 * amendment.advance-notice at §11). A heading inside a clause passage is
 * that mistake: refused at the heading (CODICIL-P239).
 */
import type { Heading, Root } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { inlineText } from './plain-text.ts';

/**
 * Refuse every heading that stands inside a `:::clause` passage.
 *
 * @param tree the parsed version file.
 * @param file for positions and messages.
 */
export function checkClauseFences(tree: Root, file: VFile): void {
  visitParents(tree, 'heading', (heading: Heading, ancestors) => {
    const clause = ancestors.findLast((a): a is ContainerDirective => a.type === 'containerDirective' && a.name === 'clause');
    if (!clause) return;
    const id = clause.attributes?.id ?? 'clause';
    const words = inlineText(heading).trim();
    report(file, errors.headingInClause, [id, clause.position?.start.line ?? 0, words.length > 60 ? `${words.slice(0, 60)}…` : words], heading.position);
  });
}
