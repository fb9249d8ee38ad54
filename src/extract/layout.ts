// Names on disk: application and module names from package file names, and safe folder names for them.

/** "CustomerPortal_Core.v12.zip" → "CustomerPortal_Core"; "App.zip" → "App"; "source.tar.gz" → "source". */
export function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.(zip|tar\.gz|tgz)$/i, '').replace(/\.v\d+$/i, '');
}

/** A folder name that is safe on every OS and cannot escape its parent. */
export function folderName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '_').trim();
  return clean || '_';
}

export const isArchive = (name: string) => /\.(zip|tar\.gz|tgz)$/i.test(name);
export const isTarGz = (name: string) => /\.(tar\.gz|tgz)$/i.test(name);
