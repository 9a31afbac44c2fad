#!/usr/bin/env node
// Copies every file under src/ that is not TypeScript (the sandbox's seed data today) to the same
// place under the build's out dir, so modules that read files next to themselves
// (`new URL('../data/…', import.meta.url)`) find them when run from the compiled JavaScript.
// usage: node scripts/copy-assets.mjs [outDir]   (default dist)
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const outDir = resolve(root, process.argv[2] ?? 'dist');

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(outDir, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
  copied += 1;
}
process.stdout.write(`copy-assets: ${copied} files from src/ to ${relative(root, outDir) || '.'}\n`);
