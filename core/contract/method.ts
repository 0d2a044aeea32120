/**
 * The building blocks every area of the host contract declares its methods with (core/contract.ts joins
 * the areas into one table).
 */
import { z } from 'zod';

/** No argument. */
export const none = z.undefined();
/** "Done", for a method with nothing else to answer. */
export const ok = z.object({ ok: z.literal(true) });

export function method<A extends z.ZodType, R extends z.ZodType>(arg: A, result: R) {
  return { arg, result };
}
