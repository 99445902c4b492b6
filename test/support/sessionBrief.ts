// One line per fact of a SessionSummary, for tests that compare a session with what they expect
// (the unit tests on the fixtures and the ground-truth tests on records made by the real codex).
import type { SessionSummary } from '../../src/core/sessions';

export function briefSession(s: SessionSummary) {
  return {
    surface: s.surface,
    originator: s.originator,
    version: s.codexVersion,
    postures: s.postures.map((p) => `${p.sandbox}/${p.approval}/${p.approvalsReviewer}/net ${p.networkAccess}`),
    commands: s.commands,
    outside: s.commandsOutsideSandbox,
    escalations: s.escalations.map((e) => e.outcome),
    approvals: s.approvals.map((a) => `${a.kind} ${a.decision} by ${a.reviewer}`),
    denials: s.sandboxDenials,
    searches: s.webSearches,
  };
}
