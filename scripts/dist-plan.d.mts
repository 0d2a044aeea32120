export function distPlan(o: {
  binary: { path: string } | { missing: string };
  platform: string;
  env: Record<string, string | undefined>;
}): { ok: false; line: string } | { ok: true; args: string[]; env: Record<string, string>; notes: string[] };
