/**
 * The widget build's outputs the site is generated from: `dist/widget/manifest.json` (file sizes and
 * Subresource Integrity hashes) and `dist/widget/custom-elements.json` (the custom-elements manifest).
 * Both are written by `npm run build:widget`.
 */
import { MissingBuildInputError, readJsonInput } from './build-inputs.ts';

const BUILD_WIDGET = 'npm run build:widget';
export const WIDGET_MANIFEST_PATH = 'dist/widget/manifest.json';
export const CUSTOM_ELEMENTS_PATH = 'dist/widget/custom-elements.json';
/** The classic script a merchant page loads with one tag. */
export const WIDGET_SCRIPT = 'cargopay.js';

export interface WidgetFile {
  name: string;
  /** Bytes. */
  size: number;
  /** Bytes, gzip-compressed. */
  gzip: number;
  /** `sha384-…`, for the `integrity` attribute. */
  integrity: string;
}

function isWidgetFile(value: unknown): value is WidgetFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  return (
    typeof file.name === 'string' &&
    typeof file.size === 'number' &&
    typeof file.gzip === 'number' &&
    typeof file.integrity === 'string' &&
    /^sha384-[A-Za-z0-9+/]{64}$/.test(file.integrity)
  );
}

/** The widget build's files, as listed in `dist/widget/manifest.json`. */
export function widgetFiles(): WidgetFile[] {
  const manifest = readJsonInput(WIDGET_MANIFEST_PATH, BUILD_WIDGET) as { files?: unknown };
  if (!Array.isArray(manifest.files) || !manifest.files.every(isWidgetFile)) {
    throw new MissingBuildInputError(
      WIDGET_MANIFEST_PATH,
      BUILD_WIDGET,
      'does not list `files` as { name, size, gzip, integrity: "sha384-…" }',
    );
  }
  return manifest.files;
}

/** The one-tag script (`cargopay.js`) with its size and SRI hash. */
export function widgetScript(): WidgetFile {
  const file = widgetFiles().find(
    (entry) => entry.name === WIDGET_SCRIPT || entry.name.endsWith(`/${WIDGET_SCRIPT}`),
  );
  if (!file) {
    throw new MissingBuildInputError(WIDGET_MANIFEST_PATH, BUILD_WIDGET, `does not list ${WIDGET_SCRIPT}`);
  }
  return file;
}

/* The parts of the custom-elements manifest schema (https://github.com/webcomponents/custom-elements-manifest) the site reads. */
export interface CemType {
  text: string;
}
export interface CemAttribute {
  name: string;
  type?: CemType;
  default?: string;
  description?: string;
  fieldName?: string;
}
export interface CemMember {
  kind: 'field' | 'method';
  name: string;
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
  type?: CemType;
  default?: string;
  description?: string;
  attribute?: string;
  reflects?: boolean;
  readonly?: boolean;
  parameters?: { name: string; type?: CemType; description?: string }[];
  return?: { type?: CemType };
}
export interface CemNamed {
  name: string;
  description?: string;
  type?: CemType;
  default?: string;
  syntax?: string;
}
export interface CemCustomElement {
  kind: 'class';
  customElement: true;
  name: string;
  tagName: string;
  summary?: string;
  description?: string;
  attributes?: CemAttribute[];
  members?: CemMember[];
  events?: CemNamed[];
  slots?: CemNamed[];
  cssParts?: CemNamed[];
  cssProperties?: CemNamed[];
}
interface CemModule {
  path: string;
  declarations?: ({ customElement?: boolean; tagName?: string } & Record<string, unknown>)[];
}

/** Every custom element declared in `dist/widget/custom-elements.json`, with its module path. */
export function customElements(): (CemCustomElement & { module: string })[] {
  const manifest = readJsonInput(CUSTOM_ELEMENTS_PATH, BUILD_WIDGET) as { modules?: CemModule[] };
  const elements = (manifest.modules ?? []).flatMap((module) =>
    (module.declarations ?? [])
      .filter((declaration) => declaration.customElement === true && typeof declaration.tagName === 'string')
      .map((declaration) => ({ ...(declaration as unknown as CemCustomElement), module: module.path })),
  );
  if (elements.length === 0) {
    throw new MissingBuildInputError(
      CUSTOM_ELEMENTS_PATH,
      BUILD_WIDGET,
      'declares no custom element with a tag name',
    );
  }
  return elements;
}

/** The `<cargopay-checkout>` declaration. */
export function checkoutElement(): CemCustomElement & { module: string } {
  const element = customElements().find((entry) => entry.tagName === 'cargopay-checkout');
  if (!element) {
    throw new MissingBuildInputError(
      CUSTOM_ELEMENTS_PATH,
      BUILD_WIDGET,
      'does not declare <cargopay-checkout>',
    );
  }
  return element;
}
