/**
 * The OpenAPI document at /api/v1/openapi.json, made on its first request instead of at start. Registering
 * @fastify/swagger on the server took 1.3–3.9 s of the embedded server's first start on a loaded 2-core machine
 * (issue 15), for a document that integrators read now and then and operators never. The routes' schemas are
 * recorded as they are registered; the first request builds the document from them on a throwaway Fastify instance
 * with the swagger plugin, and keeps it.
 */
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** Call before any route is registered: routes registered earlier are not in the document. */
export function serveOpenApiOnDemand(app: FastifyInstance, options: FastifyDynamicSwaggerOptions): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    // HEAD routes are Fastify's own copies of the GET ones; the throwaway instance makes its own.
    if (route.method !== 'HEAD' && route.url !== OPENAPI_PATH) routes.push(route);
  });
  let document: Promise<unknown> | null = null;
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => {
    document ??= describe(routes, options).catch((error: unknown) => {
      document = null; // asked again, tried again
      throw error;
    });
    return document;
  });
}

async function describe(routes: RouteOptions[], options: FastifyDynamicSwaggerOptions): Promise<unknown> {
  const { default: swagger } = await import('@fastify/swagger');
  const doc = Fastify();
  // zod parses every body in the handlers; the JSON Schemas are for the document only (as on the server).
  doc.setValidatorCompiler(() => () => true);
  await doc.register(swagger, options);
  for (const r of routes)
    doc.route({ method: r.method, url: r.url, schema: r.schema, handler: async () => null });
  await doc.ready();
  try {
    return doc.swagger();
  } finally {
    await doc.close();
  }
}
