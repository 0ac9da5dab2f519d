/**
 * What the site is built from. `codicil build` sets these; the defaults
 * build the real policy with the example records.
 */
export function siteOptions() {
  const asOf = process.env.CODICIL_AS_OF ? Date.parse(process.env.CODICIL_AS_OF) : Date.now();
  if (Number.isNaN(asOf)) throw new Error(`CODICIL_AS_OF=${process.env.CODICIL_AS_OF} is not a timestamp`);
  return {
    policy: process.env.CODICIL_POLICY ?? 'policy',
    records: process.env.CODICIL_RECORDS === '' ? undefined : (process.env.CODICIL_RECORDS ?? 'examples/records'),
    asOf,
    siteUrl: process.env.CODICIL_SITE_URL ?? 'https://legal.studiolm.dev',
  };
}
