// Field builders: each canonical column is one zod schema carrying the metadata (type, header aliases,
// HXL hashtags, allowed values) from which header mapping and the SQL checks are derived.
import { z } from "zod";

export type FieldType = "text" | "count" | "number" | "month" | "date" | "year" | "pcode" | "category" | "severity" | "boolean";

export interface FieldMeta {
  type: FieldType;
  /** Header texts (English and French), compared after normalisation; a header matches an alias when it contains all its words. */
  aliases: string[];
  /** HXL tag patterns like "#reached+f+children" (attributes required) or "#org-impl" (attribute excluded). */
  hxl: string[];
  required?: boolean;
  min?: number;
  max?: number;
  /** category: canonical value → synonyms (compared normalised). */
  values?: Record<string, string[]>;
  /** category: value used when the cell is empty. */
  fallback?: string;
  /** Rows whose value is not in `values` are kept with the raw value instead of rejected. */
  open?: boolean;
  /**
   * text: SQL giving the stored value from `{t}`, the cell's cleaned text (NULL: no value), decided once per
   * distinct text; the cell's own text stays readable for messages (RawText).
   */
  normalise?: string;
}

export function fieldMeta(schema: z.ZodType): FieldMeta {
  const meta = z.globalRegistry.get(schema) as unknown as FieldMeta | undefined;
  if (!meta?.type) throw new Error("field without metadata");
  return meta;
}

type Opts = Omit<Partial<FieldMeta>, "type">;
const base = (o: Opts) => ({ aliases: o.aliases ?? [], hxl: o.hxl ?? [], ...o });

export const text = (o: Opts = {}) => {
  const s = o.required ? z.string().min(1) : z.string().nullable();
  return s.meta({ type: "text", ...base(o) });
};
export const count = (o: Opts = {}) => z.number().int().min(o.min ?? 0).nullable().meta({ type: "count", min: 0, ...base(o) });
export const number = (o: Opts = {}) => {
  let s = z.number();
  if (o.min !== undefined) s = s.min(o.min);
  if (o.max !== undefined) s = s.max(o.max);
  return (o.required ? s : s.nullable()).meta({ type: "number", ...base(o) });
};
export const month = (o: Opts = {}) => (o.required ? z.date() : z.date().nullable()).meta({ type: "month", ...base(o) });
export const date = (o: Opts = {}) => z.date().nullable().meta({ type: "date", ...base(o) });
export const year = (o: Opts = {}) => z.number().int().min(1990).max(2100).nullable().meta({ type: "year", min: 1990, max: 2100, ...base(o) });
export const pcode = (o: Opts = {}) => z.string().regex(/^[A-Z]{2,3}[0-9A-Z-]*$/).nullable().meta({ type: "pcode", ...base(o) });
export const severityPhase = (o: Opts = {}) => z.number().int().min(1).max(5).nullable().meta({ type: "severity", min: 1, max: 5, ...base(o) });
export const category = <const V extends string>(values: Record<V, string[]>, o: Opts = {}) => {
  const keys = Object.keys(values) as [V, ...V[]];
  const s = o.open ? z.string() : z.enum(keys);
  return (o.required ? s : s.nullable()).meta({ type: "category", values, ...base(o) });
};

export type Shape = Record<string, z.ZodType>;

/** A schema's fields with their metadata: one frozen list per schema, so that what is derived from it can be remembered (loaders/headers.ts). */
const fieldLists = new WeakMap<z.ZodObject<Shape>, [string, FieldMeta][]>();
export function fieldsOf(schema: z.ZodObject<Shape>): [string, FieldMeta][] {
  let list = fieldLists.get(schema);
  if (!list) fieldLists.set(schema, (list = Object.freeze(Object.entries(schema.shape).map(([name, s]) => Object.freeze([name, fieldMeta(s as z.ZodType)]) as [string, FieldMeta])) as [string, FieldMeta][]));
  return list;
}
