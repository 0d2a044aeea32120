export function findElectronBinary(root?: string): { path: string } | { missing: string };
