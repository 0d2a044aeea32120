/**
 * Why the campaign link is down, in the operator's words: the host sends a code (`CampaignConnection.problem`),
 * the console words it here. The raw cause (a server's English message, an exception's text) is kept apart for
 * a details line for IT, never put inside the sentence.
 */
import type { ConnectionProblem } from '../contract/campaign';
import { uiText, type UiText } from './text';

export function connectionProblemText(p: ConnectionProblem): { text: UiText; forIt: string | null } {
  switch (p.code) {
    case 'unreachable':
      return { text: uiText('link.problem.unreachable', { where: p.where }), forIt: p.reason };
    case 'reconnecting':
      return { text: uiText('link.problem.reconnecting', { graceSeconds: p.graceSeconds }), forIt: p.reason };
    case 'grace_over':
      return { text: uiText('link.problem.grace_over', { where: p.where }), forIt: null };
    case 'operator_refused':
      return { text: uiText('link.problem.operator_refused', { login: p.login }), forIt: p.reason };
    case 'start_failed':
    case 'version_refused':
      return { text: uiText(`link.problem.${p.code}`), forIt: p.reason };
    default:
      return { text: uiText(`link.problem.${p.code}`), forIt: null };
  }
}
