/**
 * What the site shows: the model `codicil build` computed with the engine,
 * handed over by codicil's Astro integration (engine/cli/site-integration.ts)
 * as the virtual module `virtual:codicil/site` — options, not environment
 * variables.
 */
import { model, schemaDir } from 'virtual:codicil/site';
import type { SiteModel } from '../../engine/site/model.ts';

/**
 * The site's data.
 *
 * @returns the site model.
 */
export function siteModel(): SiteModel {
  return model;
}

/** The folder of codicil's JSON Schemas, published under /schemas/. */
export { schemaDir };
