import { defineCollection } from 'astro:content';
import { changesLoader, documentsLoader, siteLoader, subprocessorsLoader, versionsLoader } from './lib/loader.ts';

export const collections = {
  versions: defineCollection({ loader: versionsLoader }),
  changes: defineCollection({ loader: changesLoader }),
  documents: defineCollection({ loader: documentsLoader }),
  subprocessors: defineCollection({ loader: subprocessorsLoader }),
  site: defineCollection({ loader: siteLoader }),
};
