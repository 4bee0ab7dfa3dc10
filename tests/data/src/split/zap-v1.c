/*
 * A made-up PCI device in QEMU's style, one description; split-v2*.c
 * split it into a PCI wrapper and a nested core.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/msix.h"
#include "migration/vmstate.h"

static const VMStateDescription vmstate_zap = {
    .name = "zap",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ZapState),
        VMSTATE_MSIX(parent_obj, ZapState),
        VMSTATE_UINT32(ctrl, ZapState),
        VMSTATE_UINT64(base, ZapState),
        VMSTATE_UINT32_V(extra, ZapState, 2),
        VMSTATE_END_OF_LIST()
    }
};

static void zap_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_zap;
}
