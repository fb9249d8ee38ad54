// A tool's own verdict on its run, read from its SARIF: a run the tool marks unsuccessful stays failed.
import type { Log } from 'sarif';

export interface ToolVerdict {
  ok: boolean;
  /** The tool's error notifications (or a generic line when it gave none), for the failure message. */
  reasons: string[];
}

/** False when any invocation of any run says `executionSuccessful: false` (SARIF 2.1.0 §3.20.14). */
export function toolVerdict(sarif: Log): ToolVerdict {
  const failed = sarif.runs.flatMap((r) => r.invocations ?? []).filter((i) => i.executionSuccessful === false);
  if (failed.length === 0) return { ok: true, reasons: [] };
  const reasons = failed
    .flatMap((i) => i.toolExecutionNotifications ?? [])
    .filter((n) => n.level === undefined || n.level === 'error')
    .map((n) => n.message.text ?? n.message.id ?? '')
    .filter(Boolean);
  return { ok: false, reasons: reasons.length ? reasons : ['the tool reported executionSuccessful: false without saying why'] };
}
