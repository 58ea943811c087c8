// The build (build.mjs) imports these files' text as a string (esbuild's `text` loader).
declare module '*.yaml' {
  const text: string;
  export default text;
}
