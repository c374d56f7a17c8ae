// Draws Apostil's icon — a cream "A" under an amber closing quote on an ink-blue tile —
// from one set of shapes into icon.svg and NxN.png, with no image tools installed.
//
//   node resources/icons/generate.mjs
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = new URL('./', import.meta.url);
const SIZES = [1024, 512, 256, 128, 64, 48, 32, 16];
const UNITS = 1024;

const TILE = { inset: 48, radius: 208, top: [0x2e, 0x47, 0x66], bottom: [0x1b, 0x2a, 0x3e] };
const CREAM = [0xf5, 0xed, 0xdc];
const AMBER = [0xe8, 0xa8, 0x3e];

// The "A": legs sloping 0.32 per unit of height, 110 wide, a crossbar from y 606 to 696.
const A_OUTER = [
  [452, 222], [572, 222], [764, 826], [654, 826], [613, 696], [411, 696], [370, 826], [260, 826],
];
const A_COUNTER = [
  [512, 380], [584, 606], [440, 606],
];

/** A comma-shaped quote stroke: a round head and a tail that curls down and to the left. */
function comma(cx, cy, r) {
  const pts = [];
  for (let i = 0; i <= 24; i++) {
    const a = Math.PI * (1 + i / 24);
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const x = cx + r * (1 - 0.2 * t) - 1.7 * r * t * t;
    const y = cy + 2.3 * r * t;
    pts.push([x, y]);
  }
  for (let i = 16; i >= 0; i--) {
    const t = i / 16;
    const x = cx - r * 0.15 - 0.7 * r * t * t + 0.5 * r * t;
    const y = cy + r * 0.95 + 1.35 * r * t;
    pts.push([x, y]);
  }
  return pts;
}

const QUOTE = [comma(676, 188, 50), comma(800, 188, 50)];

/** Shapes in paint order: fill colour (or a function of y) and even-odd polygons. */
const SHAPES = [
  { fill: (y) => mix(TILE.top, TILE.bottom, (y - TILE.inset) / (UNITS - 2 * TILE.inset)), polys: [roundedRect(TILE.inset, TILE.inset, UNITS - 2 * TILE.inset, TILE.radius)] },
  { fill: () => CREAM, polys: [A_OUTER, A_COUNTER] },
  ...QUOTE.map((q) => ({ fill: () => AMBER, polys: [q] })),
];

function roundedRect(x0, y0, size, r) {
  const pts = [];
  const corners = [
    [x0 + size - r, y0 + r, -Math.PI / 2],
    [x0 + size - r, y0 + size - r, 0],
    [x0 + r, y0 + size - r, Math.PI / 2],
    [x0 + r, y0 + r, Math.PI],
  ];
  for (const [cx, cy, start] of corners) {
    for (let i = 0; i <= 16; i++) {
      const a = start + (Math.PI / 2) * (i / 16);
      pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
  }
  return pts;
}

function mix(a, b, t) {
  const k = Math.min(1, Math.max(0, t));
  return a.map((v, i) => Math.round(v + (b[i] - v) * k));
}

function inside(polys, x, y) {
  let odd = false;
  for (const poly of polys) {
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

function bounds(polys) {
  const xs = polys.flat().map((p) => p[0]);
  const ys = polys.flat().map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function render(size) {
  const samples = size <= 64 ? 8 : size <= 256 ? 6 : 4;
  const scale = UNITS / size;
  const rgba = new Float64Array(size * size * 4);
  for (const shape of SHAPES) {
    const [bx0, by0, bx1, by1] = bounds(shape.polys);
    const px0 = Math.max(0, Math.floor(bx0 / scale));
    const py0 = Math.max(0, Math.floor(by0 / scale));
    const px1 = Math.min(size - 1, Math.ceil(bx1 / scale));
    const py1 = Math.min(size - 1, Math.ceil(by1 / scale));
    for (let py = py0; py <= py1; py++) {
      const color = shape.fill((py + 0.5) * scale);
      for (let px = px0; px <= px1; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (inside(shape.polys, (px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale)) hits++;
          }
        }
        if (!hits) continue;
        const cover = hits / (samples * samples);
        const o = (py * size + px) * 4;
        const a = rgba[o + 3];
        const outA = cover + a * (1 - cover);
        for (let c = 0; c < 3; c++) rgba[o + c] = (color[c] * cover + rgba[o + c] * a * (1 - cover)) / outA;
        rgba[o + 3] = outA;
      }
    }
  }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      const d = y * (size * 4 + 1) + 1 + x * 4;
      raw[d] = Math.round(rgba[o]);
      raw[d + 1] = Math.round(rgba[o + 1]);
      raw[d + 2] = Math.round(rgba[o + 2]);
      raw[d + 3] = Math.round(rgba[o + 3] * 255);
    }
  }
  return png(size, raw);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function pathData(polys) {
  return polys.map((p) => `M${p.map(([x, y]) => `${+x.toFixed(1)} ${+y.toFixed(1)}`).join('L')}Z`).join('');
}

function hex(c) {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function svg() {
  const s = UNITS - 2 * TILE.inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${UNITS} ${UNITS}" width="${UNITS}" height="${UNITS}">
  <title>Apostil</title>
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${hex(TILE.top)}"/>
      <stop offset="1" stop-color="${hex(TILE.bottom)}"/>
    </linearGradient>
  </defs>
  <rect x="${TILE.inset}" y="${TILE.inset}" width="${s}" height="${s}" rx="${TILE.radius}" fill="url(#tile)"/>
  <path fill="${hex(CREAM)}" fill-rule="evenodd" d="${pathData([A_OUTER, A_COUNTER])}"/>
  <path fill="${hex(AMBER)}" d="${pathData(QUOTE)}"/>
</svg>
`;
}

writeFileSync(new URL('icon.svg', OUT), svg());
for (const size of SIZES) writeFileSync(new URL(`${size}x${size}.png`, OUT), render(size));
console.log(`wrote icon.svg and ${SIZES.map((s) => `${s}x${s}.png`).join(', ')}`);
