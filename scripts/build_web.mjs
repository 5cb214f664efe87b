// Build step for the dashboard's third-party assets (run `npm ci && npm run build`).
// Copies the npm libraries the page uses, with their licences, into the package's vendor/
// folder, and cuts the Natural Earth countries around Syria out of world-atlas into a small
// GeoJSON base layer. The output is committed, so neither npm nor the network is needed at
// run time or in CI; rerun this only to upgrade a library.
import fs from "node:fs";
import path from "node:path";
import * as topojson from "topojson-client";

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const nm = (...p) => path.join(root, "node_modules", ...p);
const out = path.join(root, "src", "orbat", "views", "web", "vendor");

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

fs.rmSync(out, { recursive: true, force: true });
copy(nm("leaflet", "dist", "leaflet.js"), path.join(out, "leaflet", "leaflet.js"));
copy(nm("leaflet", "dist", "leaflet.css"), path.join(out, "leaflet", "leaflet.css"));
for (const img of fs.readdirSync(nm("leaflet", "dist", "images"))) {
  copy(nm("leaflet", "dist", "images", img), path.join(out, "leaflet", "images", img));
}
copy(nm("leaflet", "LICENSE"), path.join(out, "leaflet", "LICENSE"));
copy(nm("cytoscape", "dist", "cytoscape.min.js"), path.join(out, "cytoscape", "cytoscape.min.js"));
copy(nm("cytoscape", "LICENSE"), path.join(out, "cytoscape", "LICENSE"));
for (const f of ["swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copy(nm("swagger-ui-dist", f), path.join(out, "swagger-ui", f));
}
copy(nm("world-atlas", "LICENSE"), path.join(out, "natural-earth", "LICENSE-world-atlas"));

// Syria and the countries whose borders show on a map of the war (ISO 3166 numeric ids).
const REGION = new Set(["760", "368", "792", "422", "400", "376", "275", "196", "364", "682", "818", "051", "031", "268"]);
const topo = JSON.parse(fs.readFileSync(nm("world-atlas", "countries-50m.json"), "utf8"));
const all = topojson.feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000] : c.map(round));
const features = all.features
  .filter((f) => REGION.has(String(f.id).padStart(3, "0")))
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
fs.mkdirSync(path.join(out, "natural-earth"), { recursive: true });
fs.writeFileSync(path.join(out, "natural-earth", "countries-levant.geojson"), JSON.stringify({ type: "FeatureCollection", features }));
fs.writeFileSync(path.join(out, "natural-earth", "README.md"),
  "countries-levant.geojson: Natural Earth 1:50m admin-0 countries (public domain, naturalearthdata.com),\n" +
  "taken from the world-atlas npm package (ISC, see LICENSE-world-atlas) by scripts/build_web.mjs,\n" +
  "keeping Syria and neighbouring countries, coordinates rounded to 0.001 degree.\n");
const versions = Object.fromEntries(["leaflet", "cytoscape", "swagger-ui-dist", "world-atlas", "topojson-client"].map((p) => [p, JSON.parse(fs.readFileSync(nm(p, "package.json"), "utf8")).version]));
fs.writeFileSync(path.join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log("vendored", versions, features.length, "countries");
