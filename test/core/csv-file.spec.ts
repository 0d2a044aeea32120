/** Reading a contacts CSV: encoding and delimiter found from the bytes, as spreadsheets save them. */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  charsetOf,
  csvDelimiter,
  csvEncoding,
  csvRecordReader,
  CsvSyntaxError,
  decodeCsvFile,
} from '../../core/csv-file';

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

test('encoding: named charset, then BOM, then valid UTF-8, else Windows-1250', () => {
  expect(csvEncoding(utf8('phone'), 'windows-1252')).toEqual({ ok: true, encoding: 'windows-1252' });
  expect(csvEncoding(utf8('phone'), 'latin2')).toEqual({ ok: true, encoding: 'iso-8859-2' });
  expect(csvEncoding(utf8('phone'), 'klingon')).toEqual({
    ok: false,
    reason: expect.stringContaining('"klingon"'),
  });
  expect(csvEncoding(bytes(0xef, 0xbb, 0xbf, 0x70), null)).toEqual({ ok: true, encoding: 'utf-8' });
  expect(csvEncoding(bytes(0xff, 0xfe, 0x70, 0x00), null)).toEqual({ ok: true, encoding: 'utf-16le' });
  expect(csvEncoding(bytes(0xfe, 0xff, 0x00, 0x70), null)).toEqual({ ok: true, encoding: 'utf-16be' });
  expect(csvEncoding(utf8('name\nPříliš žluťoučký kůň'), null)).toEqual({ ok: true, encoding: 'utf-8' });
  // "Příliš" in Windows-1250: 0xF8 0xED are not UTF-8.
  expect(csvEncoding(bytes(0x50, 0xf8, 0xed, 0x6c, 0x69, 0x9a), null)).toEqual({
    ok: true,
    encoding: 'windows-1250',
  });
  // A UTF-8 "ř" cut in two by the end of the sample is still UTF-8.
  expect(csvEncoding(utf8('Dvořák').subarray(0, 4), null)).toEqual({ ok: true, encoding: 'utf-8' });
});

test('delimiter: the one the header uses most outside quotes; one column reads as a comma', () => {
  expect(csvDelimiter('phone;name;city\r\n+420 601 123 456;Novák, Jan;Brno')).toBe(';');
  expect(csvDelimiter('phone,name\n1;2;3;4')).toBe(',');
  expect(csvDelimiter('"phone, mobile";"name, full"\r\n')).toBe(';');
  expect(csvDelimiter('phone\tname\tplan\n')).toBe('\t');
  expect(csvDelimiter('phone\n+12025550100\n')).toBe(',');
  expect(csvDelimiter('')).toBe(',');
});

test('charset from Content-Type', () => {
  expect(charsetOf('text/csv; charset=Windows-1250')).toBe('windows-1250');
  expect(charsetOf('text/csv;charset="utf-8"')).toBe('utf-8');
  expect(charsetOf('text/csv')).toBeNull();
});

test("the app decodes a chosen file as the server would: Excel's Windows-1250 and UTF-8 with BOM keep their letters", () => {
  const fixture = (name: string) =>
    new Uint8Array(readFileSync(new URL(`../server/fixtures/${name}`, import.meta.url)));
  const legacy = decodeCsvFile(fixture('excel-cs-windows-1250.csv'));
  expect(legacy).toContain('Příliš žluťoučký kůň');
  expect(legacy).toContain('Plzeň');
  expect(legacy).not.toContain('\uFFFD');
  expect(decodeCsvFile(fixture('excel-cs-utf8-bom-semicolon.csv'))).not.toContain('\uFFFD');
});

/** Every way of cutting `text` into two pieces gives the same records as reading it whole. */
function readInPieces(text: string, delimiter: string): string[][][] {
  const results: string[][][] = [];
  for (let cut = 0; cut <= text.length; cut++) {
    const reader = csvRecordReader(delimiter);
    results.push([...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut)), ...reader.end()]);
  }
  return results;
}

test('records: quotes, doubled quotes, CRLF, CR, BOM, blank lines and padding read as csv-parse reads them, however the text is cut', () => {
  const files: Array<[string, string]> = [
    ['\ufeffphone,name\r\n+420601123456, Jan Novák \r\n\r\n"+420 601 123 457","Doe, ""JD"" John"\r\n', ','],
    ['phone;name;note\n601123456;"two\nlines";x\n;;\n602123456;  "padded"  ;\n', ';'],
    ['phone\tname\r601123456\tAnn\r602123456\t\r', '\t'],
    ['phone,name\n1,a,extra\n2\n"3",""\n', ','],
  ];
  for (const [text, delimiter] of files) {
    const expected = parseCsv(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      relax_column_count: true,
    }) as string[][];
    for (const records of readInPieces(text, delimiter)) expect(records).toEqual(expected);
  }
});

test('records: a quote never closed, or a quote inside a plain field, is refused with its line', () => {
  const unclosed = csvRecordReader(',');
  unclosed.push('phone,name\n"+12025550100,Ann\n');
  expect(() => unclosed.end()).toThrow(CsvSyntaxError);
  expect(() => csvRecordReader(',').push('phone,name\n12"34,Ann\n')).toThrow(
    /line 2: a quote inside a field/,
  );
  expect(() => csvRecordReader(',').push('phone\n"12"x\n')).toThrow(/line 2: a closing quote/);
});
