#!/usr/bin/env bash
# Seeds the reader's corpus with every real and hostile file of tests/data (libFuzzer then keeps
# the inputs that reach new code in the same directory). The validator's target builds its tables
# with `arbitrary` and starts from an empty corpus (its dictionary of real values is in the target).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/read corpus/validate
find ../tests/data -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsb' -o -name '*.xls' -o -name '*.ods' \
  -o -name '*.csv' -o -name '*.txt' \) -exec cp {} corpus/read/ \;
echo "corpus/read: $(ls corpus/read | wc -l) files"
