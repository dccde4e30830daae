#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there.
#   scripts/setup.sh build   the wasm target, wasm-bindgen-cli, npm packages
#   scripts/setup.sh test    all of the above, plus wasm-pack and Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
locked_version() {
    awk -v name="$1" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

setup_rust() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the Rust target wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    fi

    [ -f Cargo.lock ] || cargo generate-lockfile
    local wanted
    wanted=$(locked_version wasm-bindgen)
    if [ -z "$wanted" ]; then
        echo "error: no wasm-bindgen entry in Cargo.lock; run 'cargo update -p wasm-bindgen' and retry" >&2
        exit 1
    fi
    local installed=""
    if command -v wasm-bindgen > /dev/null; then
        installed=$(wasm-bindgen --version | awk '{ print $2 }')
    fi
    if [ "$installed" != "$wanted" ]; then
        # --locked fails because a locked dependency of the CLI is missing
        # from the registry. The default feature only adds TLS (rustls) to
        # the HTTP client the test runner uses to download browser drivers,
        # which it never does here because chromedriver is on PATH.
        say "installing wasm-bindgen-cli $wanted (about 2 minutes)"
        cargo install wasm-bindgen-cli --version "$wanted" --no-default-features --force
    fi
}

setup_npm() {
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        say "installing npm packages (playwright-core, binaryen)"
        npm ci --no-audit --no-fund
    fi
}

setup_test_tools() {
    if ! command -v wasm-pack > /dev/null; then
        say "installing wasm-pack (about 2 minutes)"
        cargo install wasm-pack --version 0.15.1
    fi

    if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver > /dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
            say "installing Debian's chromium and chromium-driver"
            apt-get update -q
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
        else
            echo "error: the browser tests need /usr/bin/chromium and chromedriver." >&2
            echo "Install them with: sudo apt-get install chromium chromium-driver" >&2
            exit 1
        fi
    fi
}

case "${1:-build}" in
    build)
        setup_rust
        setup_npm
        ;;
    test)
        setup_rust
        setup_npm
        setup_test_tools
        ;;
    *)
        echo "usage: scripts/setup.sh [build|test]" >&2
        exit 2
        ;;
esac
