#!/usr/bin/env bash
# Builds the release wasm package into www/pkg, the folder the page loads.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/backprop_lab.wasm

# npm's binaryen, not Debian's older one, which corrupts current
# wasm-bindgen output.
wasm=www/pkg/backprop_lab_bg.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "built www/pkg ($(wc -c < "$wasm") bytes of wasm)"
