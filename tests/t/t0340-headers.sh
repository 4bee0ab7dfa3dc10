#!/bin/sh
# vmstate-gate check: headers. Every version of a file is scanned with the
# headers it includes, resolved in its own tree (the file's directory,
# include/, the root, target/X/), so sizes, counts and versions defined
# in headers are numbers; a header change flags the files that use it,
# and only those.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gate.sh"

# add_target DIR ARCH: target/ARCH/machine.c sizing a table by ARCH_NB_TLB
# from target/ARCH/cpu.h (#include "cpu.h", as QEMU's targets do).
add_target() {
	mkdir -p "$1/target/$2"
	cat >"$1/target/$2/cpu.h" <<EOT
#ifndef TARGET_CPU_H
#define TARGET_CPU_H
#define CPU_NB_TLB 8
typedef struct CPUArchState {
    uint32_t pc;
    uint32_t tlb[CPU_NB_TLB];
} CPUArchState;
#endif
EOT
	cat >"$1/target/$2/machine.c" <<EOT
#include "qemu/osdep.h"
#include "cpu.h"
#include "migration/vmstate.h"

const VMStateDescription vmstate_$2_cpu = {
    .name = "cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(env.pc, ArchCPU),
        VMSTATE_UINT32_ARRAY(env.tlb, ArchCPU, CPU_NB_TLB),
        VMSTATE_END_OF_LIST()
    }
};
EOT
}

# A repository whose release has target/aaa and target/bbb.
make_target_repo() {
	git init -q "$1" &&
	cp -R "$DATA/qemu-mini/." "$1/" &&
	add_target "$1" aaa && add_target "$1" bbb &&
	git -C "$1" add . &&
	git -C "$1" commit -q -m "Update version for v1.0.0 release" &&
	git -C "$1" tag -a -m "v1.0.0" v1.0.0 &&
	echo 1.0.50 >"$1/VERSION" &&
	git -C "$1" commit -q -a -m "Open 1.1 development tree"
}

test_expect_success 'a size #define changed in a header flags the file that uses it, in bytes' '
	make_qemu_repo r &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 8/" r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: more registers" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: foo/regs: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

test_expect_success 'a header change that no VMState line uses flags nothing' '
	make_qemu_repo r &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 4\n#define FOO_IRQ_LINE 3/" r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: name the irq line" &&
	"$VG" -C r check HEAD >out &&
	grep "no VMState-relevant change" out
'

test_expect_success 'a header of the same name in another target does not pull a file in' '
	make_target_repo r &&
	sed -i "s/#define CPU_NB_TLB 8/#define CPU_NB_TLB 16/" r/target/bbb/cpu.h &&
	git -C r commit -q -a -m "target/bbb: more tlb entries" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "target/bbb/machine.c:[0-9]*: cpu/env.tlb: ERROR: .*32 bytes.*64 bytes" out &&
	! grep "target/aaa" out
'

test_expect_success 'a commit is flagged only for what it introduces, the parent judged with its own headers' '
	make_target_repo r &&
	sed -i "s/#define CPU_NB_TLB 8/#define CPU_NB_TLB 16/" r/target/aaa/cpu.h &&
	git -C r commit -q -a -m "target/aaa: more tlb entries" &&
	first=$(git -C r rev-parse --short=12 HEAD) &&
	sed -i "s/uint32_t pc;/uint32_t pc;\n    uint32_t CPU_NB_TLB_shadow;/" r/target/aaa/cpu.h &&
	sed -i "s/#define CPU_NB_TLB 16/#define CPU_NB_TLB (8 * 2)/" r/target/aaa/cpu.h &&
	git -C r commit -q -a -m "target/aaa: write the tlb size as a product" &&
	second=$(git -C r rev-parse --short=12 HEAD) &&
	test_exit 1 "$VG" -C r check v1.0.0..HEAD >out &&
	grep "^$first: target/aaa/machine.c:[0-9]*: .*\[field-size-changed\]" out &&
	! grep "^$second:" out &&
	"$VG" -C r check HEAD >out2 &&
	! grep ": ERROR: " out2
