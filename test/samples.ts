// Small source files that several command tests lint: a client leaked per call, a clean module, a growing Set.

export const LEAK = `import { Redis } from 'ioredis';
export async function readOnce(url: string) {
  const client = new Redis(url);
  return client.get('k');
}
`;

export const CLEAN = `import { Redis } from 'ioredis';
const client = new Redis();
export const read = (key: string) => client.get(key);
`;

export const CACHE = `const seen = new Set<string>();
export function first(id: string) {
  seen.add(id);
}
`;
