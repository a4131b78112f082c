// The anonymised summary as an Excel workbook: an "about" sheet, the notes on suppression on their
// own sheet, then one sheet per table, with the CSV's table and column names.
// SpreadsheetML is written here and zipped with fflate (already the import's unzipper), because
// what the file must not say matters as much as what it says: no author, no creation time (ZIP
// entries dated 1980-01-01, no docProps), the same bytes for the same summary, every text cell an
// inline string marked quotePrefix (Excel shows it as text, and never reads it as a formula even
// when it is edited), and no <f> element anywhere.
import { zipSync } from 'fflate';
import type { SummaryExport } from '@shared/exchange';
import { spreadsheetColumn } from '../common';
import { type SummaryTable, summaryAbout, summaryTables } from './writers';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** ZIP has no time zone: local midnight of its first representable day, whatever the machine's. */
const FIXED_ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Style indexes in STYLES: 0 a number, 1 text (quotePrefix), 2 a header cell (bold text). */
const TEXT_STYLE = 1;
const HEADER_STYLE = 2;

const STYLES = `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" quotePrefix="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

// XML 1.0 cannot carry most control characters at all, even escaped.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string): string {
  return text.replace(NOT_IN_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}


type Cell = string | number | null | undefined;

function cellXml(value: Cell, reference: string, style = TEXT_STYLE): string {
  if (value === undefined) return '';
  // Every figure is a whole number of zero or more; a suppressed one is the text "x".
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return `<c r="${reference}"><v>${value}</v></c>`;
  const text = value === null ? 'x' : String(value);
  return `<c r="${reference}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

interface Sheet {
  name: string;
  header: string[];
  rows: Iterable<readonly Cell[]>;
  widths: number[];
}

function sheetXml(sheet: Sheet): string {
  const parts: string[] = [`${XML_HEADER}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`];
  // The header row stays in view while the table scrolls.
  parts.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
  parts.push(`<cols>${sheet.widths.map((width, index) => `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`).join('')}</cols>`);
  parts.push('<sheetData>');
  parts.push(`<row r="1">${sheet.header.map((name, index) => cellXml(name, `${spreadsheetColumn(index)}1`, HEADER_STYLE)).join('')}</row>`);
  let number = 1;
  for (const row of sheet.rows) {
    number += 1;
    parts.push(`<row r="${number}">${row.map((value, index) => cellXml(value, `${spreadsheetColumn(index)}${number}`)).join('')}</row>`);
  }
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

function tableSheet(table: SummaryTable): Sheet {
  return {
    name: table.name.slice(0, 31), // Excel's longest sheet name
    header: [...table.columns],
    rows: table.rows.map((row) => table.columns.map((column) => row[column])),
    widths: table.columns.map((column) => Math.max(12, column.length + 4)),
  };
}

/** The workbook's sheets: about, notes, then the tables. */
function summarySheets(summary: SummaryExport): Sheet[] {
  const about = summaryAbout(summary).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)];
  });
  return [
    { name: 'about', header: ['key', 'value'], rows: about, widths: [18, 60] },
    { name: 'notes', header: ['note'], rows: summary.notes.map((note) => [note]), widths: [120] },
    ...summaryTables(summary).map(tableSheet),
  ];
}

const encoder = new TextEncoder();

/** The summary as .xlsx bytes: the same bytes for the same summary. */
export function summaryXlsx(summary: SummaryExport): Buffer {
  const sheets = summarySheets(summary);
  const entry = (text: string): Uint8Array => encoder.encode(text);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': entry(
      `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': entry(`${XML_HEADER}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': entry(
      `${XML_HEADER}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': entry(
      `${XML_HEADER}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        sheets.map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': entry(STYLES),
  };
  sheets.forEach((sheet, index) => {
    files[`xl/worksheets/sheet${index + 1}.xml`] = entry(sheetXml(sheet));
  });
  const zipped = zipSync(files, { level: 6, mtime: FIXED_ENTRY_TIME });
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
