// Names on disk: application and module names from package file names, the one sanitiser that turns any name into
// a folder name, and the registry that keeps those folders unique.

/**
 * "CustomerPortal_Core.v12.zip" → "CustomerPortal_Core"; "App.zip" → "App"; "source.tar.gz" → "source".
 * A module's name comes from its inner `<Module>.vN.zip` (or a module ZIP's own name). An application package's file
 * name gives the application folder only when neither --name nor LifeTime names it: "claims-2026-11-20.zip" is
 * written to `claims-2026-11-20/<Module>/`. That folder is never part of a fingerprint (module name and path inside
 * the module are), so renaming the package or bumping `.vN` keeps every finding's identity.
 */
export function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.(zip|tar\.gz|tgz)$/i, '').replace(/\.v\d+$/i, '');
}

/** Longest folder name made from a name (well under every OS's 255-byte limit, leaving room for paths below). */
export const MAX_FOLDER_NAME = 80;

/** Windows device names, reserved with any extension ("CON", "con.txt", "LPT1.zip"). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9]) *(\..*)?$/i;

/**
 * The only way a name from LifeTime or from an archive becomes a folder name: letters, digits, "_", "-", "." and
 * inner spaces only (so no separators, control characters or characters Windows refuses), trimmed, no leading dot
 * (so never "." or ".."), no trailing dot or space, no Windows device name, at most MAX_FOLDER_NAME characters.
 */
export function folderName(name: string): string {
  let clean = name
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .trim()
    .replace(/^\.+/, '_');
  if (clean.length > MAX_FOLDER_NAME) clean = clean.slice(0, MAX_FOLDER_NAME);
  clean = clean.replace(/[. ]+$/, '');
  if (RESERVED.test(clean)) clean = `_${clean}`;
  return clean || '_';
}

/** How file systems that ignore case and Unicode normalisation (Windows, macOS) compare two names. */
export const foldName = (name: string): string => (/^[\x00-\x7f]*$/.test(name) ? name : name.normalize('NFC')).toLowerCase();

interface Claim {
  name: string;
  folder: string;
  /** An application folder is shared by the modules of one application; a target folder belongs to one input. */
  shared: boolean;
}

/**
 * The folders given out under one output root. Two names that give the same folder (also when they differ only in
 * case) get unique ones ("Name~2"), with a warning naming both; the same application name gets its folder back.
 */
export class FolderNames {
  private readonly claims = new Map<string, Map<string, Claim>>();

  /** A folder for `name` inside `parent` (a "/"-separated folder id, "" for the root). */
  claim(parent: string, name: string, what: 'application' | 'module' | 'input', shared = false): { folder: string; warning?: string } {
    const taken = this.claims.get(parent) ?? new Map<string, Claim>();
    this.claims.set(parent, taken);
    const wanted = folderName(name);
    let folder = wanted;
    let first: Claim | undefined;
    for (let n = 2; ; n++) {
      const held = taken.get(foldName(folder));
      if (!held) break;
      if (shared && held.shared && held.name === name) return { folder: held.folder };
      first ??= held;
      folder = `${wanted}~${n}`;
    }
    taken.set(foldName(folder), { name, folder, shared });
    if (!first) return { folder };
    const where = parent ? ` in ${parent}/` : '';
    return {
      folder,
      warning: `${what} names "${first.name}" and "${name}" both make the folder "${first.folder}"${where} (names are made safe and compared ignoring case): "${name}" is written to "${folder}"`,
    };
  }
}

export const isArchive = (name: string) => /\.(zip|tar\.gz|tgz)$/i.test(name);
export const isTarGz = (name: string) => /\.(tar\.gz|tgz)$/i.test(name);
