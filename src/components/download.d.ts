// Types for download.js (imported by the unit tests; pages use the JavaScript directly).
export interface DownloadColumn {
  key: string;
  label?: string;
  /** HXL hashtag; null or "" leaves the column untagged; undefined uses HXL_TAGS[key]. */
  hxl?: string | null;
  /** false: in the downloads only, not on screen (dataTable). */
  show?: boolean;
  /** A fraction (0.588) exported as the percentage shown on screen (58.8). */
  percent?: boolean;
}
export type DownloadRow = Record<string, unknown>;
export type DownloadFormat = "csv" | "xlsx" | "hxl";

export const HXL_TAGS: Record<string, string>;
export function downloadColumns(rows: DownloadRow[], columns?: (string | DownloadColumn)[]): DownloadColumn[];
export function exportValue(row: DownloadRow, column: DownloadColumn): unknown;
export function neutralise<T>(value: T): T | string;
export function toCsv(rows: DownloadRow[], columns?: (string | DownloadColumn)[]): string;
export function toHxlCsv(rows: DownloadRow[], columns?: (string | DownloadColumn)[]): string;
export function toXlsx(rows: DownloadRow[], columns?: (string | DownloadColumn)[], options?: { sheet?: string }): Uint8Array;
export function columnLetter(index: number): string;
export function safeFileName(name: string): string;
export function saveFile(content: string | Uint8Array, filename: string, type: string): void;
export const FORMATS: Record<DownloadFormat, { label: string; ext: string; type: string }>;
export function buildDownload(
  format: DownloadFormat,
  rows: DownloadRow[],
  columns: (string | DownloadColumn)[] | undefined,
  name: string
): { content: string | Uint8Array; filename: string; type: string };
