// Types for the parts of @custom-elements-manifest/analyzer that the build calls (the package types only its plugin API).
declare module '@custom-elements-manifest/analyzer/src/create.js' {
  export function create(options: {
    modules: import('typescript').SourceFile[];
    plugins?: unknown[];
  }): unknown;
}
declare module '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js' {
  export function litPlugin(): unknown[];
}
