// Builds .xlsx files for the import tests, part by part as Excel lays them out, so that each test
// can say exactly what a workbook holds: shared or inline strings, date styles, formulas, merged
// cells, several sheets, and hostile variations of each.
import { type Zippable, zipSync } from 'fflate';
import { spreadsheetColumn } from '../../src/main/services/common';

/** A cell as a test writes it: text (shared string), a number, or an explicit cell. */
export type TestCell =
  | string
  | number
  | null
  | { date: number; style?: 'date' | 'dateTime' }
  | { formula: string; value?: string | number }
  | { inline: string }
  | { error: string }
  | { boolean: boolean };

export interface TestSheet {
  name: string;
  rows: TestCell[][];
  /** The row number of the first row (Excel shows 1 for the top row). */
  firstRow?: number;
  merges?: string[];
}

export interface WorkbookOptions {
  date1904?: boolean;
  /** Parts to replace or add, by path, after the workbook is laid out. */
  override?: Record<string, string | Uint8Array>;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Style indexes in the styles part below: 0 general, 1 a date (built-in 14), 2 a custom date and time. */
const STYLE_INDEX = { date: 1, dateTime: 2 } as const;

const STYLES_XML = `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="d\\.m\\.yyyy\\.\\ h:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`;

/** The .xlsx bytes of a workbook with these sheets. */
export function workbook(sheets: TestSheet[], options: WorkbookOptions = {}): Uint8Array {
  const sharedStrings: string[] = [];
  const sharedIndex = new Map<string, number>();
  const share = (text: string): number => {
    let index = sharedIndex.get(text);
    if (index === undefined) {
      index = sharedStrings.length;
      sharedStrings.push(text);
      sharedIndex.set(text, index);
    }
    return index;
  };
  const cellXml = (cell: TestCell, reference: string): string => {
    if (cell === null) return '';
    if (typeof cell === 'string') return `<c r="${reference}" t="s"><v>${share(cell)}</v></c>`;
    if (typeof cell === 'number') return `<c r="${reference}"><v>${cell}</v></c>`;
    if ('date' in cell) return `<c r="${reference}" s="${STYLE_INDEX[cell.style ?? 'dateTime']}"><v>${cell.date}</v></c>`;
    if ('formula' in cell) {
      const value = cell.value === undefined ? '' : `<v>${escapeXml(String(cell.value))}</v>`;
      return `<c r="${reference}"${typeof cell.value === 'string' ? ' t="str"' : ''}><f>${escapeXml(cell.formula)}</f>${value}</c>`;
    }
    if ('inline' in cell) return `<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell.inline)}</t></is></c>`;
    if ('error' in cell) return `<c r="${reference}" t="e"><v>${escapeXml(cell.error)}</v></c>`;
    return `<c r="${reference}" t="b"><v>${cell.boolean ? 1 : 0}</v></c>`;
  };
  const parts: Zippable = {};
  const text = (content: string): Uint8Array => new TextEncoder().encode(content);
  sheets.forEach((sheet, index) => {
    const first = sheet.firstRow ?? 1;
    const rows = sheet.rows
      .map((cells, offset) => {
        const number = first + offset;
        return `<row r="${number}">${cells.map((cell, column) => cellXml(cell, `${spreadsheetColumn(column)}${number}`)).join('')}</row>`;
      })
      .join('');
    const merges = sheet.merges?.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '';
    parts[`xl/worksheets/sheet${index + 1}.xml`] = text(`${XML_HEADER}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData>${merges}</worksheet>`);
  });
  parts['xl/workbook.xml'] = text(
    `${XML_HEADER}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets
      .map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  parts['xl/_rels/workbook.xml.rels'] = text(
    `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
      .join('')}<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
  );
  parts['xl/sharedStrings.xml'] = text(
    `${XML_HEADER}<sst xmlns="${MAIN_NS}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${sharedStrings
      .map((entry) => `<si><t xml:space="preserve">${escapeXml(entry)}</t></si>`)
      .join('')}</sst>`,
  );
  parts['xl/styles.xml'] = text(STYLES_XML);
  parts['[Content_Types].xml'] = text(`${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`);
  for (const [path, content] of Object.entries(options.override ?? {})) parts[path] = typeof content === 'string' ? text(content) : content;
  return zipSync(parts);
}

/** Excel's date number for a wall-clock time (the 1900 system), e.g. 2024-03-05 14:30 → 45356.604166…. */
export function excelSerial(wallClock: string): number {
  const [day, time = '00:00'] = wallClock.split(' ');
  const milliseconds = Date.parse(`${day}T${time}:00Z`) - Date.UTC(1899, 11, 30);
  return milliseconds / 86_400_000;
}
