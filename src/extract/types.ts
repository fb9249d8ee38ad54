// What extraction hands to the scan stage: one target per module folder.

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

export interface ExtractLimits {
  /** Max number of entries over all archives (nested ones included). */
  maxEntries: number;
  /** Max total uncompressed bytes written. */
  maxTotalBytes: number;
  /** Max ratio uncompressed/compressed of one entry (ZIP bomb guard). */
  maxRatio: number;
  /** Max nesting depth of archives inside archives. */
  maxDepth: number;
}

export const defaultExtractLimits: ExtractLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  maxDepth: 3,
};

export interface ExtractResult {
  /** Absolute path of the source root; every target dir lies below it. */
  root: string;
  targets: SourceTarget[];
  files: number;
  bytes: number;
  durationMs: number;
  warnings: string[];
}

/** One thing to extract: a ZIP, a .tar.gz or a folder, with names when the caller knows them (LifeTime does). */
export interface SourceInput {
  path: string;
  application?: string;
  module?: string;
  origin?: Partial<SourceOrigin>;
}
