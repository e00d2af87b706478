import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { KeyWrite } from '../../analysis';
import { bindModuleExport } from '../module-imports';
import type { Outcome, TextEdit } from '../outcome';
import { ok } from '../outcome';
import { getTemplateExports } from './expiry-form';

/** How the new code names the library exports its template uses, and the import edits that make them available. */
export interface BoundExports {
  readonly names: ReadonlyMap<string, string>;
  readonly edits: readonly TextEdit[];
}

/**
 * Names for the client library's exports a template uses (glide's `TimeUnit`, `ExpireOptions`):
 * an existing import (`TimeUnit`, `TimeUnit as TU`), a namespace (`glide.TimeUnit`), a name
 * added to the library's import, or a new import next to a type-only import of it. No new
 * import statement otherwise: the write's client may come from another module.
 */
export function bindTemplateExports(sourceCode: Readonly<SourceCode>, filename: string, write: KeyWrite, template: string): Outcome<BoundExports> {
  const names = new Map<string, string>();
  const edits: TextEdit[] = [];
  for (const exportName of getTemplateExports(write.dialect, template)) {
    const binding = bindModuleExport(sourceCode, { modules: write.library.modules, exportName, filename, usedAt: write.call, mayAddImport: false });
    if (!binding.ok) return binding;
    names.set(exportName, binding.value.name);
    edits.push(...binding.value.edits);
  }
  return ok({ names, edits });
}
