/*
 * split-v1.c split in two files: the core (here) and the PCI wrapper
 * (zap-pci.c), which keeps the section .name.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

const VMStateDescription vmstate_zap_core = {
    .name = "zap-core",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, ZapState),
        VMSTATE_UINT64(base, ZapState),
        VMSTATE_UINT32(extra, ZapState),
        VMSTATE_END_OF_LIST()
    }
};
