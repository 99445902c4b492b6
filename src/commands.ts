// Every command of the extension, once: its id, the feature it needs and what it runs. activate()
// registers this table as it is; nothing is swapped at run time. package.json's
// `contributes.commands` lists the same ids (test/unit/commands.test.ts checks both ways).
// Only types are imported, so the table loads in plain Node for that test.
import type { FeatureMap, FeatureName } from './features';

export interface Command<K extends FeatureName = FeatureName> {
  readonly needs: K;
  // Command arguments come from anywhere (palette, tests, other extensions): untyped by nature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly run: (feature: FeatureMap[K], ...args: any[]) => unknown;
  /** Used by our own UI only (e.g. a quick fix's follow-up), so not contributed in package.json. */
  readonly internal?: boolean;
}

/** Each entry's `run` takes the very feature its `needs` names. */
export type CommandTable = Record<string, { [K in FeatureName]: Command<K> }[FeatureName]>;

const posture = (run: Command<'posture'>['run']): Command<'posture'> => ({ needs: 'posture', run });
const session = (run: Command<'session'>['run']): Command<'session'> => ({ needs: 'session', run });

export function createCommands(): CommandTable {
  return {
    'codexPosture.showPosture': posture((p) => p.showPosture()),
    'codexPosture.badgeActions': posture((p) => p.badgeActions()),
    'codexPosture.copyPosture': posture((p) => p.copyPosture()),
    'codexPosture.refresh': posture((p) => p.refresh()),
    'codexPosture.showLog': posture((p) => p.showLog()),
    'codexPosture.getPosture': posture((p) => p.getPosture()),
    'codexPosture.getBadge': posture((p) => p.getBadge()),
    'codexPosture.exportRequirements': posture((p, opts) => p.exportRequirements(opts)),
    'codexPosture.startChecklist': session((s) => s.startChecklist()),
    'codexPosture.finishSession': session((s) => s.finishSession()),
    'codexPosture.recordApproval': session((s, given) => s.recordApproval(given)),
    'codexPosture.revokeEnablements': session((s, opts) => s.revokeEnablements(opts)),
    'codexPosture.verifySandbox': session((s, opts) => s.verifySandbox(opts)),
    'codexPosture.insertSessionSummary': session((s) => s.insertSessionSummary()),
    'codexPosture.auditConfig': session((s) => s.auditConfig()),
    'codexPosture.stashChanges': session((s) => s.stashChanges()),
    'codexPosture.createFeatureBranch': session((s, name) => s.createFeatureBranch(name)),
    'codexPosture.openConfig': session((s) => s.openConfig()),
    'codexPosture.setChecklistItem': session((s, id, checked) => s.setChecklistItem(id, checked)),
    'codexPosture.getSession': session((s) => s.getSession()),
    'codexPosture.showFixNote': { needs: 'diagnostics', internal: true, run: (d, note) => d.showFixNote(note) },
  };
}
