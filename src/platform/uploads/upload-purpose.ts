// What an upload is for, declared once by the feature that asks for it (the housing import's
// CSV, the e-card's photo and proof document): how large it may be, how long it is kept, and
// what its content must be. The stored files are read back by their purpose object alone
// (uploads.repo.ts), and a feature keeps its purposes to itself (not exported from its
// index.ts): only its code can read what was uploaded for it.
import { recognisedType, type RecognisedType } from './content-type.ts';

/** Bytes of the file's start a purpose's sniff is shown: enough for any image's signature. */
export const SNIFF_BYTES = 4 * 1024;

/** The media type a file's first bytes show it to be, or undefined to refuse the file. */
export type Sniff = (head: Buffer, declared: { fileName: string; mediaType: string }) => string | undefined;

interface PurposeLimits {
  /** Lower-case words joined by hyphens, unique across features: stored with each file. */
  readonly name: string;
  /**
   * The file's size at most, in bytes, for this purpose: one more is a 413 as the file arrives,
   * before anything is stored (receive-upload.ts).
   */
  readonly maxBytes: number;
  /** How long a stored file is kept after it was uploaded; the worker purges it then. */
  readonly keepForMs: number;
}

/** What a feature declares: the types its file may be, or (for text, which has no signature) its own sniff. */
export type UploadPurposeDeclaration = PurposeLimits &
  (
    | {
        /**
         * The types the file's bytes must show (content-type.ts), whatever its name or the type
         * the browser declared: a PDF renamed .jpg is refused where only images are accepted.
         */
        readonly accepts: readonly RecognisedType[];
        readonly sniff?: never;
      }
    | {
        /**
         * The media type the file's first bytes (up to SNIFF_BYTES) show it to be; undefined
         * refuses the file. The name and the declared type are a hint at most.
         */
        readonly sniff: Sniff;
        readonly accepts?: never;
      }
  );

export interface UploadPurpose extends PurposeLimits {
  /** The recognised types the purpose accepts, for the form's accept attribute; undefined with a sniff of its own. */
  readonly accepts: readonly RecognisedType[] | undefined;
  /** The media type of a file of this purpose, judged from its first bytes; undefined refuses it. */
  readonly sniff: Sniff;
}

export function defineUploadPurpose(declaration: UploadPurposeDeclaration): UploadPurpose {
  const { name, maxBytes, keepForMs } = declaration;
  if (!/^[a-z]+(-[a-z]+)*$/.test(name)) throw new Error(`upload purpose name ${name}`);
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new Error(`upload purpose ${name}: maxBytes`);
  if (declaration.accepts === undefined) {
    return Object.freeze({ name, maxBytes, keepForMs, accepts: undefined, sniff: declaration.sniff });
  }
  const accepts = Object.freeze([...declaration.accepts]);
  if (accepts.length === 0) throw new Error(`upload purpose ${name} accepts nothing`);
  const sniff: Sniff = (head) => {
    const type = recognisedType(head);
    return type !== undefined && accepts.includes(type) ? type : undefined;
  };
  return Object.freeze({ name, maxBytes, keepForMs, accepts, sniff });
}