'

test_expect_success 'a count written as the header constant or as its value is the same' '
	make_qemu_repo r &&
	sed -i "s/VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS)/VMSTATE_UINT32_ARRAY(regs, FooState, 4)/" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: spell out the register count" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: \|: WARNING: " out
'

test_expect_success 'VMSTATE_BUFFER of a member of a state struct in a header has its size' '
	make_qemu_repo r &&
	sed -i "s/VMSTATE_UINT8_ARRAY(fifo, FooState, 16)/VMSTATE_BUFFER(fifo, FooState)/" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: the fifo as a buffer" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: \|: WARNING: " out &&
	sed -i "s/uint8_t fifo\[16\];/uint8_t fifo[32];/" r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: a deeper fifo" &&
	test_exit 1 "$VG" -C r check HEAD >out &&
	grep "foo/fifo/fifo: ERROR: .*16 bytes.*32 bytes" out
'

test_expect_success 'a #define moved to another header: each version reads its own tree' '
	make_qemu_repo r &&
	grep -v "FOO_NR_REGS 4" r/include/hw/misc/foo.h >foo.h &&
	sed "s/#include \"hw\/sysbus.h\"/#include \"hw\/sysbus.h\"\n#define FOO_NR_REGS 4/" foo.h \
		>r/include/hw/misc/foo-regs.h &&
	sed -i "s/HW_MISC_FOO_H/HW_MISC_FOO_REGS_H/" r/include/hw/misc/foo-regs.h &&
	git -C r rm -q include/hw/misc/foo.h &&
	sed -i "s|#include \"hw/misc/foo.h\"|#include \"hw/misc/foo-regs.h\"|" r/hw/misc/foo.c &&
	sed -i "s/VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS)/VMSTATE_UINT32_ARRAY(regs, FooState, 4)/" r/hw/misc/foo.c &&
	git -C r add -A &&
	git -C r commit -q -m "foo: rename the header, spell out the count" &&
	"$VG" -C r check HEAD >out &&
	! grep ": ERROR: \|: WARNING: " out
'

test_expect_success 'check --staged reads the staged header' '
	make_qemu_repo r &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 2/" r/include/hw/misc/foo.h &&
	git -C r add include/hw/misc/foo.h &&
	test_exit 1 "$VG" -C r check --staged >out &&
	grep "foo/regs: ERROR: .*16 bytes.*8 bytes" out
'

# fifo_by_define REPO VALUE: foo's fifo sized by FOO_FIFO_SIZE in foo.h and
# migrated as VMSTATE_BUFFER, which names the member, not the #define.
fifo_by_define() {
	sed -i -e "s/^#define FOO_NR_REGS 4/#define FOO_FIFO_SIZE $2\n&/" \
		-e "s/uint8_t fifo\[16\];/uint8_t fifo[FOO_FIFO_SIZE];/" "$1/include/hw/misc/foo.h" &&
	sed -i "s/VMSTATE_UINT8_ARRAY(fifo, FooState, 16)/VMSTATE_BUFFER(fifo, FooState)/" \
		"$1/hw/misc/foo.c" &&
	grep -q "VMSTATE_BUFFER(fifo, FooState)" "$1/hw/misc/foo.c"
}

test_expect_success 'a #define that sizes a struct member, changed alone, flags the field that migrates the member' '
	make_qemu_repo r &&
	fifo_by_define r 16 &&
	git -C r commit -q -a -m "foo: fifo size by name" &&
	sed -i "s/^#define FOO_FIFO_SIZE 16/#define FOO_FIFO_SIZE 32/" r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: a larger fifo" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~1 HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: .*fifo: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

