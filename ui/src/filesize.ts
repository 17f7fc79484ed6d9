// File sizes as the applicant reads them, and the upload limit.

/** eptsp-core's limit (files::MAX_FILE_BYTES), checked here too so that an oversized
 * file is refused before it is read into memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(".", ",")} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
}

/** A size in MB, rounded up to one decimal ("6,1"): a file just over a limit never reads
 * as the limit itself. */
function mbUp(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1).replace(".", ",");
}

export function tooLargeMessage(bytes: number): string {
  return `Ukuran file ${mbUp(bytes)} MB melebihi batas maksimal 50 MB`;
}

/** The file's kind as its name says ("jpeg" read as "jpg"); the content decides later. */
export function kindByName(name: string): string {
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  return ext === "jpeg" ? "jpg" : ext;
}

/** Why `file` cannot answer a requirement taking `formats` up to `maxMb` MB, or null. A
 * photo (JPG) sent downscaled to `photoMaxPx` is held to the size it will be sent at, which
 * the check at "Kirim" knows; here only to the 50 MB every file keeps to. */
export function refusalFor(file: { name: string; size: number }, formats: string[], maxMb: number, photoMaxPx = 0): string | null {
  const kind = kindByName(file.name);
  const allowed = formats.map((f) => f.toUpperCase()).join(", ");
  if (!formats.includes(kind)) return `Format file harus ${allowed}; file ini ${kind ? kind.toUpperCase() : "tanpa format"}.`;
  if (file.size > MAX_FILE_BYTES) return tooLargeMessage(file.size);
  if (kind === "jpg" && photoMaxPx > 0) return null;
  if (file.size > maxMb * 1024 * 1024) return `Ukuran file ${mbUp(file.size)} MB melebihi batas maksimal ${maxMb} MB untuk persyaratan ini.`;
  return null;
}

/** Reads `file` whole, telling `onProgress` the share read so far (0 to 1). */
export function readWithProgress(file: Blob, onProgress: (share: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    r.onload = () => (onProgress(1), resolve(new Uint8Array(r.result as ArrayBuffer)));
    r.onerror = () => reject(new Error("File tidak dapat dibaca. Pilih ulang file tersebut."));
    r.readAsArrayBuffer(file);
  });
}
