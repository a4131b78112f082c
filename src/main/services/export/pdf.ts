// The PDF port: HTML in, PDF bytes out. The Electron shell implements it with
// webContents.printToPDF; chromiumPrinter.ts implements it with Chromium for the CLI and tests.
export type PdfPrinter = (html: string) => Promise<Buffer>;

/**
 * Chromium (and so Electron) stamps the exact creation time into a PDF's metadata, as
 * D:YYYYMMDDHHmmSS in the Info dictionary (and, in some versions, as ISO instants in XMP).
 * Nothing finer than a month may leave: every such stamp becomes the first of its month at
 * 00:00:00. Each replacement has the same length, so every byte offset and the cross-reference
 * table stay valid.
 */
export function scrubPdfTimestamps(pdf: Buffer): Buffer {
  const scrubbed = pdf
    .toString('latin1')
    .replace(/D:(\d{6})\d{8}/g, 'D:$101000000')
    .replace(/(\d{4}-\d{2})-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?/g, (_match, month: string, fraction: string | undefined) =>
      `${month}-01T00:00:00${fraction ? `.${'0'.repeat(fraction.length - 1)}` : ''}`,
    );
  return Buffer.from(scrubbed, 'latin1');
}
