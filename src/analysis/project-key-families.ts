import type { LifetimeKind, ManagedFamilies } from './key-families';
import { collectManagedFamilies, isManagedIn } from './key-families';
import { getProjectIndex } from './project-files';
import { getModificationTime, loadProjectModule } from './project-modules';

/*
 * Whether a key family is deleted, or has its members taken out, in another file of the project:
 * the files that could (their text calls `del`, `unlink`, `srem`, `zremrangebyscore`, `lpop`, …)
 * are listed once per project (project-files.ts), and only those whose text holds the family's
 * literal part, or calls the key builder the key came from, are parsed.
 */

/**
 * What counts in another file: deleting the family's keys or taking their members out. Not an
 * expiry: a TTL given where the family is written elsewhere shows the family needs one, and the
 * write without it is more likely the leak (a relayer's `set` beside a healthy copy with `EX`).
 */
const KINDS_IN_OTHER_FILES: ReadonlySet<LifetimeKind> = new Set(['delete', 'members']);
const familiesByFile = new Map<string, { readonly mtimeMs: number; readonly families: ManagedFamilies | undefined }>();

/**
 * Whether another file of the project that `file` belongs to deletes keys of `family` or takes their members out;
 * `builderName`: the key builder the write's key came from (`profileKey` of `profileKey(id)`), which such a file may call instead of spelling the key.
 * The project: the folder of the nearest `package.json` (its workspace root when one lists it),
 * else `cwd` when the file lies in it (and it is no file system's root); none: `false`.
 */
export function isFamilyManagedInProject(file: string, cwd: string | undefined, family: string, builderName?: string): boolean {
  const project = getProjectIndex(file, cwd);
  if (!project) return false;
  const question = `family\0${family}\0${builderName ?? ''}`;
  const cached = project.answers.get(question);
  if (cached !== undefined) return cached;
  // A file that names the family holds its text, or calls the key builder the write's key came from.
  const needles = [getLongestLiteral(family), ...(builderName === undefined ? [] : [builderName])];
  const answer = project.lifetimeFiles.some(
    (candidate) => candidate.file !== file && needles.some((needle) => candidate.text.includes(needle)) && isManagedInFile(candidate.file, family),
  );
  project.answers.set(question, answer);
  return answer;
}

/** `iad:` of `{REDIS_PREFIX}iad:*`, `PARTNER_IDS` of `{PARTNER_IDS}:*`: text a file that names the family must hold. */
function getLongestLiteral(family: string): string {
  const pieces = family.split(/[*{}]/);
  return pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}

function isManagedInFile(file: string, family: string): boolean {
  const mtimeMs = getModificationTime(file);
  let entry = familiesByFile.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    const sourceCode = mtimeMs === undefined ? undefined : loadProjectModule(file);
    entry = { mtimeMs: mtimeMs ?? -1, families: sourceCode && collectManagedFamilies(sourceCode) };
    familiesByFile.set(file, entry);
  }
  return entry.families !== undefined && isManagedIn(entry.families, family, KINDS_IN_OTHER_FILES);
}
