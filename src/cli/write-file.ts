import { chmodSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's contents atomically: the new text goes to a temporary file in the
 * same folder, gets the original's mode, and is renamed over it, so a crash never
 * leaves half a file.
 */
export function writeFileAtomically(file: string, text: string): void {
  const { mode } = statSync(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.redis-leaks-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
}
