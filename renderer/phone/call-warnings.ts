/**
 * What a call tells the operator while it goes on (no audio arriving, hold refused, a device unplugged,
 * reconnecting…): the list the call panel shows, each warning logged once, and taken off when its condition is over.
 */
import { textForLog, type UiText } from '../../core/i18n/text';
import type { CallEvents, CallWarning } from './call-events';

export class CallWarnings {
  private readonly list: CallWarning[] = [];

  constructor(
    private readonly log: (message: string, code: CallWarning['code']) => void,
    private readonly emit: <K extends 'warning' | 'update'>(event: K, payload: CallEvents[K]) => void,
  ) {}

  get all(): readonly CallWarning[] {
    return this.list;
  }

  add(code: CallWarning['code'], message: UiText): void {
    const w = { code, message };
    this.list.push(w);
    this.log(textForLog(message), code);
    this.emit('warning', w);
    this.emit('update', undefined);
  }

  /** The condition a warning told of is over (audio back, reconnected, a microphone again): it leaves the panel. */
  clear(code: CallWarning['code']): void {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.code === code) this.list.splice(i, 1);
    this.emit('update', undefined);
  }
}
