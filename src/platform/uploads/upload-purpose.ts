// What an upload is for, declared once by the feature that asks for it (the housing import's
// CSV, later the e-card's photo): how large it may be, how long it is kept, and what its content
// must be. The stored files are read back by their purpose object alone (uploads.repo.ts), and a
// feature keeps its purposes to itself (not exported from its index.ts): only its code can read
// what was uploaded for it.

/** Bytes of the file's start a purpose's sniff is shown: enough for any image's signature. */
export const SNIFF_BYTES = 4 * 1024;

export interface UploadPurpose {
  /** Lower-case words joined by hyphens, unique across features: stored with each file. */
  readonly name: string;
  /** The file's size at most, in bytes: one more is a 413 before anything is stored. */
  readonly maxBytes: number;
  /** How long a stored file is kept after it was uploaded; the worker purges it then. */
  readonly keepForMs: number;
  /**
   * The media type the file's first bytes (up to SNIFF_BYTES) show it to be, whatever the
   * browser called it; undefined refuses the file. The name and the declared type are a hint
   * at most: a PNG renamed .jpg is a PNG.
   */
  readonly sniff: (head: Buffer, declared: { fileName: string; mediaType: string }) => string | undefined;
}

export function defineUploadPurpose(purpose: UploadPurpose): UploadPurpose {
  if (!/^[a-z]+(-[a-z]+)*$/.test(purpose.name)) throw new Error(`upload purpose name ${purpose.name}`);
  return Object.freeze({ ...purpose });
}
