/** Whether `source` already imports or requires `lru-cache` (`redis-leaks fix` checks the project's dependencies when it does). */
export function usesLruCache(source: string): boolean {
  return /\bfrom\s*['"]lru-cache['"]|\brequire\(\s*['"]lru-cache['"]\s*\)|\bimport\(\s*['"]lru-cache['"]\s*\)/.test(source);
}
