/** The host contract's managed policy area (issue 10): what IT set, as About → Policies shows it. */
import { PolicySnapshotSchema } from '../policy';
import { method, none } from './method';

export const policyMethods = {
  /** Every policy found, with its value, level, scope, source, and whether it applies (About → Policies). */
  getPolicies: method(none, PolicySnapshotSchema),
  /** Reads every policy source again (IT changed policy while the app runs); settings views refresh. */
  reloadPolicies: method(none, PolicySnapshotSchema),
};
