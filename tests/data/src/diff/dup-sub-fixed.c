/*
 * dup-sub.c with the copy-paste slip fixed: the second subsection gets
 * a .name of its own. The name is on the wire, so this is one rename,
 * reported once.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

static bool tlb_small_needed(void *opaque)
{
    return true;
}

static bool tlb_big_needed(void *opaque)
{
    return false;
}

static const VMStateDescription vmstate_tlb_small = {
    .name = "bar-cpu/tlb",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = tlb_small_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(env.tlb_small.prot, BarCPU),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_tlb_big = {
    .name = "bar-cpu/tlb-big",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = tlb_big_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(env.tlb_big.rpn, BarCPU),
        VMSTATE_UINT32(env.tlb_big.attr, BarCPU),
        VMSTATE_END_OF_LIST()
    }
};

const VMStateDescription vmstate_bar_cpu = {
    .name = "bar-cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(env.pc, BarCPU),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_tlb_small,
        &vmstate_tlb_big,
        NULL
    }
};
