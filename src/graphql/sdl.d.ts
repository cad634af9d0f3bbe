/** The SDL files, bundled as text (esbuild's text loader; a Vite plugin in tests). */
declare module '*.graphql' {
  const sdl: string;
  export default sdl;
}
