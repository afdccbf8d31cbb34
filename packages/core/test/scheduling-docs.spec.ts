// The example of docs/scheduling.md, type-checked and run as it is.
import '../src';
import { describeExample } from './doc-snippets';

describeExample('docs/scheduling.md', 'Example: a reminder a handler schedules', [
  'reminder for A-1, not early: true', 'waited at least 200 ms: true',
]);
describeExample('docs/scheduling.md', 'Example: a report every 100 ms, from two workers', [
  'each tick handled once: true', 'ticks on multiples of 100 ms: true',
]);
