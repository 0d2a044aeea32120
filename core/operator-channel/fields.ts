/** Field shapes every message of the operator channel uses (not part of the protocol's exported names). */
import { z } from 'zod';

export const id = z.string().min(1).max(128);
export const isoTime = z.string().datetime({ offset: true });
export const requestId = z.string().max(128).optional();
/** Set on the messages that move the operator's picture, for a client that speaks numbered messages. */
export const seq = z.number().int().min(1).optional();
