#!/bin/sh
# Build the libFuzzer harnesses with clang (ASan+UBSan) and run each for N seconds
# (default 60). Not part of `make test` (fuzzing is open-ended); run it after
# changing the CSV reader or the importer.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build-fuzz
cmake -S . -B $out -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DJE_TESTS=OFF \
    -DJE_WERROR=OFF -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build $out --target jointenv_static -j 2 >/dev/null
libs="$out/libjointenv.a $(pkg-config --libs sqlite3 jansson libsodium libcrypto) -lm"
for h in csv import air_rules; do
    clang -O1 -g -Iinclude -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_$h.c $libs \
        -o $out/fuzz_$h
    mkdir -p $out/corpus_$h
    cp tests/data/cli_samples.csv tests/data/cli_classify.csv $out/corpus_$h/ 2>/dev/null || true
    [ $h = air_rules ] && cp data/rules/*.json $out/corpus_$h/
    echo "fuzzing $h for ${secs}s"
    $out/fuzz_$h -max_total_time="$secs" -max_len=4096 $out/corpus_$h 2>&1 | tail -3
done
