/**
 * The catalog's shape. English (en/) is the source: its keys are `MessageKey`, and every other language is a
 * `Catalog`, so a key missing from (or unknown to) a translation fails `tsc`. test/core/i18n-catalogs.spec.ts
 * checks what types cannot: the same ICU arguments in both languages, and every Czech plural with
 * one / few / many / other.
 */
import type { en } from './en';

export type MessageKey = keyof typeof en;
export type Catalog = Readonly<Record<MessageKey, string>>;
/** One area's part of a translation: exactly the keys of the English part. */
export type CatalogPart<EnglishPart> = Readonly<Record<keyof EnglishPart, string>>;