test_expect_success 'sizes written with INT64_C() and integer casts are numbers (qemu/units.h style)' '
	make_qemu_repo r &&
	fifo_by_define r "(INT64_C(1) << 4)" &&
	git -C r commit -q -a -m "foo: fifo size by name" &&
	sed -i "s/^#define FOO_FIFO_SIZE .*/#define FOO_FIFO_SIZE ((uint32_t)16 * UINT64_C(1))/" \
		r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: the same size, written otherwise" &&
	test_exit 0 "$VG" -C r check -v --baseline HEAD~1 HEAD >out &&
	! grep "field-size-unknown" out &&
	sed -i "s/^#define FOO_FIFO_SIZE .*/#define FOO_FIFO_SIZE (INT64_C(1) << 5)/" \
		r/include/hw/misc/foo.h &&
	git -C r commit -q -a -m "foo: a larger fifo" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~2 HEAD >out &&
	grep "fifo: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

# regs_define_in REPO HEADER INCLUDER: FOO_NR_REGS moves to HEADER (in
# include/hw/core, another directory), which INCLUDER includes.
regs_define_in() {
	mkdir -p "$1/include/hw/core" &&
	printf "#ifndef FOO_DEFS_H\n#define FOO_DEFS_H\n#define FOO_NR_REGS 4\n#endif\n" \
		>"$1/include/hw/core/$2" &&
	sed -i "/^#define FOO_NR_REGS 4/d" "$1/include/hw/misc/foo.h" &&
	sed -i "s|^#include \"hw/sysbus.h\"|&\n#include \"hw/core/$2\"|" "$1/$3"
}

test_expect_success 'a #define two includes away: through the public header of the same name' '
	make_qemu_repo r &&
	regs_define_in r foo-defs.h include/hw/misc/foo.h &&
	git -C r add . && git -C r commit -q -m "foo: regs count in hw/core" &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 8/" r/include/hw/core/foo-defs.h &&
	git -C r commit -q -a -m "foo: more registers" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~1 HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: foo/regs: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

test_expect_success 'a #define two includes away: through a private header of its directory' '
	make_qemu_repo r &&
	printf "#include \"hw/sysbus.h\"\n" >r/hw/misc/foo-priv.h &&
	regs_define_in r foo-defs.h hw/misc/foo-priv.h &&
	sed -i "s|^#include \"hw/misc/foo.h\"|#include \"foo-priv.h\"\n&|" r/hw/misc/foo.c &&
	grep -q "foo-priv.h" r/hw/misc/foo.c &&
	git -C r add . && git -C r commit -q -m "foo: private header" &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 8/" r/include/hw/core/foo-defs.h &&
	git -C r commit -q -a -m "foo: more registers" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~1 HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: foo/regs: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

test_expect_success 'a header of a subdirectory is the file'"'"'s own: its includes are read' '
	make_qemu_repo r &&
	mkdir -p r/hw/misc/sub &&
	printf "#include \"hw/sysbus.h\"\n" >r/hw/misc/sub/foo-priv.h &&
	regs_define_in r foo-defs.h hw/misc/sub/foo-priv.h &&
	sed -i "s|^#include \"hw/misc/foo.h\"|#include \"sub/foo-priv.h\"\n&|" r/hw/misc/foo.c &&
	git -C r add . && git -C r commit -q -m "foo: private header" &&
	# the same count, written in the file: nothing changes on the wire
	sed -i "s/VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS)/VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS * 1)/" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: spell the count" &&
	test_exit 0 "$VG" -C r check -v --baseline HEAD~1 HEAD >out &&
	! grep "field-size-unknown" out &&
	sed -i "s/#define FOO_NR_REGS 4/#define FOO_NR_REGS 8/" r/include/hw/core/foo-defs.h &&
	sed -i "s/FOO_NR_REGS \* 1)/FOO_NR_REGS)/" r/hw/misc/foo.c &&
	git -C r commit -q -a -m "foo: more registers" &&
	test_exit 1 "$VG" -C r check --baseline HEAD~1 HEAD >out &&
	grep "hw/misc/foo.c:[0-9]*: foo/regs: ERROR: .*16 bytes.*32 bytes.*\[field-size-changed\]" out
'

test_done
