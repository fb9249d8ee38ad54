// The targets every stage exchanges: what extraction hands to the scan stage (one target per module folder), the
// inputs it reads, and what gathering the sources gives the pipeline.
import type { TargetProvenance, TargetRecord } from './run-record.js';

/** Where a target's code came from. */
export interface SourceOrigin {
  kind: 'app-zip' | 'module-zip' | 'tar.gz' | 'folder' | 'lifetime';
  /** Path as given by the user (or the downloaded file), for evidence. */
  path: string;
  sha256?: string;
  bytes?: number;
  /** The module's own archive inside the input: an application package's `<Module>.vN.zip` (or one of a folder of module ZIPs), hashed as it was read. */
  archive?: { name: string; sha256: string; bytes: number };
}

/** One scannable unit: a module (or a whole folder the user gave). */
export interface SourceTarget {
  /** Stable id, also the folder path under the source root, e.g. "Shop/ShopCore". Always "/"-separated. */
  id: string;
  application?: string;
  module: string;
  /** Absolute path of the extracted folder. */
  dir: string;
  origin: SourceOrigin;
  /** Files and bytes extracted for this target alone (nested archives included); for a folder, its listing's SHA-256 (see copyFolder). */
  extracted?: { files: number; bytes: number; listingSha256?: string };
}

/** One thing to extract: a ZIP, a .tar.gz or a folder, with names when the caller knows them (LifeTime does). */
export interface SourceInput {
  path: string;
  application?: string;
  module?: string;
  origin?: Partial<SourceOrigin>;
}

/** Every input extracted: the source root, its targets and one record per target (failed ones included). */
export interface SourcesOutcome {
  sourceRoot: string;
  targets: SourceTarget[];
  records: TargetRecord[];
  /** LifeTime runs: what runs, read before packaging and after the download, and the modules each application lists. */
  lifetime?: { provenance: TargetProvenance[]; listings: { application: string; key: string; environment: string; modules: { name: string; key: string; kind: string }[] }[] };
}
