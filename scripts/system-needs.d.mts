export type Suite = 'test' | 'interop';

export interface SystemNeed {
  pkg: string;
  suites: Suite[];
  shows: string[];
  for: string;
}

export const systemNeeds: SystemNeed[];
export const suites: Suite[];

export type SystemPlan =
  | { do: 'nothing'; missing: SystemNeed[] }
  | { do: 'install'; missing: SystemNeed[]; packages: string[]; commands: string[][] }
  | { do: 'tell'; missing: SystemNeed[]; packages: string[]; message: string };

export function planSystem(options: {
  suite: string;
  present: (need: SystemNeed) => boolean;
  isRoot: boolean;
  hasApt: boolean;
  aptListsFresh?: boolean;
}): SystemPlan;
