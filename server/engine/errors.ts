/** What the engine refuses, by kind: the operator channel sends the code, the Public API maps it to a status. */
export type EngineErrorCode = 'not_found' | 'not_yours' | 'illegal_transition' | 'bad_request' | 'conflict';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
