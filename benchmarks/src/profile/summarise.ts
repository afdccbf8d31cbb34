// Summarises a V8 .cpuprofile (written by node --cpu-prof): self time by package and by function.
import type { ProfileSummary } from '../model/results';

/** The parts of the .cpuprofile format this module reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

export type ProfileFigures = Omit<ProfileSummary, 'scenario' | 'title' | 'command'>;

/**
 * Self time per node as DevTools computes it (each sample lasts until the next), then grouped by
 * area (a package of this repo, an npm package, Node.js internals, GC, V8) and by function. Idle time
 * and startup (anything under Node's bootstrap or module loader, which includes the main script's
 * synchronous first run) are left out; percentages are of the rest. `root` is stripped from file locations.
 */
export function summariseProfile(profile: CpuProfile, root: string, top = 12): ProfileFigures {
  const selfMicros = new Map<number, number>();
  let at = profile.startTime;
  const stamps = profile.timeDeltas.map((delta) => (at += delta));
  for (let i = 0; i < profile.samples.length; i++) {
    const next = i + 1 < stamps.length ? stamps[i + 1]! : profile.endTime;
    const id = profile.samples[i]!;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, next - stamps[i]!));
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const startup = startupNodes(profile);
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; location: string; area: string; micros: number }>();
  let idle = 0;
  let loading = 0;
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id);
    if (!frame) continue;
    total += micros;
    const area = classify(frame.functionName, frame.url);
    if (area === 'idle') { idle += micros; continue; }
    if (startup.has(id)) { loading += micros; continue; }
    areas.set(area, (areas.get(area) ?? 0) + micros);
    const location = frame.url ? `${relative(frame.url, root)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, area, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const busy = Math.max(1, total - idle - loading);
  const percent = (micros: number) => Math.round((1000 * micros) / busy) / 10;
  const ofTotal = (micros: number) => (total > 0 ? Math.round((1000 * micros) / total) / 10 : 0);
  return {
    sampledMs: Math.round(total / 1000),
    idlePercent: ofTotal(idle),
    startupPercent: ofTotal(loading),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, micros]) => ({ area, percent: percent(micros) })),
    functions: [...functions.values()].sort((a, b) => b.micros - a.micros).slice(0, top)
      .map(({ name, location, area, micros }) => ({ name, location, area, percent: percent(micros) })),
  };
}

/** Where Node boots and loads modules: the main script's synchronous first run is under these too. */
const STARTUP = ['node:internal/modules/', 'node:internal/bootstrap/', 'node:internal/main/', 'node:internal/process/pre_execution'];

/** Ids of the nodes that run under Node's bootstrap or module loader, or are them. */
function startupNodes(profile: CpuProfile): Set<number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const found = new Set<number>();
  const visit = (id: number, under: boolean): void => {
    const node = byId.get(id);
    if (!node) return;
    const inside = under || STARTUP.some((prefix) => node.callFrame.url.startsWith(prefix));
    if (inside) found.add(id);
    for (const child of node.children ?? []) visit(child, inside);
  };
  const children = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  for (const node of profile.nodes) if (!children.has(node.id)) visit(node.id, false);
  return found;
}

/** The area a frame belongs to: `@necrostack/core`, `redis`, `Node.js internals`, `GC`, … */
export function classify(functionName: string, url: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)' || functionName === '(root)' || url === '') return 'V8 / native';
  if (url.startsWith('node:')) return 'Node.js internals';
  const modules = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return modules[1]!;
  const ours = /\/packages\/([^/]+)\//.exec(url);
  if (ours) return `@necrostack/${ours[1]}`;
  if (url.includes('/benchmarks/')) return 'benchmark harness';
  return 'other';
}

function relative(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}
