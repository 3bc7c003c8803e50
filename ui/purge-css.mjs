// Trunk's post-build hook: writes the one stylesheet the app ships, hyopps.css, beside the
// freshly built wasm in Trunk's staging folder.
//
// PatternFly's two stylesheets are 1.9 MB of CSS, and a web view holds every rule it parses
// (about 42 MiB of the web process). The UI uses a small part of it. What it uses is exactly what
// the built wasm holds: every class name the UI's code and the patternfly-yew components it
// links write is a string in the wasm's data (the components it does not use are not linked, so
// their classes are not there). So a rule is kept when every class, id and element its selector
// names appears in the wasm, index.html or theme.js; our own app.css goes through the same
// pass, and the custom properties the kept rules read are kept with them.
//
// The wasm's strings sit side by side with nothing between them, so names are looked for as
// pieces of the text, not as whole words: that can only keep a rule too many, never drop a used
// one. Classes patternfly-yew composes at run time (grid spans, breakpoint suffixes, column
// widths) are not in the wasm whole; SAFELIST keeps them.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const ui = dirname(fileURLToPath(import.meta.url));
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("purge-css.mjs runs as Trunk's post_build hook (TRUNK_STAGING_DIR)");
const patternfly = join(ui, "../node_modules/@patternfly/patternfly");

const SAFELIST = {
  // html/body rules hold the theme's base; the dark theme's class is set by theme.js.
  // Grid and GridItem spans ("pf-m-7-col" + "-on-lg"), table column widths ("pf-m-width-20").
  standard: ["html", "body", "pf-v6-theme-dark"]
    .concat([/^pf-m-(all-|offset-)?\d+-(col|row)(-on-(sm|md|lg|xl|2xl))?$/, /^pf-m-width-\d+$/]),
  // A class inside :not(…) matters by being absent: ":where(:not(.pf-m-resize-observer))
  // .pf-v6-c-masthead" lays out every masthead, yet PurgeCSS 8 drops any :not nested in :where
  // or :is. With this, such a selector is kept when the rest of it is used.
  greedy: [/:not/],
};

const css = ["patternfly.css", "patternfly-addons.css"]
  .map((name) => readFileSync(join(patternfly, name), "utf8"))
  .concat(readFileSync(join(ui, "app.css"), "utf8"))
  .join("\n");

const wasm = readdirSync(staging).filter((name) => name.endsWith(".wasm"));
if (wasm.length !== 1) throw new Error(`expected one wasm in ${staging}, found ${wasm.length}`);
// Runs of name characters in the UI's code and pages; a name anywhere inside one is used.
const used = [join(staging, wasm[0]), join(ui, "index.html"), join(ui, "theme.js")]
  .map((path) => readFileSync(path, "latin1").match(/[A-Za-z0-9_-]+/g) || [])
  .flat()
  .join(" ");
const names = [...new Set(css.match(/-?[A-Za-z_][A-Za-z0-9_-]*/g))];
const present = names.filter((name) => used.includes(name));

const [purged] = await new PurgeCSS().purge({
  content: [{ raw: present.join(" "), extension: "txt" }],
  css: [{ raw: css }],
  defaultExtractor: (text) => text.split(" "),
  safelist: SAFELIST,
  variables: true,
  keyframes: true,
});

writeFileSync(join(staging, "hyopps.css"), purged.css);
console.log(
  `purge-css: kept ${Math.round(purged.css.length / 1024)} KiB of ${Math.round(css.length / 1024)} KiB`,
);
