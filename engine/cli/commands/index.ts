/**
 * Every command of the `codicil` executable, one line each: a new command is
 * one file in this folder and one line here (the help lists them in
 * alphabetical order; the exported name is what the user types). Each is
 * loaded when it is run, with what it needs: `codicil check` never loads
 * the site builder.
 */
export const build = () => import('./build.ts');
export const check = () => import('./check.ts');
export const diff = () => import('./diff.ts');
export const draft = () => import('./draft.ts');
export const init = () => import('./init.ts');
export const lint = () => import('./lint.ts');
export const lock = () => import('./lock.ts');
export const sql = () => import('./sql.ts');
export const test = () => import('./test.ts');
export const load = () => import('./load.ts');
