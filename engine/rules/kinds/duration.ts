import type { ParamSchema } from '../define.ts';

/** A duration parameter, stated in the DPA's words. */
export const durationParam = (description: string): ParamSchema => ({
  type: 'string',
  format: 'duration',
  'x-read': 'duration',
  description,
});
