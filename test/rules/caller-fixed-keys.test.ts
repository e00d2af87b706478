import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester } from '../rule-tester';

// A private helper's parameter is what its callers pass: fixed values (a loop over the configured
// queues, a constant list) are no caller's data; anything else keeps the key the helper's own.
createRuleTester().run('no-unbounded-cache (keys that callers of a private helper pass)', noUnboundedCache, {
  valid: [
    {
      code: `
const METRICS = ['completed', 'failed'];
export class Recorder {
  private readonly cursors = new Map<string, number>();
  constructor(private readonly queues: { name: string }[]) {
    setInterval(() => this.tick(), 60_000);
  }
  private tick(): void {
    for (const queue of this.queues) for (const metric of METRICS) this.record(queue.name, metric);
  }
  private record(name: string, metric: string): void {
    this.cursors.set(\`\${name}:\${metric}\`, Date.now());
  }
}
`,
    },
    // a parameter named for a small key space stays one, whatever its callers call it
    {
      code: `
const formats = new Map<string, Intl.NumberFormat>();
function formatterFor(locale: string): Intl.NumberFormat {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}
export function price(amount: number, options: { lang: string }): string {
  return formatterFor(options.lang).format(amount);
}
`,
    },
  ],
  invalid: [
    // handed over as a callback: called from where the file cannot see, with whatever arrives
    {
      code: `
import { EventEmitter } from 'node:events';
export class Feed {
  private readonly seen = new Set<string>();
  constructor(bus: EventEmitter) {
    bus.on('item', this.track.bind(this));
    this.track('start');
  }
  private track(id: string): void {
    this.seen.add(id);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 4 }],
    },
    // calls itself with what it makes of its parameter: a new key each time
    {
      code: `
export class Poller {
  private readonly attempts = new Map<number, number>();
  start(): void {
    this.poll(0);
  }
  private poll(round: number): void {
    this.attempts.set(round, Date.now());
    setTimeout(() => this.poll(round + 1), 1000);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // one caller passes fixed values, another its own parameter: the caller's data
    {
      code: `
export class Tracker {
  private readonly lastSeen = new Map<string, number>();
  constructor() {
    this.remember('boot');
  }
  seen(jobId: string): void {
    this.remember(jobId);
  }
  private remember(jobId: string): void {
    this.lastSeen.set(jobId, Date.now());
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
  ],
});
