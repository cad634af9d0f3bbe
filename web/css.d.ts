// esbuild bundles style sheets imported by the page's modules.
declare module '*.css';
