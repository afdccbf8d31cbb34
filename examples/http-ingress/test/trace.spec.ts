// --trace: one trace from the HTTP request through both organs, printed as a tree.
import { silentLogger } from '@necrostack/core';
import { startApp } from '../src/app';
import { runDemo } from '../src/demo/run-demo';
import { traceOfFirstOrder } from '../src/tracing/format-trace';
import { startTraceRecorder } from '../src/tracing/trace-recorder';

describe('the demo with --trace', () => {
  it('prints the trace of the first order: POST /orders → publish → ReserveStock → Notifier', async () => {
    const recorder = startTraceRecorder();
    try {
      const app = await startApp({ port: 0, logger: silentLogger });
      let summary;
      try {
        summary = await runDemo(app.url as string, 'memory');
      } finally {
        await app.close();
      }
      const printed = traceOfFirstOrder(recorder.spans(), summary).trimEnd().split('\n');
      expect(printed[0]).toMatch(/^Trace [0-9a-f]{32} \(4 spans\):$/);
      expect(printed.slice(1).map((line) => line.replace(/\d+\.\d+ ms/, 'N ms'))).toEqual([
        'POST /orders  [server]  N ms',
        '└─ publish ORDER_PLACED  [producer]  N ms',
        '   └─ process ORDER_PLACED  [consumer ReserveStock]  N ms',
        '      └─ process ORDER_ACCEPTED  [consumer Notifier]  N ms',
      ]);
    } finally {
      await recorder.stop();
    }
  });
});
