#!/bin/sh
# Rebuilds the guest kernels.
#
#   ./build.sh              every NAME.c -> bin/NAME.riscv64 (riscv64-linux-gnu-gcc -O2 -static,
#                           stripped), then rewrites MANIFEST with the SHA-256 of every input and
#                           output; a test fails when a source no longer matches MANIFEST.
#   ./build.sh --native DIR every NAME.c -> DIR/NAME with the host gcc -O2 (the benchmark's native
#                           column); MANIFEST is left alone.
#
# A source may add flags of its own on a line "KERNEL_CFLAGS: ..." in its header comment.
set -eu
cd "$(dirname "$0")"

build() { # compiler source output [flags...]
    # sh has no local variables: b_* belong to this function alone.
    b_cc=$1 b_src=$2 b_out=$3
    shift 3
    b_extra=$(sed -n 's/^.*KERNEL_CFLAGS: *//p' "$b_src")
    # shellcheck disable=SC2086
    "$b_cc" -O2 -Wall -Werror "$@" $b_extra -o "$b_out" "$b_src" -lm -pthread
}

if [ "${1:-}" = "--native" ]; then
    out=${2:?usage: build.sh --native DIR}
    mkdir -p "$out"
    for src in *.c; do
        build "${CC:-gcc}" "$src" "$out/${src%.c}"
    done
    exit 0
fi

rv=riscv64-linux-gnu-gcc
mkdir -p bin
rm -f bin/*.riscv64
for src in *.c; do
    bin="bin/${src%.c}.riscv64"
    build "$rv" "$src" "$bin" -static
    riscv64-linux-gnu-strip "$bin"
done

{
    echo "# Written by build.sh: SHA-256 of every input and output of the last build."
    echo "# compiler: $($rv --version | head -n 1)"
    sha256sum build.sh kernel.h ./*.c | sed 's# \./# #'
    sha256sum bin/*.riscv64
} > MANIFEST
