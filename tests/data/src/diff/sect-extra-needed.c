/*
 * sect-v1.c whose realize now registers a second section, sent when quux_dma_needed() says so.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"

#define TYPE_QUUX "quux"

static const VMStateDescription vmstate_quux_timer = {
    .name = "quux-timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(expire, QuuxTimer),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_quux = {
    .name = TYPE_QUUX,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, QuuxState),
        VMSTATE_STRUCT(timer, QuuxState, 0, vmstate_quux_timer, QuuxTimer),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_quux_dma = {
    .name = "quux-dma",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = quux_dma_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(dma_addr, QuuxState),
        VMSTATE_END_OF_LIST()
    }
};

static void quux_realize(DeviceState *dev, Error **errp)
{
    QuuxState *s = QUUX(dev);

    s->ctrl = 0;
    vmstate_register_any(NULL, &vmstate_quux_dma, s);
}

static void quux_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = quux_realize;
    dc->vmsd = &vmstate_quux;
}
