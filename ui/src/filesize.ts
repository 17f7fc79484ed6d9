// File sizes as the applicant reads them, and the upload limit.

/** eptsp-core's limit (files::MAX_FILE_BYTES), checked here too so that an oversized
 * file is refused before it is read into memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(".", ",")} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
}

export function tooLargeMessage(bytes: number): string {
  const mb = (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1).replace(".", ",");
  return `Ukuran file ${mb} MB melebihi batas maksimal 50 MB`;
}
