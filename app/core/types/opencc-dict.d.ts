/** OpenCC dictionaries as opencc-js ships them: `"from to [alternatives]|…"` (the files have no type declarations). */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
