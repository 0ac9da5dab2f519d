/**
 * Whether to colour the text output, from the environment and the terminal:
 *
 * 1. `NO_COLOR` set and not empty: never (https://no-color.org), whatever
 *    `FORCE_COLOR` says — the reader who turned colour off wins;
 * 2. `FORCE_COLOR` set to `0` or `false`: never (the convention of Node and
 *    of chalk's supports-color);
 * 3. `FORCE_COLOR` set to any other non-empty value: always, even into a
 *    pipe or a file (https://force-color.org);
 * 4. otherwise only when the output is a terminal.
 *
 * @param env the environment.
 * @param isTerminal whether the output is a terminal.
 * @returns true to colour.
 */
export function colorEnabled(env: Record<string, string | undefined>, isTerminal: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force) return true;
  return isTerminal;
}
