// Provenance that changed and listed modules left out, as an unsuccessful invocation in every run of the log: the gate
// fails the run on it (exit 3 unless --allow-partial), and `ossast gate` reading the log again reaches the same verdict.
import type { Log, Notification } from 'sarif';
import type { ScopeRecord, TargetProvenance, TargetRecord } from '../model/run-record.js';
import type { SourcesOutcome } from '../model/targets.js';
import type { AcceptMissingEntry } from '../retrieve/config.js';
import { inconsistency } from '../retrieve/provenance.js';
import { scopeLedger } from '../retrieve/scope.js';

export interface EvidenceFailures {
  /** Targets whose provenance changed between the two reads, or could not be read (one line each). */
  provenance: string[];
  /** Listed modules the run did not scan and no allow-list entry accepts (one line each). */
  scope: string[];
}

/** The run's provenance and scope ledger from what retrieval read (none for a run without LifeTime), and what fails it. */
export function lifetimeEvidence(lifetime: SourcesOutcome['lifetime'], targets: TargetRecord[], accept: AcceptMissingEntry[]): { provenance?: TargetProvenance[]; scope?: ScopeRecord; failures: EvidenceFailures } {
  if (!lifetime) return { failures: { provenance: [], scope: [] } };
  const ledger = scopeLedger(lifetime.listings, targets, accept);
  return {
    provenance: lifetime.provenance,
    ...(ledger.scope.applications.length ? { scope: ledger.scope } : {}),
    failures: { provenance: lifetime.provenance.flatMap((p) => inconsistency(p) ?? []), scope: ledger.failures },
  };
}

export function addEvidenceFailures(log: Log, failures: EvidenceFailures): Log {
  const notes: Notification[] = [
    ...failures.provenance.map((text) => ({ level: 'error' as const, descriptor: { id: 'ossast/provenance-inconsistent' }, message: { text } })),
    ...failures.scope.map((text) => ({
      level: 'error' as const,
      descriptor: { id: 'ossast/module-missing' },
      message: { text: `${text}; accept it under scope.acceptMissing (justification, owner, expires) if that is intended` },
    })),
  ];
  if (notes.length === 0) return log;
  const invocation = { commandLine: 'ossast provenance and scope', executionSuccessful: false, toolExecutionNotifications: notes };
  return { ...log, runs: log.runs.map((run) => ({ ...run, invocations: [...(run.invocations ?? []), invocation] })) };
}
