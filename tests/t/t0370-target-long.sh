#!/bin/sh
# vmstate-gate check: target_ulong. VMSTATE_UINTTL* put 4 or 8 bytes on the
# wire by the target's TARGET_LONG_BITS, read from the judged tree:
# configs/targets/*-softmmu.mak (the system builds, mapped to target/X by
# TARGET_BASE_ARCH, else TARGET_ARCH), else target/X/cpu-param.h. Only
# when every system build of the directory agrees is the width known; a
# mixed target (32- and 64-bit builds of one directory) is judged at each
# width, and a break at one width is reported with it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# add_mak DIR NAME ARCH BASE_ARCH BITS: configs/targets/NAME.mak (BASE_ARCH
# or BITS "-": no such line).
add_mak() {
	mkdir -p "$1/configs/targets"
	{
		echo "TARGET_ARCH=$3"
		[ "$4" = - ] || echo "TARGET_BASE_ARCH=$4"
		echo "TARGET_SUPPORTS_MTTCG=y"
		[ "$5" = - ] || echo "TARGET_LONG_BITS=$5"
	} >"$1/configs/targets/$2.mak"
}

# add_tl_target DIR ARCH: target/ARCH/machine.c sending target_ulongs.
add_tl_target() {
	mkdir -p "$1/target/$2"
	cat >"$1/target/$2/cpu.h" <<EOT
#ifndef TARGET_CPU_H
#define TARGET_CPU_H
typedef struct CPUArchState {
    target_ulong pc;
    target_ulong regs[4];
    uint32_t flags;
} CPUArchState;
#endif
EOT
	cat >"$1/target/$2/machine.c" <<EOT
#include "qemu/osdep.h"
#include "cpu.h"
#include "migration/cpu.h"

const VMStateDescription vmstate_$2_cpu = {
    .name = "cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINTTL(env.pc, ArchCPU),
        VMSTATE_UINTTL_ARRAY(env.regs, ArchCPU, 4),
        VMSTATE_UINT32(env.flags, ArchCPU),
        VMSTATE_END_OF_LIST()
    }
};
EOT
}

# The release has target/foo (64-bit system builds only, a 32-bit user
# build), target/mix (mix-softmmu 32-bit, mix64-softmmu 64-bit) and
# target/old, target/oldmix (no TARGET_LONG_BITS in configs: cpu-param.h).
# HOOK (optional) runs on DIR before the release is committed.
make_tl_repo() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	add_mak "$1" foo-softmmu foo - 64 &&
	add_mak "$1" foo-linux-user foo - 64 &&
	add_mak "$1" foo32-linux-user foo32 foo 32 &&
	add_mak "$1" mix-softmmu mix - 32 &&
	add_mak "$1" mix64-softmmu mix64 mix 64 &&
	add_mak "$1" old-softmmu old - - &&
	add_mak "$1" oldmix-softmmu oldmix - - &&
	add_mak "$1" oldmix64-softmmu oldmix64 oldmix - &&
	add_tl_target "$1" foo && add_tl_target "$1" mix &&
	add_tl_target "$1" old && add_tl_target "$1" oldmix &&
	printf '#define TARGET_LONG_BITS 64\n#define TARGET_PAGE_BITS 13\n' \
		>"$1/target/old/cpu-param.h" &&
	printf '#ifdef TARGET_OLDMIX64\n# define TARGET_LONG_BITS 64\n#else\n# define TARGET_LONG_BITS 32\n#endif\n' \
		>"$1/target/oldmix/cpu-param.h" &&
	{ [ -z "${2-}" ] || "$2" "$1"; } &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

# to_fixed DIR ARCH WIDTH: VMSTATE_UINTTL* -> VMSTATE_UINT<WIDTH>*.
to_fixed() {
	sed -i "s/VMSTATE_UINTTL(/VMSTATE_UINT$3(/; s/VMSTATE_UINTTL_ARRAY(/VMSTATE_UINT$3_ARRAY(/" \
		"$1/target/$2/machine.c"
}

