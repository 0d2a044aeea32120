/** Reading a contacts CSV: encoding and delimiter found from the bytes, as spreadsheets save them. */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { charsetOf, csvDelimiter, csvEncoding, decodeCsvFile } from '../../core/csv-file';

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
