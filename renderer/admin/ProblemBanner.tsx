/** A refusal or failure the supervisor should read, in the words the host or the server gave. */
export function problemText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ProblemBanner({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert">
      {problem}
    </div>
  );
}
