#!/bin/sh
# Framework's interpreter for TypeScript data loaders on POSIX systems (observablehq.config.ts): when
# `protection build` has already run the loader (bin/run-loader.mjs --prerun), its output is copied
# as it is, without starting Node (~0.1 s per loader); anything else goes to bin/run-loader.mjs.
if [ -n "$PROTECTION_LOADER_OUTPUT" ] && [ -n "$PROTECTION_LOADER_ROOT" ]; then
  case "$1" in
    /*) abs="$1" ;;
    *) abs="$PWD/$1" ;;
  esac
  rel="${abs#"$PROTECTION_LOADER_ROOT"/}"
  out="$PROTECTION_LOADER_OUTPUT/${rel%.ts}"
  if [ "$rel" != "$abs" ] && [ -f "$out" ]; then
    exec cat "$out"
  fi
fi
exec node "$(dirname "$0")/run-loader.mjs" "$@"
