export function pinnedNodeMajor(root?: string): number;
export function electronNodeMajor(root?: string): number;
export function wrongNode(root?: string, version?: string): string | undefined;
