#!/bin/sh
# Runs the official RISC-V ISA tests of RV64GC's user-level instructions (riscv-tests: isa/rv64ui, um, ua,
# uf, ud, uc) on hsaj, in its three execution modes, beside qemu-riscv64 where it is installed.
#
#   cpu-agent/isa-tests/run-official.sh RISCV_TESTS_DIR [TEST...]
#
# RISCV_TESTS_DIR: a checkout of https://github.com/riscv-software-src/riscv-tests (its env submodule is
# not needed: riscv_test.h beside this script turns every test into a static Linux program). TEST: names
# such as rv64ui-add to run only those. Needs riscv64-linux-gnu-gcc. Prints one line per test and mode
# that fails and a summary per mode; exits with 1 when any test fails on hsaj.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
hsaj="$here/../../hsaj"
if [ $# -lt 1 ] || [ ! -d "$1/isa/macros/scalar" ]; then
  echo "usage: $0 RISCV_TESTS_DIR [TEST...] (a riscv-tests checkout: it has isa/macros/scalar)" >&2
  exit 2
fi
suite=$(cd "$1" && pwd)
shift
command -v riscv64-linux-gnu-gcc >/dev/null || { echo "$0: riscv64-linux-gnu-gcc is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tests=""
for set in rv64ui rv64um rv64ua rv64uf rv64ud rv64uc; do
  for source in "$suite/isa/$set"/*.S; do
    [ -e "$source" ] || { echo "$0: no tests in $suite/isa/$set" >&2; continue; }
    name="$set-$(basename "$source" .S)"
    if [ $# -gt 0 ]; then
      case " $* " in *" $name "*) ;; *) continue ;; esac
    fi
    # fence_i and rvc store into code, or run code they stored into data: one writable and executable
    # segment for those (-N), as the tests' own environment has.
    case "$name" in rv64ui-fence_i|rv64uc-rvc) layout="-Wl,-N -Wl,--no-warn-rwx-segments" ;; *) layout="" ;; esac
    riscv64-linux-gnu-gcc -march=rv64gc -mabi=lp64d -static -nostdlib -nostartfiles $layout \
      -I"$here" -I"$suite/isa/macros/scalar" -o "$work/$name" "$source"
    tests="$tests $name"
  done
done

# Runs program $2 in mode $1 (qemu, tiered, or an option of hsaj run).
run_in() {
  case "$1" in
    qemu) qemu-riscv64 "$2" ;;
    tiered) "$hsaj" run "$2" ;;
    *) "$hsaj" run "$1" "$2" ;;
  esac
}

modes="--interp tiered --translate-all"
command -v qemu-riscv64 >/dev/null && modes="qemu $modes"
failed=0
for mode in $modes; do
  passed=0 total=0
  for name in $tests; do
    total=$((total + 1))
    status=0
    run_in "$mode" "$work/$name" </dev/null >"$work/out" 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then
      passed=$((passed + 1))
    else
      echo "FAIL $name ($mode): exit status $status (the number of the first failing case) $(head -c 300 "$work/out")"
      [ "$mode" = qemu ] || failed=1
    fi
  done
  echo "$mode: $passed of $total tests pass"
done
exit $failed
