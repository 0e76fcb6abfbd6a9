#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - xmig's host tests (make xmig-test runs it):
#   1. layouts: xmig -layout of each fixture equals tests/expected/*.layout
#   2. every fixture's generated user stubs and servers compile without a
#      warning (gcc with the project's flags and -Werror; clang too if found)
#   3. layout_check: the seed messages' sizes, offsets and ids (static
#      asserts) against the numbers of Apple's MIG output
#   4. seeds_user_test, seeds_server_test, loopback_test: generated code run
#      against a fake kernel; kernel_test: the kernel servers run against a
#      shim of the kobject API; each plain and under ASan/UBSan
#   5. the kernel servers of the fixtures compile with kbuild W=1, without
#      a warning, for each kernel in KDIRS
#   6. malformed inputs (tests/bad): "file:line: message", exit status 1
#   7. a mutation fuzz of xmig under ASan/UBSan (FUZZ_RUNS runs)
#
# Environment: TOP (the tree), OUT (a scratch directory), XMIG, XMIG_ASAN
# (the plain and the sanitizer build), CC, WARN (warning flags), KDIRS
# (kernel header directories; none skips step 5), FUZZ_RUNS (default 3000).
set -eu

: "${TOP:?}" "${OUT:?}" "${XMIG:?}" "${XMIG_ASAN:?}"
CC=${CC:-cc}
WARN=${WARN:--Wall -Wextra}
FUZZ_RUNS=${FUZZ_RUNS:-3000}
T=$TOP/tools/xmig/tests
D=$T/defs
FIXTURES="clock thread_act task mach_port features options"
KFIXTURES="clock thread_act task mach_port features"	# KernelServer ones
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS_T="-std=gnu11 -D_GNU_SOURCE $WARN -Werror -I$OUT/gen -I$D -I$T \
	-I$TOP/libuser/include -I$TOP/uapi"
export ASAN_OPTIONS=detect_leaks=1:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=98

fail() {
	echo "xmig-test: $*" >&2
	exit 1
}

rm -rf "$OUT"
mkdir -p "$OUT/gen" "$OUT/bad" "$OUT/fuzz"

# 1. layouts
n=0
for f in $FIXTURES; do
	"$XMIG" -I"$D" -layout "$D/$f.defs" >"$OUT/$f.layout"
	grep -v '^#' "$T/expected/$f.layout" | diff -u - "$OUT/$f.layout" ||
		fail "$f.defs: layout differs from tests/expected/$f.layout"
	n=$((n + 1))
done
"$XMIG" -I"$D" -DKERNEL_SERVER=1 -layout "$D/mach_port.defs" \
	>"$OUT/mach_port-kernel.layout"
grep -v '^#' "$T/expected/mach_port-kernel.layout" |
	diff -u - "$OUT/mach_port-kernel.layout" ||
	fail "mach_port.defs (KERNEL_SERVER): layout differs"
echo "xmig-test: layouts of $((n + 1)) interfaces as expected"

# 2. generated code compiles cleanly
for f in $FIXTURES; do
	case $f in
	features) s=xmtest ;;
	*) s=$f ;;
	esac
	"$XMIG" -q -I"$D" -header "$OUT/gen/$s.h" -user "$OUT/gen/${s}User.c" \
		-server "$OUT/gen/${s}Server.c" -sheader "$OUT/gen/${s}Server.h" \
		"$D/$f.defs"
done
# Without -sheader / -header the declarations go into the .c files.
"$XMIG" -q -I"$D" -header /dev/null -user "$OUT/gen/inlineUser.c" \
	-server "$OUT/gen/inlineServer.c" "$D/features.defs"
