export const MSI_URL_SCHEMES: Array<[scheme: string, description: string]>;
export function withUrlSchemes(wxs: string, exe?: string): string;
export default function msiProjectCreated(projectFile: string): Promise<void>;
