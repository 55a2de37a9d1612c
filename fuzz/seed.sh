#!/usr/bin/env bash
# Seeds the reader's corpus with every real and hostile file of tests/data (libFuzzer then keeps
# the inputs that reach new code in the same directory). The validator's target builds its tables
# with `arbitrary` and starts from an empty corpus (its dictionary of real values is in the target), as
# do the structure-aware targets `xlsx`, `xlsb`, `ods` and `csv` (their inputs are shapes, not files).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/read corpus/validate corpus/xlsx corpus/xlsb corpus/ods corpus/csv
find ../tests/data -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xlsb' -o -name '*.xls' -o -name '*.ods' \
  -o -name '*.csv' -o -name '*.txt' \) -exec cp {} corpus/read/ \;
# The structure-aware targets read any bytes as a shape: the same files give them long, varied
# first inputs (libFuzzer would otherwise start from a few empty shapes).
for target in xlsx xlsb ods csv; do
  cp corpus/read/* "corpus/$target/"
done
echo "corpus/read: $(ls corpus/read | wc -l) files (also the first inputs of xlsx, xlsb, ods, csv)"
