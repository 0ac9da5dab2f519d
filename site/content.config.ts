import { defineCollection } from 'astro:content';
import { changesLoader, siteLoader, subprocessorsLoader, versionsLoader } from './lib/loader.ts';

export const collections = {
  versions: defineCollection({ loader: versionsLoader }),
  changes: defineCollection({ loader: changesLoader }),
  subprocessors: defineCollection({ loader: subprocessorsLoader }),
  site: defineCollection({ loader: siteLoader }),
};
