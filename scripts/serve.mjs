// Serves the repository root as static files on 127.0.0.1.
//   node scripts/serve.mjs [port]    (default: $PORT, else 8000; 0 picks a free port)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

// Maps a URL path to a file under ROOT, or null when it would leave ROOT.
function fileFor(urlPath) {
  const path = normalize(decodeURIComponent(urlPath.split("?")[0]));
  const file = join(ROOT, path);
  return file === ROOT || file.startsWith(ROOT + sep) ? file : null;
}

async function handle(request, response) {
  let file;
  try {
    file = fileFor(new URL(request.url, "http://127.0.0.1").pathname);
  } catch {
    // A malformed escape such as "%E0%A4%A" makes decodeURIComponent throw.
    response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`Bad request: invalid URL ${request.url}\n`);
    return;
  }
  try {
    if (file && (await stat(file)).isDirectory()) file = join(file, "index.html");
    if (!file) throw new Error("outside the served folder");
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`Not found: ${request.url}\n`);
  }
}

/** Starts the server; resolves to { url, close() } once it listens. */
export function startServer(port = 0) {
  const server = createServer((request, response) => {
    handle(request, response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requested = process.argv[2] ?? process.env.PORT ?? "8000";
  const port = Number(requested);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: invalid port "${requested}"; give a number from 0 to 65535, e.g. PORT=8080`);
    process.exit(2);
  }
  try {
    const { url } = await startServer(port);
    console.log(`Backprop Lab is served at ${url} (Ctrl+C stops it)`);
  } catch (error) {
    const hint = error.code === "EADDRINUSE" ? `; port ${port} is in use, pick another with PORT=8080 make serve` : "";
    console.error(`error: cannot serve on 127.0.0.1:${port}: ${error.message}${hint}`);
    process.exit(1);
  }
}