n=0
for c in "$OUT"/gen/*.c; do
	# shellcheck disable=SC2086
	$CC $CFLAGS_T -c -o "$c.o" "$c" || fail "$c: does not compile cleanly"
	if command -v clang >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		clang $CFLAGS_T -c -o "$c.clang.o" "$c" ||
			fail "$c: does not compile cleanly with clang"
	fi
	n=$((n + 1))
done
echo "xmig-test: $n generated files compile without warnings"

# 3, 4. layouts checked by the compiler; generated code run
G=$OUT/gen
build() {
	out=$1
	shift
	# shellcheck disable=SC2086
	$CC $CFLAGS_T -g -O1 -Wno-unused-parameter -o "$out" "$@" ||
		fail "$out: build failed"
	# shellcheck disable=SC2086
	$CC $CFLAGS_T -g -O1 -Wno-unused-parameter $SAN -o "$out-san" "$@" ||
		fail "$out-san: build failed"
}
build "$OUT/layout_check" "$T/layout_check.c"
build "$OUT/seeds_user_test" "$G/clockUser.c" "$G/thread_actUser.c" \
	"$G/taskUser.c" "$G/mach_portUser.c" "$T/fake_mach.c" \
	"$T/seeds_user_test.c"
build "$OUT/seeds_server_test" "$G/clockServer.c" "$G/thread_actServer.c" \
	"$G/taskServer.c" "$G/mach_portServer.c" "$T/fake_mach.c" \
	"$T/seeds_server_test.c"
build "$OUT/loopback_test" "$G/xmtestUser.c" "$G/xmtestServer.c" \
	"$G/optionsUser.c" "$G/optionsServer.c" "$T/fake_mach.c" \
	"$T/loopback_routines.c" "$T/loopback_test.c"
# The kernel flavour, built in user space against a shim of the kobject API.
mkdir -p "$OUT/kgen"
for f in $KFIXTURES; do
	[ "$f" = mach_port ] && continue
	"$XMIG" -q -DKERNEL_SERVER=1 -I"$D" -user /dev/null -header /dev/null \
		-server "$OUT/kgen/${f}_kserver.c" \
		-sheader "$OUT/kgen/${f}_kserver.h" "$D/$f.defs"
done
user_cflags=$CFLAGS_T
CFLAGS_T="-DXMIG_KSHIM -I$OUT/kgen -I$T/kshim -I$TOP/kmod/include $CFLAGS_T"
build "$OUT/kernel_test" "$OUT/kgen/clock_kserver.c" \
	"$OUT/kgen/thread_act_kserver.c" "$OUT/kgen/task_kserver.c" \
	"$OUT/kgen/features_kserver.c" "$T/kernel_test.c"
CFLAGS_T=$user_cflags
for t in layout_check seeds_user_test seeds_server_test loopback_test \
	 kernel_test; do
	"$OUT/$t" || fail "$t failed"
	"$OUT/$t-san" >/dev/null || fail "$t failed under ASan/UBSan"
done

# 5. kernel servers
for kdir in ${KDIRS:-}; do
	[ -d "$kdir" ] || continue
	k=$OUT/kmod/$(basename "$kdir")
	mkdir -p "$k"
	objs=""
	for f in $KFIXTURES; do
		"$XMIG" -q -DKERNEL_SERVER=1 -I"$D" -user /dev/null \
			-header /dev/null -server "$k/${f}_kserver.c" \
			-sheader "$k/${f}_kserver.h" "$D/$f.defs"
		objs="$objs ${f}_kserver.o"
	done
	# The user-space fixtures, asked for a kernel server too (-kserver).
	"$XMIG" -q -I"$D" -user /dev/null -header /dev/null -server /dev/null \
		-kserver "$k/clock_user_kserver.c" "$D/clock.defs"
	objs="$objs clock_user_kserver.o"
	cat >"$k/Kbuild" <<-EOF
	obj-m := xmig_ktest.o
	ccflags-y := -I$TOP/uapi -I$TOP/kmod/include -I$D -Wframe-larger-than=2048
	EOF
	# shellcheck disable=SC2086
	make -s -C "$kdir" M="$k" W=1 $objs >"$k/build.log" 2>&1 ||
		{ cat "$k/build.log"; fail "kernel servers do not build ($kdir)"; }
	if grep -E 'warning:|error:' "$k/build.log"; then
		fail "kernel servers: warnings with W=1 ($kdir)"
	fi
	echo "xmig-test: kernel servers compile with W=1 ($(basename "$kdir"))"
done

# 6. malformed input
n=0
for f in "$T"/bad/*.defs; do
	b=$(basename "$f")
	want=$(sed -n '1s/^\/\* expect: \(.*\) \*\/$/\1/p' "$f")
	[ -n "$want" ] || fail "$b: no expect line"
	set -- -user /dev/null -header /dev/null -server /dev/null
	case $b in
	pp_*) set -- -preprocessed "$@" ;;
	kernel_*) set -- -kserver /dev/null -ksheader /dev/null "$@" ;;
	esac
	rc=0
	(cd "$T/bad" && "$XMIG_ASAN" "$@" "$b") >"$OUT/bad/$b.out" 2>&1 || rc=$?
	[ "$rc" = 1 ] || { cat "$OUT/bad/$b.out"; fail "$b: exit status $rc"; }
	grep -qF "$b:$want" "$OUT/bad/$b.out" ||
		{ cat "$OUT/bad/$b.out"; fail "$b: expected \"$b:$want\""; }
	n=$((n + 1))
done
echo "xmig-test: $n malformed inputs rejected with file:line errors"

# 7. fuzz
seeds=""
for f in $FIXTURES; do
	cpp -x c -D__MACH30__ -I"$D" "$D/$f.defs" >"$OUT/fuzz/$f.i"
	cpp -x c -D__MACH30__ -DKERNEL_SERVER=1 -I"$D" "$D/$f.defs" \
		>"$OUT/fuzz/$f-k.i"
	seeds="$seeds $OUT/fuzz/$f.i $OUT/fuzz/$f-k.i"
done
# shellcheck disable=SC2086
$CC -O2 -std=gnu11 -D_GNU_SOURCE $WARN -Werror -o "$OUT/fuzz/fuzz" "$T/fuzz.c"
# shellcheck disable=SC2086
"$OUT/fuzz/fuzz" "$XMIG_ASAN" "$FUZZ_RUNS" "$OUT/fuzz" $seeds ||
	fail "fuzz: xmig failed on some input (see above)"
echo "xmig-test: all passed"
