import type { ApiProblem } from '../../core/api-problem';

/** What the engine refuses, by kind: the operator channel sends the code, the Public API maps it to a status. */
export type EngineErrorCode = 'not_found' | 'not_yours' | 'illegal_transition' | 'bad_request' | 'conflict';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** For the Public API: a more exact refusal than `code` (e.g. which campaign status refused it). */
    readonly problem?: ApiProblem,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
