import { createServer, type Server } from 'node:http';

/** A span as an OTLP/HTTP JSON export carries it, with its process's `service.name`. */
export interface CollectedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

interface KeyValue { key: string; value: Record<string, unknown> }
interface ExportRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: (Omit<CollectedSpan, 'service' | 'attributes'> & { attributes?: KeyValue[] })[] }[] }[];
}

/**
 * An OpenTelemetry collector in the test process: receives OTLP/HTTP JSON (`POST /v1/traces`) on
 * 127.0.0.1 and keeps the spans, so processes started with `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * pointing at it can be checked.
 */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  private server: Server | undefined;

  /** Listens on a free port; resolves with the traces endpoint. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      request.on('end', () => {
        if (request.url === '/v1/traces') this.collect(JSON.parse(body) as ExportRequest);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
  }

  async stop(): Promise<void> {
    const { server } = this;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private collect(request: ExportRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service: String(resource['service.name']), traceId: span.traceId, spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined, name: span.name, attributes: attributesOf(span.attributes),
          });
        }
      }
    }
  }
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
}
