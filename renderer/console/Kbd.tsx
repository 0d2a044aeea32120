/** The key combination of an action, shown on its button so the operator learns it. */
export function Kbd({ k }: { k: string }) {
  return <kbd className="shortcut">{k}</kbd>;
}
