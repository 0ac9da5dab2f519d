import type { ParamSchema } from '../define.ts';

/**
 * A duration parameter, stated in the DPA's words.
 *
 * @param description what the duration bounds.
 * @param sense `deadline` (something happens within it) or `notice` (given at least it in advance); phrases the interpretation note.
 * @returns the parameter's schema.
 */
export const durationParam = (description: string, sense: 'deadline' | 'notice'): ParamSchema => ({
  type: 'string',
  format: 'duration',
  'x-read': 'duration',
  'x-sense': sense,
  description,
});
