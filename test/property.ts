/**
 * fast-check with a seed that is printed on failure and can be replayed:
 * `FC_SEED=123 npx vitest run test/x.test.ts`. Every counterexample found
 * becomes a fixed regression case next to the property.
 */
import fc from 'fast-check';
import { seed } from './helpers.ts';

function parameters<T>(extra: fc.Parameters<T>): fc.Parameters<T> {
  return { seed, ...extra };
}

function failed(seed: number | undefined, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(`property failed with seed ${seed} (replay: FC_SEED=${seed}):\n${message}`);
}

/**
 * Check a synchronous property, printing the seed on failure.
 *
 * @param property the property.
 * @param extra fast-check parameters (numRuns, …).
 */
export function assertProperty<T>(property: fc.IProperty<T>, extra: fc.Parameters<T> = {}): void {
  const p = parameters(extra);
  try {
    fc.assert(property, p);
  } catch (error) {
    failed(p.seed, error);
  }
}

/**
 * Check an asynchronous property, printing the seed on failure.
 *
 * @param property the property.
 * @param extra fast-check parameters (numRuns, …).
 */
export async function assertAsyncProperty<T>(property: fc.IAsyncProperty<T>, extra: fc.Parameters<T> = {}): Promise<void> {
  const p = parameters(extra);
  try {
    await fc.assert(property, p);
  } catch (error) {
    failed(p.seed, error);
  }
}
