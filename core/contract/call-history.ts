/** The host contract's call history area: the calls the history view lists, kept by the host. */
import { z } from 'zod';
import { CallRecordSchema } from '../call-record';
import { method, none, ok } from './method';

export const callHistoryMethods = {
  listCallHistory: method(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .optional(),
    z.array(CallRecordSchema),
  ),
  addCallRecord: method(CallRecordSchema, ok),
  clearCallHistory: method(none, ok),
};