test_expect_success 'a mixed target is judged at each width; a break at one is reported with it' '
	make_tl_repo r &&
	to_fixed r mix 64 &&
	git -C r commit -q -a -m "target/mix: VMSTATE_UINTTL -> VMSTATE_UINT64" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "target/mix/machine.c:[0-9]*: cpu/env.pc: ERROR: .*4 bytes to 8 bytes.*(when target_ulong is 32 bits: the target is built at both widths) \[field-size-changed\]" out &&
	grep "target/mix/machine.c:[0-9]*: cpu/env.regs: ERROR: .*16 bytes to 32 bytes.*(when target_ulong is 32 bits.*\[field-size-changed\]" out &&
	! grep "64 bits" out &&
	make_tl_repo r32 &&
	to_fixed r32 mix 32 &&
	git -C r32 commit -q -a -m "target/mix: VMSTATE_UINTTL -> VMSTATE_UINT32" &&
	test_exit 1 "$VG" -C r32 check HEAD >out32 &&
	grep "cpu/env.pc: ERROR: .*8 bytes to 4 bytes.*(when target_ulong is 64 bits" out32 &&
	! grep "32 bits" out32 &&
	! grep "field-size-unknown" out out32
'

test_expect_success 'UINTTL -> UINT64 on a target whose system builds are all 64-bit is clean' '
	make_tl_repo r &&
	to_fixed r foo 64 &&
	git -C r commit -q -a -m "target/foo: VMSTATE_UINTTL -> VMSTATE_UINT64" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: \|: WARNING: " out &&
	grep "0 errors, 0 warnings" out
'

test_expect_success 'UINTTL -> UINT32 on that 64-bit target is a size change' '
	make_tl_repo r &&
	to_fixed r foo 32 &&
	git -C r commit -q -a -m "target/foo: VMSTATE_UINTTL -> VMSTATE_UINT32" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "target/foo/machine.c:[0-9]*: cpu/env.pc: ERROR: .*8 bytes.*4 bytes.*\[field-size-changed\]" out
'

no_mix64() {
	rm "$1/configs/targets/mix64-softmmu.mak"
}
foo_extra() {
	add_mak "$1" fooextra-softmmu fooextra foo -
}

test_expect_success 'a 32-bit target by configs: UINT32 clean, UINT64 a size change' '
	make_tl_repo r no_mix64 &&
	to_fixed r mix 32 &&
	git -C r commit -q -a -m "target/mix: VMSTATE_UINTTL -> VMSTATE_UINT32" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: \|: WARNING: " out &&
	sed -i "s/VMSTATE_UINT32(env.pc/VMSTATE_UINT64(env.pc/" r/target/mix/machine.c &&
	git -C r commit -q -a -m "target/mix: pc as UINT64" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "cpu/env.pc: ERROR: .*4 bytes.*8 bytes.*\[field-size-changed\]" out
'

test_expect_success 'a system build of the directory without TARGET_LONG_BITS, no cpu-param.h: symbolic' '
	make_tl_repo r foo_extra &&
	to_fixed r foo 64 &&
	git -C r commit -q -a -m "target/foo: VMSTATE_UINTTL -> VMSTATE_UINT64" &&
	"$VG" -C r check HEAD >out &&
	grep "target/foo/machine.c:[0-9]*: cpu/env.pc: WARNING: .*\[field-size-unknown\]" out
'

test_expect_success 'older trees: the width from target/X/cpu-param.h when all its values agree' '
	make_tl_repo r &&
	to_fixed r old 64 && to_fixed r oldmix 64 &&
	git -C r commit -q -a -m "target/old, target/oldmix: VMSTATE_UINT64" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	! grep "target/old/" out &&
	grep "target/oldmix/machine.c:[0-9]*: cpu/env.pc: ERROR: .*(when target_ulong is 32 bits.*\[field-size-changed\]" out
'

test_expect_success 'the new tree decides: a target made 64-bit-only in the same commit' '
	make_tl_repo r &&
	sed -i "s/TARGET_LONG_BITS=32/TARGET_LONG_BITS=64/" r/configs/targets/mix-softmmu.mak &&
	to_fixed r mix 64 &&
	git -C r commit -q -a -m "target/mix: 64-bit only, VMSTATE_UINT64" &&
	"$VG" -C r check HEAD >out &&
	grep "target/mix/machine.c:[0-9]*: cpu/env.pc: WARNING: .*target_ulong.*\[field-size-unknown\]" out
'

test_expect_success 'check --staged reads the widths from the index' '
	make_tl_repo r &&
	to_fixed r foo 64 &&
	git -C r add target/foo/machine.c &&
	"$VG" -C r check --staged >out &&
	! grep ": ERROR: \|: WARNING: " out &&
	to_fixed r mix 64 &&
	git -C r add target/mix/machine.c &&
	test_exit 1 "$VG" -C r check --staged >out &&
	grep "target/mix/machine.c:[0-9]*: cpu/env.pc: ERROR: .*(when target_ulong is 32 bits.*\[field-size-changed\]" out
'

test_done
