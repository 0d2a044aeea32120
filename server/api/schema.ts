/** What every route of the Public API shares: path schemas and the JSON Schema the OpenAPI document shows. */
import { z } from 'zod';
import { storedText } from '../../core/campaign';

/** The JSON Schema of a zod schema, as clients send it; checks JSON Schema cannot say are left to zod. */
export const json = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

export const IdParamSchema = z.object({ id: storedText().min(1).max(128) });
export const ContactIdParamSchema = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'contact ids are numbers'),
});

/** Route options: a tag, and the JSON Schemas of what the route takes, for the OpenAPI document only. */
export function described(
  tag: string,
  parts: { body?: z.ZodType; params?: z.ZodType; querystring?: z.ZodType; summary?: string } = {},
) {
  return {
    schema: {
      tags: [tag],
      ...(parts.summary ? { summary: parts.summary } : {}),
      ...(parts.body ? { body: json(parts.body) } : {}),
      ...(parts.params ? { params: json(parts.params) } : {}),
      ...(parts.querystring ? { querystring: json(parts.querystring) } : {}),
    },
  };
}
