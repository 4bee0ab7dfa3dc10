/*
 * A made-up SCSI controller in QEMU's style: the core state is an exported
 * description, embedded by the sysbus device of this file (and, in a real
 * tree, by a PCI variant elsewhere); its .version_id is also read in C.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

static bool baz_dma_needed(void *opaque)
{
    return true;
}

static const VMStateDescription vmstate_baz_dma = {
    .name = "baz/dma",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = baz_dma_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(dma_left, BazState),
        VMSTATE_END_OF_LIST()
    }
};

static int baz_pre_save(void *opaque)
{
    BazState *s = opaque;

    s->mig_version_id = vmstate_baz.version_id;
    return 0;
}

const VMStateDescription vmstate_baz = {
    .name = "baz",
    .version_id = 3,
    .minimum_version_id = 1,
    .pre_save = baz_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(mig_version_id, BazState),
        VMSTATE_UINT32(status, BazState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_baz_dma,
        NULL
    }
};

static const VMStateDescription vmstate_sysbus_baz = {
    .name = "sysbus-baz",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(baz, SysBusBazState, 0, vmstate_baz, BazState),
        VMSTATE_END_OF_LIST()
    }
};

static void sysbus_baz_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_sysbus_baz;
}
