/** The Public API's callback reads (issue 13.2). */
import type { CallbackItem } from '../../core/callbacks';
import { byContact, callbackItem } from './callbacks';
import type { Sql } from './db';

export async function callbackOfContact(sql: Sql, contactId: number): Promise<CallbackItem | null> {
  const b = await byContact(sql, contactId);
  return b ? callbackItem(b) : null;
}
