import type { z } from 'zod';

/** One string a schema accepts from a client, and how to build an input carrying a value there. */
export interface Field {
  /** Where it sits, e.g. `mentions[]` or `cursors{key}`. */
  label: string;
  /** The path to it (the top-level name first). */
  path: (string | number)[];
  /** An input (object) with `value` at this field and nothing else. */
  build(value: string): unknown;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

type Step = { kind: 'prop'; name: string } | { kind: 'item' } | { kind: 'key' } | { kind: 'value' };

function walk(schema: z.ZodType, steps: Step[], out: Step[][], seen: Set<z.ZodType>): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      out.push(steps);
      return;
    case 'object':
      if (seen.has(schema)) return;
      seen.add(schema);
      for (const [name, child] of Object.entries(def.shape!)) walk(child, [...steps, { kind: 'prop', name }], out, seen);
      seen.delete(schema);
      return;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      walk(def.innerType!, steps, out, seen);
      return;
    case 'pipe':
      // The input side is what a client sends.
      walk(def.in!, steps, out, seen);
      return;
    case 'array':
      walk(def.element!, [...steps, { kind: 'item' }], out, seen);
      return;
    case 'record':
      walk(def.keyType!, [...steps, { kind: 'key' }], out, seen);
      walk(def.valueType!, [...steps, { kind: 'value' }], out, seen);
      return;
    case 'union':
      for (const option of def.options!) walk(option, steps, out, seen);
      return;
    case 'intersection':
      walk(def.left!, steps, out, seen);
      walk(def.right!, steps, out, seen);
      return;
    default:
      // Numbers, booleans, enums and literals: a closed set of values, nothing free to type.
      return;
  }
}

function labelOf(steps: Step[]): string {
  return steps.map((s, i) => (s.kind === 'prop' ? (i === 0 ? s.name : `.${s.name}`) : s.kind === 'item' ? '[]' : s.kind === 'key' ? '{key}' : '{value}')).join('');
}

function build(steps: Step[], value: string): unknown {
  if (steps.length === 0) return value;
  const [step, ...rest] = steps as [Step, ...Step[]];
  switch (step.kind) {
    case 'prop':
      return { [step.name]: build(rest, value) };
    case 'item':
      return [build(rest, value)];
    case 'key':
      return { [value]: 0 };
    case 'value':
      return { k: build(rest, value) };
  }
}

/** Every free-text string a schema reads, found by walking it (so a new field is found too). */
export function stringFields(schema: z.ZodType): Field[] {
  const found: Step[][] = [];
  walk(schema, [], found, new Set());
  const byLabel = new Map<string, Field>();
  for (const steps of found) {
    const label = labelOf(steps);
    byLabel.set(label, {
      label,
      path: steps.map((s) => (s.kind === 'prop' ? s.name : s.kind === 'item' ? 0 : s.kind)),
      build: (value) => build(steps, value),
    });
  }
  return [...byLabel.values()];
}
