/**
 * Whether the operator is typing in a field that is still on screen: focus moved from there by a view (a new
 * panel, a ringing call) would lose their place and their next keystrokes.
 */
export function isTyping(el: Element | null): boolean {
  if (!el || !el.isConnected) return false;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
