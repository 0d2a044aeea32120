import { useEffect, useRef, type RefObject } from 'react';
import { isTyping } from '../typing';

/**
 * On each change of `key` (the contact and its state), focus moves to the heading of the panel now shown in
 * `container`, so the operator's screen reader reads what just changed and Tab reaches that panel's buttons
 * first. Not on the console's first render (the operator chose the view; focus stays where they are), and not
 * while they are typing in a field that is still on screen (the ACW note, the pause reason).
 */
export function usePanelFocus(container: RefObject<HTMLElement | null>, key: string): void {
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const before = shown.current;
    shown.current = key;
    if (before === null || before === key || isTyping(document.activeElement)) return;
    const heading = container.current?.querySelector<HTMLElement>('h2, [data-panel-focus]');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [container, key]);
}
