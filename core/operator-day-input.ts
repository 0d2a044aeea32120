/**
 * What the Public API takes about the operator's day: a Not ready reason to create or change, and the figures
 * query. Apart from core/operator-day.ts because these use campaign.ts's checks, and campaign.ts reaches
 * operator-day.ts through the operator channel.
 */
import { z } from 'zod';
import { CAMPAIGN_FORMATS, isTimeZone, storedText } from './campaign';
import { DaySchema } from './operator-day';

const id = z.string().min(1).max(128);

export const NotReadyReasonCreateSchema = z
  .object({
    name: storedText().trim().min(1, 'name is required').max(100),
    paid: z.boolean().default(false),
    maxSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
  })
  .strict();
export type NotReadyReasonCreate = z.infer<typeof NotReadyReasonCreateSchema>;

export const NotReadyReasonUpdateSchema = z
  .object({
    name: storedText().trim().min(1).max(100).optional(),
    paid: z.boolean().optional(),
    maxSeconds: z.number().int().min(1).max(86_400).nullable().optional(),
  })
  .strict();
export type NotReadyReasonUpdate = z.infer<typeof NotReadyReasonUpdateSchema>;

export const FiguresQuerySchema = z
  .object({
    date: DaySchema.optional(),
    timeZone: z.string().refine(isTimeZone, CAMPAIGN_FORMATS.timeZone).default('UTC'),
    operatorId: id.optional(),
  })
  .strict();
export type FiguresQuery = z.infer<typeof FiguresQuerySchema>;
