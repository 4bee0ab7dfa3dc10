/*
 * split-v1.c split: the PCI parts in a wrapper that keeps the section's
 * .name, the device's own state in a nested core description (renamed,
 * and its C variable).
 */
#include "qemu/osdep.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/msix.h"
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

static const VMStateDescription vmstate_zap_pci = {
    .name = "zap",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ZapPCIState),
        VMSTATE_MSIX(parent_obj, ZapPCIState),
        VMSTATE_STRUCT(zap, ZapPCIState, 0, vmstate_zap_core, ZapState),
        VMSTATE_END_OF_LIST()
    }
};

static void zap_pci_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_zap_pci;
}
