#!/usr/bin/env node
/**
 * Draws the listing photos property-service points at (/photos/<property-slug>-<n>.svg): for each
 * demo property an exterior (1), a living room (2) and a kitchen (3), in that property's colours.
 * The demo ships its own pictures: no stock photos, no links to anyone else's server.
 *
 *   node market-portal/scripts/make-photos.mjs     (writes market-portal/public/photos/*.svg)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public", "photos");

const PROPERTIES = [
  {
    slug: "alder-court",
    name: "Alder Court",
    building: "brick",
    sky: ["#bcd9e8", "#eef5f2"],
    facade: "#a24e36",
    facadeDark: "#7d3925",
    trim: "#f3ece0",
    accent: "#2f6b4f",
    wall: "#efe4d2",
    floor: "#b07a4f",
    sofa: "#3f6e5a",
    rug: "#d9a46b",
    cabinet: "#2f5d4a",
    tile: "#e9efe9",
  },
  {
    slug: "riverside-lofts",
    name: "Riverside Lofts",
    building: "loft",
    sky: ["#aac4dc", "#e8eef3"],
    facade: "#4d6478",
    facadeDark: "#33475a",
    trim: "#1f2a33",
    accent: "#4f8fb3",
    wall: "#dfe3e6",
    floor: "#8a6a4f",
    sofa: "#c8663b",
    rug: "#3d5a73",
    cabinet: "#3b4650",
    tile: "#f4f4f1",
  },
  {
    slug: "congress-flats",
    name: "Congress Flats",
    building: "flats",
    sky: ["#f6c98f", "#fdf0dc"],
    facade: "#e2b27a",
    facadeDark: "#c48e52",
    trim: "#fffaf1",
    accent: "#2bb3b1",
    wall: "#f7e6cf",
    floor: "#c9a27a",
    sofa: "#2b8c8a",
    rug: "#e07a4f",
    cabinet: "#f2f0ea",
    tile: "#9fd8d3",
  },
  {
    slug: "larimer-house",
    name: "Larimer House",
    building: "victorian",
    sky: ["#c7c0e0", "#f1eef7"],
    facade: "#6a4b7d",
    facadeDark: "#4c3359",
    trim: "#f4e9d8",
    accent: "#c98b3c",
    wall: "#e9dfe9",
    floor: "#7a5236",
    sofa: "#8a3b4f",
    rug: "#c98b3c",
    cabinet: "#4c3359",
    tile: "#efe6d6",
  },
];

const W = 800;
const H = 600;

function svg(title, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${title}">
<title>${title}</title>
${body.trim()}
</svg>
`;
}

function sky(p, id) {
  return `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.sky[0]}"/><stop offset="1" stop-color="${p.sky[1]}"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#${id})"/>
<circle cx="660" cy="110" r="46" fill="#fff6da" opacity="0.9"/>
<g fill="#ffffff" opacity="0.85"><ellipse cx="170" cy="110" rx="70" ry="22"/><ellipse cx="215" cy="95" rx="45" ry="24"/><ellipse cx="520" cy="70" rx="55" ry="16"/></g>`;
}

function tree(x, y, scale, leaf) {
  return `<g transform="translate(${x} ${y}) scale(${scale})"><rect x="-6" y="-10" width="12" height="60" fill="#6b4a32"/><circle cx="0" cy="-40" r="42" fill="${leaf}"/><circle cx="-26" cy="-18" r="26" fill="${leaf}"/><circle cx="28" cy="-20" r="28" fill="${leaf}"/><circle cx="8" cy="-60" r="24" fill="#ffffff" opacity="0.08"/></g>`;
}

function palm(x, y, scale) {
  const frond = (a) => `<path d="M0 0 Q 40 -30 90 -10 Q 40 -18 0 0Z" fill="#3f8f5a" transform="rotate(${a})"/>`;
  return `<g transform="translate(${x} ${y}) scale(${scale})"><path d="M-5 0 Q 8 90 -2 190 L 8 190 Q 18 90 5 0Z" fill="#8b6a45"/>${[-160, -120, -60, -20, 20].map(frond).join("")}</g>`;
}

function windowsGrid(x0, y0, cols, rows, w, h, gapX, gapY, frame, glass, extra = "") {
  let out = "";
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = x0 + c * (w + gapX);
      const y = y0 + r * (h + gapY);
      out += `<rect x="${x - 4}" y="${y - 4}" width="${w + 8}" height="${h + 8}" fill="${frame}"/><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${glass}"/><path d="M${x + w / 2} ${y}V${y + h}M${x} ${y + h / 2}H${x + w}" stroke="${frame}" stroke-width="3"/>${extra}`;
    }
  }
  return out;
}

const GLASS = "#cfe6f2";

function exterior(p) {
  const ground = `<rect y="500" width="${W}" height="100" fill="#8fb07a"/><rect y="520" width="${W}" height="80" fill="#a9c48f"/><rect x="0" y="540" width="${W}" height="30" fill="#d8d2c4"/>`;
  let building = "";
  if (p.building === "brick") {
    building = `<rect x="190" y="170" width="420" height="340" fill="${p.facade}"/>
<rect x="180" y="158" width="440" height="18" fill="${p.trim}"/><rect x="190" y="176" width="420" height="8" fill="${p.facadeDark}"/>
<g stroke="${p.facadeDark}" stroke-width="1.5" opacity="0.45">${Array.from({ length: 16 }, (_, i) => `<path d="M190 ${200 + i * 20}H610"/>`).join("")}</g>
${windowsGrid(222, 205, 5, 3, 50, 62, 28, 34, p.trim, GLASS)}
<path d="M365 510V440a35 35 0 0 1 70 0V510Z" fill="${p.trim}"/><path d="M375 510V444a25 25 0 0 1 50 0V510Z" fill="${p.accent}"/>
<rect x="340" y="500" width="120" height="10" fill="#cfc6b6"/>
<g fill="#4f7f45"><rect x="190" y="480" width="150" height="30" rx="14"/><rect x="460" y="480" width="150" height="30" rx="14"/></g>
${tree(110, 470, 1.4, "#5f8f4f")}${tree(700, 475, 1.2, "#6f9c55")}`;
  } else if (p.building === "loft") {
    building = `<rect x="120" y="190" width="560" height="320" fill="${p.facade}"/>
<rect x="120" y="178" width="560" height="16" fill="${p.facadeDark}"/>
<g transform="translate(560 90)"><rect x="0" y="30" width="70" height="60" rx="6" fill="#7a5b43"/><path d="M-6 30 L35 0 L76 30Z" fill="#5e4433"/><path d="M8 90V105M62 90V105" stroke="#33475a" stroke-width="5"/></g>
${[0, 1].map((r) => [0, 1, 2, 3].map((c) => {
      const x = 150 + c * 130;
      const y = 215 + r * 140;
      return `<rect x="${x}" y="${y}" width="110" height="110" fill="${p.trim}"/><rect x="${x + 6}" y="${y + 6}" width="98" height="98" fill="#d7e7f0"/><g stroke="${p.trim}" stroke-width="3">${[1, 2, 3].map((k) => `<path d="M${x + 6 + k * 24.5} ${y + 6}V${y + 104}M${x + 6} ${y + 6 + k * 24.5}H${x + 104}"/>`).join("")}</g><rect x="${x + 8}" y="${y + 8}" width="40" height="40" fill="#ffffff" opacity="0.35"/>`;
    }).join("")).join("")}
<rect x="340" y="470" width="120" height="40" fill="${p.trim}"/><text x="400" y="496" text-anchor="middle" font-family="system-ui, sans-serif" font-size="16" font-weight="700" fill="#e8eef3" letter-spacing="3">LOFTS</text>`;
    const river = `<rect y="515" width="${W}" height="85" fill="#5f8fb0"/><g stroke="#cfe3f0" stroke-width="3" stroke-linecap="round" opacity="0.8"><path d="M60 545h60M220 565h90M420 550h70M600 572h80M300 585h50"/></g><rect y="505" width="${W}" height="14" fill="#9a9a8f"/>`;
    return svg(`${p.name}: a brick-and-steel loft building by the river`, `${sky(p, "sky")}${building}${river}`);
  } else if (p.building === "flats") {
    building = `<rect x="90" y="260" width="620" height="220" fill="${p.facade}"/>
<rect x="80" y="250" width="640" height="16" fill="${p.trim}"/><rect x="90" y="362" width="620" height="10" fill="${p.trim}"/>
${windowsGrid(120, 285, 6, 2, 64, 56, 36, 50, p.trim, GLASS)}
<g fill="none" stroke="${p.facadeDark}" stroke-width="4">${[0, 1, 2, 3, 4, 5].map((c) => `<path d="M${112 + c * 100} 352h80"/>`).join("")}</g>
<rect x="230" y="495" width="340" height="38" rx="16" fill="${p.accent}"/><path d="M250 512c20-8 40 8 60 0s40 8 60 0 40 8 60 0 40 8 60 0" stroke="#d8f6f4" stroke-width="4" fill="none"/>
<g fill="#ffffff"><rect x="160" y="505" width="50" height="8" rx="3"/><rect x="590" y="505" width="50" height="8" rx="3"/></g>
${palm(60, 320, 1.1)}${palm(740, 330, 1)}`;
    return svg(`${p.name}: sunny low-rise flats with a pool`, `${sky(p, "sky")}<rect y="480" width="${W}" height="120" fill="#e9d6b5"/>${building}`);
  } else {
    building = `<rect x="250" y="230" width="300" height="280" fill="${p.facade}"/>
<path d="M230 240 L400 120 L570 240Z" fill="${p.facadeDark}"/><path d="M262 240 L400 143 L538 240Z" fill="none" stroke="${p.trim}" stroke-width="6"/>
<circle cx="400" cy="200" r="22" fill="${p.trim}"/><circle cx="400" cy="200" r="15" fill="${GLASS}"/>
<rect x="480" y="180" width="100" height="330" fill="${p.facade}"/><path d="M470 185 L530 95 L590 185Z" fill="${p.facadeDark}"/><rect x="526" y="78" width="8" height="20" fill="${p.accent}"/>
${windowsGrid(500, 215, 1, 3, 60, 70, 0, 40, p.trim, GLASS)}
${windowsGrid(280, 265, 2, 2, 58, 80, 60, 40, p.trim, GLASS)}
<rect x="240" y="450" width="250" height="14" fill="${p.trim}"/><g fill="${p.trim}">${[0, 1, 2, 3, 4].map((i) => `<rect x="${250 + i * 56}" y="464" width="8" height="46"/>`).join("")}</g>
<rect x="372" y="440" width="56" height="70" fill="${p.accent}"/><rect x="372" y="440" width="56" height="70" fill="none" stroke="${p.trim}" stroke-width="5"/>
<g stroke="${p.trim}" stroke-width="4" fill="none"><path d="M250 230h300M250 300h230"/></g>
${tree(140, 470, 1.3, "#6a8f54")}${tree(680, 475, 1.15, "#7c9c5a")}`;
  }
  const labels = {
    brick: "a 1920s brick walk-up with a courtyard garden",
    victorian: "a restored Victorian house with a turret and porch",
  };
  return svg(`${p.name}: ${labels[p.building]}`, `${sky(p, "sky")}${ground}${building}`);
}

function livingRoom(p) {
  return svg(
    `${p.name}: living room with a sofa and a big window`,
    `<rect width="${W}" height="${H}" fill="${p.wall}"/>
<rect y="430" width="${W}" height="170" fill="${p.floor}"/>
<g stroke="#000" stroke-opacity="0.08" stroke-width="2">${Array.from({ length: 9 }, (_, i) => `<path d="M${i * 100} 430V600"/>`).join("")}</g>
<rect y="422" width="${W}" height="10" fill="#ffffff" opacity="0.6"/>
<rect x="440" y="70" width="280" height="300" fill="#ffffff"/><rect x="452" y="82" width="256" height="276" fill="${p.sky[0]}"/>
<rect x="452" y="260" width="256" height="98" fill="${p.accent}" opacity="0.35"/><circle cx="650" cy="140" r="26" fill="#fff6da"/>
<path d="M580 82V358M452 220H708" stroke="#ffffff" stroke-width="8"/>
<rect x="430" y="368" width="300" height="12" fill="#ffffff"/>
<rect x="90" y="110" width="150" height="110" fill="#ffffff"/><rect x="102" y="122" width="126" height="86" fill="${p.rug}"/><circle cx="140" cy="170" r="22" fill="${p.sofa}" opacity="0.8"/><path d="M102 208 L170 150 L228 208Z" fill="${p.facadeDark}" opacity="0.7"/>
<ellipse cx="330" cy="525" rx="260" ry="45" fill="${p.rug}" opacity="0.9"/>
<rect x="70" y="330" width="380" height="110" rx="26" fill="${p.sofa}"/><rect x="60" y="300" width="60" height="150" rx="22" fill="${p.sofa}"/><rect x="400" y="300" width="60" height="150" rx="22" fill="${p.sofa}"/>
<rect x="110" y="270" width="300" height="90" rx="24" fill="${p.sofa}"/><rect x="110" y="270" width="300" height="90" rx="24" fill="#ffffff" opacity="0.08"/>
<rect x="140" y="300" width="90" height="60" rx="16" fill="${p.rug}"/><rect x="300" y="300" width="80" height="60" rx="16" fill="${p.trim}"/>
<path d="M90 450v25M430 450v25" stroke="#3b2b20" stroke-width="8"/>
<rect x="230" y="470" width="200" height="20" rx="8" fill="#6d4c33"/><path d="M250 490v40M410 490v40" stroke="#6d4c33" stroke-width="8"/><circle cx="300" cy="462" r="10" fill="${p.accent}"/>
<path d="M640 430 l10 -110 h40 l10 110Z" fill="#c7b8a3"/><path d="M668 320 c-40 -60 -10 -120 10 -150 c20 40 40 90 -10 150Z" fill="#4f8f5a"/><path d="M672 320 c40 -50 60 -90 50 -140 c-30 30 -60 80 -50 140Z" fill="#3f7a4c"/>
<path d="M520 430V250" stroke="#3b2b20" stroke-width="5"/><path d="M490 250h60l-12 -45h-36Z" fill="${p.trim}"/><ellipse cx="520" cy="432" rx="26" ry="6" fill="#3b2b20"/>`,
  );
}

function kitchen(p) {
  const tiles = Array.from({ length: 8 }, (_, r) =>
    Array.from({ length: 20 }, (_, c) => `<rect x="${c * 40 + (r % 2) * 20}" y="${250 + r * 20}" width="38" height="18" fill="${p.tile}"/>`).join(""),
  ).join("");
  return svg(
    `${p.name}: kitchen with a counter, stools and pendant lights`,
    `<rect width="${W}" height="${H}" fill="${p.wall}"/>
<rect y="240" width="${W}" height="160" fill="#cfcac0"/>${tiles}
<rect x="0" y="40" width="300" height="150" fill="${p.cabinet}"/><rect x="500" y="40" width="300" height="150" fill="${p.cabinet}"/>
<g stroke="#000" stroke-opacity="0.15" stroke-width="3">${[100, 200, 600, 700].map((x) => `<path d="M${x} 40V190"/>`).join("")}</g>
<g fill="${p.trim}">${[40, 140, 240, 540, 640, 740].map((x) => `<rect x="${x + 10}" y="170" width="24" height="5" rx="2"/>`).join("")}</g>
<rect x="320" y="60" width="160" height="150" fill="#ffffff"/><rect x="330" y="70" width="140" height="130" fill="${p.sky[0]}"/><path d="M400 70V200" stroke="#ffffff" stroke-width="6"/><circle cx="440" cy="110" r="16" fill="#fff6da"/>
<rect x="0" y="380" width="${W}" height="22" fill="${p.trim}"/><rect x="0" y="402" width="${W}" height="198" fill="${p.cabinet}"/>
<g stroke="#000" stroke-opacity="0.18" stroke-width="3">${[160, 320, 480, 640].map((x) => `<path d="M${x} 402V600"/>`).join("")}</g>
<g fill="${p.trim}">${[60, 220, 380, 540, 700].map((x) => `<rect x="${x}" y="420" width="40" height="6" rx="3"/>`).join("")}</g>
<rect x="360" y="360" width="80" height="22" rx="4" fill="#9aa3ab"/><path d="M395 360v-40h24v12" fill="none" stroke="#9aa3ab" stroke-width="7" stroke-linecap="round"/>
<g>${[230, 570].map((x) => `<path d="M${x} 0V250" stroke="#3b3b3b" stroke-width="3"/><path d="M${x - 34} 290a34 34 0 0 1 68 0Z" fill="${p.accent}"/><ellipse cx="${x}" cy="292" rx="16" ry="6" fill="#fff6da"/>`).join("")}</g>
<g fill="#6d4c33">${[560, 680].map((x) => `<rect x="${x}" y="470" width="70" height="14" rx="6"/><path d="M${x + 10} 484l-6 110M${x + 60} 484l6 110" stroke="#6d4c33" stroke-width="7"/>`).join("")}</g>
<path d="M110 380c0-30 40-30 40 0Z" fill="#4f8f5a"/><rect x="118" y="360" width="24" height="22" rx="4" fill="${p.rug}"/>
<g><rect x="200" y="330" width="26" height="50" rx="6" fill="${p.accent}"/><rect x="232" y="345" width="20" height="35" rx="5" fill="${p.rug}"/></g>`,
  );
}

mkdirSync(OUT, { recursive: true });
let written = 0;
for (const p of PROPERTIES) {
  for (const [n, draw] of [exterior, livingRoom, kitchen].entries()) {
    writeFileSync(path.join(OUT, `${p.slug}-${n + 1}.svg`), draw(p));
    written++;
  }
}
console.log(`make-photos: wrote ${written} SVGs to ${path.relative(process.cwd(), OUT)}`);
