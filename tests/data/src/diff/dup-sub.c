/*
 * A made-up CPU in QEMU's style whose subsection list has two entries
 * with the same .name (a copy-paste slip QEMU has shipped): the k-th of
 * a name must pair with the k-th.
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
    .name = "bar-cpu/tlb",
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
