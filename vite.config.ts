import {defineConfig} from "vite";

// The notebook plugin (src/vite/) turns notebooks/*.md into pages; until it lands, index.html says so.
export default defineConfig({
  server: {open: false}
});
