// Dark mode follows the operating system: PatternFly 6 switches every colour with one class on
// <html>. Loaded before the app's wasm, so the first frame already has the right colours, and
// kept in step when the OS setting changes while HyOpps is open.
(function () {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => document.documentElement.classList.toggle("pf-v6-theme-dark", dark.matches);
  apply();
  dark.addEventListener("change", apply);
})();
