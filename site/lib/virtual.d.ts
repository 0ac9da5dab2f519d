// The data codicil's Astro integration hands the site (engine/cli/site-integration.ts).
declare module 'virtual:codicil/site' {
  import type { SiteModel } from '../../engine/site/model.ts';
  export const model: SiteModel;
  export const schemaDir: string;
}
