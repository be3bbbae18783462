import {defineConfig} from "vite";
import {backstep} from "./src/vite/plugin.ts";

// notebooks/*.md → lessons/<name>.html; index.html lists them (see src/vite/plugin.ts).
export default defineConfig({
  plugins: [backstep()],
  server: {open: false},
  // The lesson runtime (CodeMirror, acorn, tensors) is one ~650 kB chunk; Plot and graph load lazily.
  build: {chunkSizeWarningLimit: 1000}
});
