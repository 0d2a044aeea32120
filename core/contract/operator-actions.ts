/**
 * The host contract's operator actions (issue 9): one method per operator action, named and typed by
 * core/operator-actions.ts, so adding an action there adds the method here with nothing to write. Unknown keys
 * are refused, and an action without arguments may be called without one.
 */
import type { z } from 'zod';
import { operatorActionNames, operatorActions, type OperatorActionName } from '../operator-actions';
import { method, ok } from './method';

type OperatorActionArgSchema<N extends OperatorActionName> =
  (typeof operatorActions)[N] extends z.ZodObject<infer Shape>
    ? keyof Shape extends never
      ? z.ZodDefault<z.ZodObject<Shape, z.core.$strict>>
      : z.ZodObject<Shape, z.core.$strict>
    : never;

export const operatorActionMethods = Object.fromEntries(
  operatorActionNames.map((name) => {
    const arg = operatorActions[name].strict();
    return [name, method(Object.keys(arg.shape).length ? arg : arg.default({}), ok)];
  }),
) as { [N in OperatorActionName]: { arg: OperatorActionArgSchema<N>; result: typeof ok } };
