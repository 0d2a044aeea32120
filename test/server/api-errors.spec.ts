/** How the Public API answers errors: engine refusals by their code, one table; nothing else leaks. */
import Fastify, { type FastifyInstance } from 'fastify';
import { test, expect } from '@playwright/test';
import { answerErrors, ENGINE_ERROR_STATUS, HttpError } from '../../server/api/errors';
import { EngineError } from '../../server/engine/engine';

let app: FastifyInstance;
let url: string;
test.beforeAll(async () => {
  app = Fastify({ logger: false });
  answerErrors(app);
  app.get('/engine/:code', async (req) => {
    const { code } = req.params as { code: EngineError['code'] };
    throw new EngineError(code, `refused: ${code}`);
  });
  app.get('/http', async () => {
    throw new HttpError(404, 'campaign cmp_x not found', {
      code: 'not_found',
      params: { what: 'campaign', id: 'cmp_x' },
    });
  });
  // An error that merely calls itself EngineError is not one: it says nothing the client may rely on.
  app.get('/impostor', async () => {
    const e = Object.assign(new Error('secret internals'), { name: 'EngineError', code: 'not_found' });
    throw e;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
test.afterAll(async () => {
  await app?.close();
});

test('every engine error code answers the status of the table, with the engine message and the code', async () => {
  expect(ENGINE_ERROR_STATUS).toEqual({
    not_found: 404,
    bad_request: 400,
    not_yours: 409,
    illegal_transition: 409,
    conflict: 409,
  });
  for (const [code, status] of Object.entries(ENGINE_ERROR_STATUS)) {
    const res = await fetch(`${url}/engine/${code}`);
    expect(res.status, code).toBe(status);
    expect(await res.json()).toEqual({ error: `refused: ${code}`, code });
  }
});

test('HttpError answers its status; an error only named EngineError is a 500 that hides its message', async () => {
  const http = await fetch(`${url}/http`);
  expect(http.status).toBe(404);
  expect(await http.json()).toEqual({
    error: 'campaign cmp_x not found',
    code: 'not_found',
    params: { what: 'campaign', id: 'cmp_x' },
  });
  const original = console.error;
  console.error = () => undefined; // the server logs the 500; the test only checks what the client sees
  try {
    const impostor = await fetch(`${url}/impostor`);
    expect(impostor.status).toBe(500);
    expect(await impostor.json()).toEqual({ error: 'internal error', code: 'internal' });
  } finally {
    console.error = original;
  }
});
