/*
 * Which line of one version of a file a line of another version is, so that a finding a codemod
 * left alone is named by its line in the file the user has: the rewritten one once it is written,
 * the one before when nothing is (`--dry`). Rewrites insert lines (`try {`, an import, a hoisted
 * key) and re-indent the lines they wrap, so lines are compared without their leading and trailing
 * white space.
 */

/** Beyond this many inserted and deleted lines, lines keep their numbers (no rewrite comes near it). */
const MAX_EDITS = 1000;

/** A function from a line of one text (1-based) to the same line in another. */
export type LineMap = (line: number) => number;

export const SAME_LINES: LineMap = (line) => line;

/**
 * Maps the lines of `from` to `to`. A line both have maps to itself; a line only `from` has maps
 * to the first line that `to` has in its place, else to the line that follows the place.
 */
export function mapLines(from: string, to: string): LineMap {
  if (from === to) return SAME_LINES;
  const source = from.split('\n').map((line) => line.trim());
  const target = to.split('\n').map((line) => line.trim());
  const matches = matchLines(target, source);
  if (!matches) return SAME_LINES;
  // found[i]: the line of `to` (0-based) that line i of `from` is.
  const found = new Array<number>(source.length);
  let targetLine = 0;
  let sourceLine = 0;
  for (const [matchedTarget, matchedSource] of [...matches, [target.length, source.length] as const]) {
    const inPlace = matchedTarget - targetLine;
    for (let unmatched = 0; sourceLine < matchedSource; sourceLine++, unmatched++) {
      found[sourceLine] = Math.min(targetLine + Math.min(unmatched, Math.max(inPlace - 1, 0)), Math.max(target.length - 1, 0));
    }
    if (matchedSource < source.length) found[sourceLine++] = matchedTarget;
    targetLine = matchedTarget + 1;
  }
  return (line) => (found[line - 1] ?? line - 1) + 1;
}

/** `reason` with each line it names (`line 14`, as the rules write them) mapped through `toLine`. */
export function mapLineMentions(reason: string, toLine: LineMap): string {
  return toLine === SAME_LINES ? reason : reason.replace(/\bline (\d+)\b/g, (mention, line: string) => `line ${toLine(Number(line))}`);
}

/** The lines `a` and `b` have in common, as pairs of indexes in order (Myers' diff), or `undefined` past {@link MAX_EDITS}. */
function matchLines(a: readonly string[], b: readonly string[]): Array<readonly [number, number]> | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = diffMiddle(a, b, start, endA, endB);
  if (!middle) return undefined;
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  pairs.push(...middle);
  for (let i = 0; endA + i < a.length; i++) pairs.push([endA + i, endB + i]);
  return pairs;
}

/** Myers' greedy search over `a[start..endA)` and `b[start..endB)`, traced back into the matched pairs. */
function diffMiddle(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number): Array<readonly [number, number]> | undefined {
  const n = endA - start;
  const m = endB - start;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  // furthest[k + offset]: how far along `a` the furthest path on diagonal k (x - y) has come.
  let furthest = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let edits = 0; edits <= max; edits++) {
    trace.push(furthest.slice());
    const next = furthest;
    for (let k = -edits; k <= edits; k += 2) {
      const down = k === -edits || (k !== edits && furthest[k - 1 + offset]! < furthest[k + 1 + offset]!);
      let x = down ? furthest[k + 1 + offset]! : furthest[k - 1 + offset]! + 1;
      let y = x - k;
      while (x < n && y < m && a[start + x] === b[start + y]) {
        x++;
        y++;
      }
      next[k + offset] = x;
      if (x >= n && y >= m) return traceBack(trace, next, k, edits, offset, start);
    }
    furthest = next;
  }
  return undefined;
}

function traceBack(trace: readonly Int32Array[], last: Int32Array, endK: number, edits: number, offset: number, start: number): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  let x = last[endK + offset]!;
  let y = x - endK;
  for (let d = edits; d > 0; d--) {
    const before = trace[d]!; // the furthest paths after d - 1 edits
    const k = x - y;
    const down = k === -d || (k !== d && before[k - 1 + offset]! < before[k + 1 + offset]!);
    const previousX = before[(down ? k + 1 : k - 1) + offset]!;
    const previousY = previousX - (down ? k + 1 : k - 1);
    // The edit leads to (stepX, stepY); the lines from there to (x, y) match.
    const stepX = down ? previousX : previousX + 1;
    const stepY = down ? previousY + 1 : previousY;
    while (x > stepX && y > stepY) pairs.push([start + --x, start + --y]);
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) pairs.push([start + --x, start + --y]);
  return pairs.reverse();
}
