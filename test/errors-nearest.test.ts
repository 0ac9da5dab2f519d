// The "did you mean" of commands, options, clause ids and table names
// (engine/errors/nearest.ts): one name, near enough, and nearer than any other.
import { describe, expect, it } from 'vitest';
import { nearest } from '../engine/errors/nearest.ts';

const commands = ['build', 'check', 'diff', 'draft', 'init', 'lint', 'load', 'lock', 'sql', 'test'];

describe('nearest', () => {
  it('suggests the one name a typo is nearest', () => {
    expect(nearest('chek', commands)).toBe('check');
    expect(nearest('lnt', commands)).toBe('lint');
    expect(nearest('recrods', ['records', 'policy', 'as-of'])).toBe('records');
    expect(nearest('incident.notify-whithin', ['incident.notify-within', 'incident.notice-content'])).toBe('incident.notify-within');
  });

  it('suggests nothing for a short name two edits from another (review: `sh` was taken for sql, `doc` for lock)', () => {
    expect(nearest('sh', commands)).toBeUndefined();
    expect(nearest('doc', commands)).toBeUndefined();
  });

  it('suggests nothing when two names are as near (review: `log` went to load, lock as near; `retention.60d` to the first of 30d and 90d)', () => {
    expect(nearest('log', commands)).toBeUndefined();
    expect(nearest('retention.60d', ['retention.30d', 'retention.90d'])).toBeUndefined();
    // The same name twice is one name.
    expect(nearest('chek', ['check', 'check'])).toBe('check');
  });

  it('suggests nothing far from every name', () => {
    expect(nearest('frobnicate', commands)).toBeUndefined();
    expect(nearest('x', [])).toBeUndefined();
  });
});
