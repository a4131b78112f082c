// Turns the bytes of an uploaded spreadsheet export into text, refusing anything that is not text.
// Excel writes UTF-8 with a BOM ("CSV UTF-8"), UTF-16 ("Unicode text") or, in its legacy "CSV"
// format under a Serbian Latin locale, Windows-1250.
import { CasebookError } from '@shared/errors';

/** Far above any real case book; a larger file is a mistake, not a spreadsheet. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export interface DecodedText {
  text: string;
  warnings: string[];
}

function invalid(message: string): CasebookError {
  return new CasebookError('IMPORT_INVALID', message);
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function refuseKnownBinaryFormats(bytes: Uint8Array): void {
  if (startsWith(bytes, ZIP_SIGNATURE) || startsWith(bytes, OLE_SIGNATURE)) {
    throw invalid('The file is an Excel workbook (or another archive), not CSV. In Excel use "Save As" → "CSV UTF-8".');
  }
  if (startsWith(bytes, PDF_SIGNATURE)) throw invalid('The file is a PDF, not CSV.');
}

/**
 * Control characters other than tab, line feed, form feed and carriage return, C1 controls and
 * the replacement character never occur in a spreadsheet's text.
 */
// eslint-disable-next-line no-control-regex
const BINARY_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd]/;

function firstBinaryLine(text: string): number | null {
  const match = BINARY_CHARACTERS.exec(text);
  if (!match) return null;
  let line = 1;
  for (let index = 0; index < match.index; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, UTF16LE_BOM)) return { text: new TextDecoder('utf-16le').decode(bytes), warnings: [] };
  if (startsWith(bytes, UTF16BE_BOM)) return { text: new TextDecoder('utf-16be').decode(bytes), warnings: [] };
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, warnings: [] };
  if (bytes.includes(0)) throw invalid('The file contains binary data; it is not a CSV text file.');
  return {
    text: new TextDecoder('windows-1250').decode(bytes),
    warnings: ['The file is not UTF-8; it was read as Windows-1250 (Excel\'s legacy "CSV" format). Prefer "CSV UTF-8".'],
  };
}

/** Decodes and checks the file: the text without a BOM, or IMPORT_INVALID naming what is wrong. */
export function decodeImportFile(content: Uint8Array | string): DecodedText {
  if (typeof content !== 'string') {
    if (content.byteLength > MAX_IMPORT_BYTES) {
      throw invalid(`The file is too large (${content.byteLength} bytes; at most ${MAX_IMPORT_BYTES}).`);
    }
    refuseKnownBinaryFormats(content);
  }
  const decoded = typeof content === 'string' ? { text: content, warnings: [] } : decodeBytes(content);
  const text = decoded.text.startsWith('\ufeff') ? decoded.text.slice(1) : decoded.text;
  if (text.trim() === '') throw invalid('The file is empty.');
  const binaryLine = firstBinaryLine(text);
  if (binaryLine !== null) {
    throw invalid(`The file contains binary data (first on line ${binaryLine}); it is not a CSV text file.`);
  }
  return { text, warnings: decoded.warnings };
}
