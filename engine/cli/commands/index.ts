/**
 * Every command of the `codicil` executable, one line each: a new command is
 * one file in this folder and one line here (the help lists them in
 * alphabetical order; the exported name is what the user types).
 */
export { default as build } from './build.ts';
export { default as check } from './check.ts';
export { default as diff } from './diff.ts';
export { default as draft } from './draft.ts';
export { default as init } from './init.ts';
export { default as lint } from './lint.ts';
export { default as lock } from './lock.ts';
export { default as sql } from './sql.ts';
export { default as test } from './test.ts';
export { default as load } from './load.ts';
