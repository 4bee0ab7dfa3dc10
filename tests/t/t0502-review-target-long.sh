#!/bin/sh
# vmstate-gate review on a target built both 32- and 64-bit (riscv-style:
# configs/targets/riscv32-softmmu.mak and riscv64-softmmu.mak, one
# target/riscv/): each width is judged, and a break at one is reported
# with its width.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# make_rv DIR: the release, with target/riscv built at both widths.
make_rv() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	mkdir -p "$1/configs/targets" "$1/target/riscv" &&
	printf "TARGET_ARCH=riscv32\nTARGET_BASE_ARCH=riscv\nTARGET_LONG_BITS=32\n" \
		>"$1/configs/targets/riscv32-softmmu.mak" &&
	printf "TARGET_ARCH=riscv64\nTARGET_BASE_ARCH=riscv\nTARGET_LONG_BITS=64\n" \
		>"$1/configs/targets/riscv64-softmmu.mak" &&
	cat >"$1/target/riscv/cpu.h" <<-\EOT &&
	#ifndef RISCV_CPU_H
	#define RISCV_CPU_H
	typedef struct CPUArchState {
	    target_ulong pc;
	    target_ulong mtval2;
	    uint64_t mstatus;
	} CPUArchState;
	#endif
	EOT
	cat >"$1/target/riscv/machine.c" <<-\EOT &&
	#include "qemu/osdep.h"
	#include "cpu.h"
	#include "migration/cpu.h"

	const VMStateDescription vmstate_riscv_cpu = {
	    .name = "cpu",
	    .version_id = 1,
	    .minimum_version_id = 1,
	    .fields = (const VMStateField[]) {
	        VMSTATE_UINTTL(env.pc, RISCVCPU),
	        VMSTATE_UINTTL(env.mtval2, RISCVCPU),
	        VMSTATE_UINT64(env.mstatus, RISCVCPU),
	        VMSTATE_END_OF_LIST()
	    }
	};
	EOT
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

test_expect_success 'a target_ulong field made 64-bit: breaks at 32 bits only, said with the width' '
	make_rv up &&
	git clone -q up base &&
	sed -i "s/target_ulong mtval2;/uint64_t mtval2;/" up/target/riscv/cpu.h &&
	sed -i "s/VMSTATE_UINTTL(env.mtval2, RISCVCPU)/VMSTATE_UINT64(env.mtval2, RISCVCPU)/" \
		up/target/riscv/machine.c &&
	git -C up commit -q -a -m "target/riscv: mtval2 is 64-bit everywhere" &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	test_exit 1 "$VG" -C base review "$PWD/s.mbox" >out &&
	grep "^patch 1/1: target/riscv/machine.c:[0-9]*: cpu/env.mtval2: ERROR: .*4 bytes to 8 bytes.*(when target_ulong is 32 bits: the target is built at both widths) \[field-size-changed\]" out &&
	test "$(grep -c ERROR out)" = 1 &&
	! grep "64 bits" out &&
	test_exit 1 "$VG" -C base review -q --terse --no-summary --mailback - <s.mbox >cp &&
	grep "^target/riscv/machine.c:[0-9]*: ERROR: cpu/env.mtval2: .*32 bits" cp
'

test_expect_success 'a change the same at both widths is reported once, without a width' '
	rm -rf up base &&
	make_rv up &&
	git clone -q up base &&
	sed -i "/VMSTATE_UINT64(env.mstatus, RISCVCPU),/d" up/target/riscv/machine.c &&
	git -C up commit -q -a -m "target/riscv: drop mstatus" &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	test_exit 1 "$VG" -C base review "$PWD/s.mbox" >out &&
	test "$(grep -c "cpu/env.mstatus: ERROR: .*\[field-removed\]" out)" = 1 &&
	! grep "bits: the target" out
'

test_expect_success 'UINTTL kept: clean at both widths' '
	rm -rf up base &&
	make_rv up &&
	git clone -q up base &&
	sed -i "s/uint64_t mstatus;/uint64_t mstatus;   \/* machine status *\//" up/target/riscv/cpu.h &&
	git -C up commit -q -a -m "target/riscv: comment mstatus" &&
	git -C up format-patch -q --stdout HEAD~1 >s.mbox &&
	"$VG" -C base review "$PWD/s.mbox" >out &&
	grep "0 errors, 0 warnings" out
'

test_done
